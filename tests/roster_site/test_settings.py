import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
PRODUCTION = {
    "DJANGO_DEBUG": "False",
    "DJANGO_SECRET_KEY": "pX7#kq2!vR9mZt4@Lw8nYc3$Hs6^Jd1&Fb5*Gv0(Qe-Ua=Io+Np~Xr;Tz",
    "DJANGO_ALLOWED_HOSTS": "roster.example.gov.cn",
}


def run_manage(*args, env_overrides):
    env = {k: v for k, v in os.environ.items() if not k.startswith("DJANGO_")}
    env.update(env_overrides)
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_deploy_check_is_clean_with_production_values():
    result = run_manage("check", "--deploy", "--fail-level", "WARNING", env_overrides=PRODUCTION)
    assert result.returncode == 0, result.stdout + result.stderr


def test_production_refuses_to_start_without_secret_key():
    env = {**PRODUCTION}
    del env["DJANGO_SECRET_KEY"]
    result = run_manage("check", env_overrides=env)
    assert result.returncode != 0
    assert "DJANGO_SECRET_KEY" in result.stderr


def test_production_refuses_the_development_key():
    env = {**PRODUCTION, "DJANGO_SECRET_KEY": "django-insecure-" + "x" * 60}
    result = run_manage("check", env_overrides=env)
    assert result.returncode != 0
    assert "DJANGO_SECRET_KEY" in result.stderr


def test_production_refuses_to_start_without_allowed_hosts():
    env = {**PRODUCTION}
    del env["DJANGO_ALLOWED_HOSTS"]
    result = run_manage("check", env_overrides=env)
    assert result.returncode != 0
    assert "DJANGO_ALLOWED_HOSTS" in result.stderr


def test_malformed_boolean_is_refused():
    result = run_manage("check", env_overrides={"DJANGO_DEBUG": "maybe"})
    assert result.returncode != 0
    assert "DJANGO_DEBUG" in result.stderr


def test_language_and_time_zone(settings):
    assert settings.LANGUAGE_CODE == "zh-hans"
    assert settings.TIME_ZONE == "Asia/Shanghai"
