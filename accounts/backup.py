"""Backing up and restoring the whole database (PostgreSQL with pg_dump, SQLite online)."""

import os
import shutil
import sqlite3
import subprocess
from pathlib import Path

from django.db import connection
from django.utils.translation import gettext as _


class BackupError(Exception):
    pass


def _pg_env(settings_dict) -> dict:
    env = os.environ.copy()
    if settings_dict.get("PASSWORD"):
        env["PGPASSWORD"] = str(settings_dict["PASSWORD"])
    return env


def _pg_args(settings_dict) -> list[str]:
    args = []
    for option, key in (("--host", "HOST"), ("--port", "PORT"), ("--username", "USER")):
        if settings_dict.get(key):
            args += [option, str(settings_dict[key])]
    return args + ["--dbname", settings_dict["NAME"]]


def _run(command: list[str], env: dict) -> None:
    if shutil.which(command[0]) is None:
        raise BackupError(
            _("找不到 %(command)s 命令，请安装 PostgreSQL 客户端。") % {"command": command[0]}
        )
    result = subprocess.run(command, env=env, capture_output=True, text=True, check=False)  # noqa: S603
    if result.returncode != 0:
        raise BackupError(
            _("%(command)s 失败：%(error)s")
            % {"command": command[0], "error": result.stderr.strip()[:500]}
        )


def backup_database(target: Path) -> Path:
    """Write a consistent copy of the database to target and return it."""
    settings_dict = connection.settings_dict
    target.parent.mkdir(parents=True, exist_ok=True)
    if connection.vendor == "postgresql":
        _run(["pg_dump", "--format=custom", "--no-owner", "--file", str(target),
              *_pg_args(settings_dict)], _pg_env(settings_dict))  # fmt: skip
    elif connection.vendor == "sqlite":
        connection.ensure_connection()
        with sqlite3.connect(target) as destination:
            connection.connection.backup(destination)
        destination.close()
    else:
        raise BackupError(_("不支持的数据库类型：%(vendor)s") % {"vendor": connection.vendor})
    return target


def restore_database(source: Path) -> None:
    """Replace the database's content with the backup in source."""
    if not source.is_file():
        raise BackupError(_("备份文件不存在：%(file)s") % {"file": source})
    settings_dict = connection.settings_dict
    if connection.vendor == "postgresql":
        connection.close()
        _run(["pg_restore", "--clean", "--if-exists", "--no-owner", "--single-transaction",
              *_pg_args(settings_dict), str(source)], _pg_env(settings_dict))  # fmt: skip
    elif connection.vendor == "sqlite":
        connection.ensure_connection()
        with sqlite3.connect(source) as origin:
            origin.backup(connection.connection)
        origin.close()
    else:
        raise BackupError(_("不支持的数据库类型：%(vendor)s") % {"vendor": connection.vendor})
