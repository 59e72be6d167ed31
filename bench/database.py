"""The benchmark's database: PostgreSQL only, empty at the start, with a UTF-8 ctype.

``DATABASE_URL`` names it. A database that does not exist is created (UTF8, C.UTF-8
collation and ctype, from template0). An existing database is used only when it has no
tables; otherwise the run stops, unless ``BENCH_RESET=1`` says to drop and re-create it.
Nothing else on the server is touched.
"""

import os

import dj_database_url
import psycopg
from psycopg import sql


class BenchError(Exception):
    """A reason the benchmark cannot run, told to the user."""


def connection_kwargs(config: dict, dbname: str) -> dict:
    kwargs = {"dbname": dbname, "autocommit": True}
    for key, name in (("HOST", "host"), ("PORT", "port"), ("USER", "user")):
        if config.get(key):
            kwargs[name] = str(config[key])
    if config.get("PASSWORD"):
        kwargs["password"] = config["PASSWORD"]
    return kwargs


def prepare_database(url: str, *, reset: bool, reuse: bool = False) -> dict:
    """Make sure the database in url exists and is empty (or, reusing, exists); return
    facts about it."""
    if not url:
        raise BenchError(
            "DATABASE_URL is not set. The benchmark runs on PostgreSQL only, e.g.\n"
            "  DATABASE_URL=postgres://postgres@127.0.0.1:5432/tongxin_bench make bench"
        )
    config = dj_database_url.parse(url)
    if config["ENGINE"] != "django.db.backends.postgresql":
        raise BenchError(
            f"DATABASE_URL points at {config['ENGINE'].rsplit('.', 1)[-1]}; the benchmark "
            "measures PostgreSQL only (SQLite has no trigram or GIN indexes)."
        )
    name = config["NAME"]
    with psycopg.connect(**connection_kwargs(config, "postgres")) as server:
        exists = server.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone()
        created = not exists
        if exists:
            with psycopg.connect(**connection_kwargs(config, name)) as database:
                tables = database.execute(
                    "SELECT count(*) FROM pg_tables WHERE schemaname = 'public'"
                ).fetchone()[0]
            if reuse and not tables:
                raise BenchError(f"BENCH_REUSE=1, but database {name} is empty.")
            if tables and not reset and not reuse:
                raise BenchError(
                    f"Database {name} is not empty ({tables} tables). The benchmark starts "
                    "from an empty database: name a new one in DATABASE_URL, or set "
                    "BENCH_RESET=1 to drop and re-create this one."
                )
            if tables and not reuse:
                server.execute(
                    sql.SQL("DROP DATABASE {} WITH (FORCE)").format(sql.Identifier(name))
                )
                exists, created = None, True
        if not exists:
            if reuse:
                raise BenchError(f"BENCH_REUSE=1, but database {name} does not exist.")
            server.execute(
                sql.SQL(
                    "CREATE DATABASE {} TEMPLATE template0 ENCODING 'UTF8' "
                    "LC_COLLATE 'C.UTF-8' LC_CTYPE 'C.UTF-8'"
                ).format(sql.Identifier(name))
            )
        row = server.execute(
            "SELECT pg_encoding_to_char(encoding), datcollate, datctype, version() "
            "FROM pg_database WHERE datname = %s",
            [name],
        ).fetchone()
        settings = dict(
            server.execute(
                "SELECT name, current_setting(name) FROM pg_settings WHERE name IN "
                "('shared_buffers', 'work_mem', 'effective_cache_size', 'random_page_cost', "
                "'max_parallel_workers_per_gather', 'jit')"
            ).fetchall()
        )
    encoding, collate, ctype, version = row
    if encoding != "UTF8" or "utf" not in ctype.lower().replace("-", ""):
        raise BenchError(
            f"Database {name} has encoding {encoding} and ctype {ctype}; trigram search needs "
            "UTF8 with a UTF-8 ctype (e.g. C.UTF-8). Name a new database and the benchmark "
            "creates it so."
        )
    return {
        "name": name,
        "encoding": encoding,
        "collate": collate,
        "ctype": ctype,
        "server": version.split(" on ")[0],
        "settings": settings,
        "created_by_bench": created,
        "reset": bool(reset),
        "reused": bool(reuse),
    }


def reset_requested() -> bool:
    return os.environ.get("BENCH_RESET", "").strip().lower() in {"1", "true", "yes"}
