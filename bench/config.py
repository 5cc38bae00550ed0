"""
Where the benchmark keeps its data, and the environment its processes run in.

Each phase runs in its own process with ``DATABASE_URL`` pointing at a
benchmark database: ``<name>_bench_<stories>`` next to the developer's
PostgreSQL database when ``DATABASE_URL`` is set, else a SQLite file under
``var/bench/``. The developer's own database is never opened.
"""

import os
import secrets
import sys
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

ROOT = Path(__file__).resolve().parent.parent
BENCH_DIR = ROOT / "bench"
VAR = ROOT / "var" / "bench"
PYTHON = sys.executable

DEFAULT_ARTICLES = 100_000
BASELINE_ARTICLES = 1_000


def env_int(name, default):
    value = os.environ.get(name, "").strip()
    return int(value) if value else default


def source_database_url():
    """The developer's ``DATABASE_URL``, if it names PostgreSQL; only its server and name are used."""
    url = os.environ.get("DATABASE_URL", "").strip()
    return url if urlsplit(url).scheme in {"postgres", "postgresql", "pgsql"} else ""


def scratch_database_url(suffix, sqlite_file):
    """
    A database of the benchmark's own: on the developer's PostgreSQL server, their database's name
    with ``_<suffix>``; else the SQLite file ``sqlite_file`` under ``VAR``.
    """
    source = source_database_url()
    if not source:
        return f"sqlite:///{VAR / sqlite_file}"
    parts = urlsplit(source)
    name = parts.path.lstrip("/") or "newsroom"
    return urlunsplit(parts._replace(path=f"/{name}_{suffix}"))


def bench_database_url(articles):
    """The benchmark database for ``articles`` stories: PostgreSQL beside the developer's, else SQLite."""
    return scratch_database_url(f"bench_{articles}", f"newsroom-{articles}.sqlite3")


_SECRET_KEY = secrets.token_urlsafe(50)


def django_env(database_url, **extra):
    """The environment of a benchmark process: production-like settings on the benchmark database."""
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "newsroom.settings",
        "DATABASE_URL": database_url,
        "DEBUG": "0",
        "SECRET_KEY": _SECRET_KEY,
        "ALLOWED_HOSTS": "127.0.0.1,testserver",
        "VAR_DIR": str(VAR),
        "MEDIA_ROOT": str(VAR / "uploads"),
        "STATIC_ROOT": str(VAR / "static"),
        "SERVE_UPLOADS": "0",
        "PYTHONPATH": str(ROOT),
        # The load comes from one address, which stands for a crowd of readers: the content API's limit
        # per address is counted as ever, and never reached.
        "API_ANONYMOUS_REQUESTS_PER_MINUTE": str(10**9),
    }
    env.update(extra)
    return env
