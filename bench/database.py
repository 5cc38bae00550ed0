"""
Creating, dropping and recognising benchmark databases, without Django.

A finished build leaves a one-row ``bench_dataset`` table saying how many
stories it holds; a database without it (or with another count) is rebuilt.
"""

import sqlite3
from pathlib import Path
from urllib.parse import unquote, urlsplit

MARKER_TABLE = "bench_dataset"


def is_postgresql(url):
    return urlsplit(url).scheme != "sqlite"


def _pg_params(url, dbname=None):
    parts = urlsplit(url)
    params = {
        "dbname": dbname or parts.path.lstrip("/"),
        "host": parts.hostname or "127.0.0.1",
        "port": parts.port or 5432,
        "user": unquote(parts.username or "postgres"),
    }
    if parts.password:
        params["password"] = unquote(parts.password)
    return params


def _sqlite_path(url):
    return Path(urlsplit(url).path)


def built_articles(url):
    """How many stories the finished benchmark database at ``url`` holds, or None if it is not one."""
    if is_postgresql(url):
        import psycopg2

        try:
            connection = psycopg2.connect(**_pg_params(url), connect_timeout=5)
        except psycopg2.OperationalError:
            return None
        try:
            with connection.cursor() as cursor:
                cursor.execute("SELECT to_regclass(%s)", [MARKER_TABLE])
                if cursor.fetchone()[0] is None:
                    return None
                cursor.execute(f"SELECT articles FROM {MARKER_TABLE}")  # noqa: S608
                row = cursor.fetchone()
        finally:
            connection.close()
        return row[0] if row else None
    path = _sqlite_path(url)
    if not path.exists():
        return None
    connection = sqlite3.connect(path)
    try:
        found = connection.execute("SELECT name FROM sqlite_master WHERE name = ?", [MARKER_TABLE]).fetchone()
        row = connection.execute(f"SELECT articles FROM {MARKER_TABLE}").fetchone() if found else None  # noqa: S608
    finally:
        connection.close()
    return row[0] if row else None


def recreate(url):
    """Drop the benchmark database at ``url`` if it exists and create it empty."""
    if is_postgresql(url):
        import psycopg2
        from psycopg2 import sql

        params = _pg_params(url)
        name = params["dbname"]
        if "_bench_" not in name:
            raise ValueError(f"Refusing to drop {name!r}: benchmark databases are named <name>_bench_<stories>.")
        connection = psycopg2.connect(**_pg_params(url, dbname="postgres"), connect_timeout=5)
        connection.autocommit = True
        try:
            with connection.cursor() as cursor:
                cursor.execute(sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name)))
                cursor.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
        finally:
            connection.close()
        return
    path = _sqlite_path(url)
    path.parent.mkdir(parents=True, exist_ok=True)
    for leftover in (path, Path(f"{path}-wal"), Path(f"{path}-shm")):
        leftover.unlink(missing_ok=True)
