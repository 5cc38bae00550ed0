"""
The task queue's real worker, ``manage.py db_worker``, run in a process of its own against the test database.

A test that uses it commits its rows (``transactional_db``), so another process can read them. PostgreSQL's
test database is a database like any other: the worker connects to it by name. SQLite's test database lives
in this process's memory, where no other process can reach it, so the worker runs on a copy written to a
file, and the database it leaves is copied back into memory.
"""

import sqlite3
import subprocess
import sys
from urllib.parse import quote

from django.db import connection

from tests.environment import ROOT, clean_env

QUEUE_SETTINGS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}


def run_worker(tmp_path, media_root, timeout=120):
    """
    Start ``manage.py db_worker --batch``: it runs every task the queue holds, then stops. Returns what it
    printed (its log, and the emails it sent on the console backend); fails the test if it failed.
    """
    if connection.vendor == "sqlite":
        connection.ensure_connection()
        copy = tmp_path / "worker.sqlite3"
        with sqlite3.connect(copy) as target:
            connection.connection.backup(target)
        database_url = f"sqlite:///{copy}"
    else:
        database = connection.settings_dict
        login = quote(database["USER"] or "") + (f":{quote(database['PASSWORD'])}" if database["PASSWORD"] else "")
        database_url = f"postgres://{login}@{database['HOST']}:{database['PORT'] or 5432}/{database['NAME']}"
    env = clean_env(
        DJANGO_SETTINGS_MODULE="tests.settings",
        DATABASE_URL=database_url,
        MEDIA_ROOT=str(media_root),
        VAR_DIR=str(tmp_path / "worker-var"),
        TASKS_BACKEND="database",
    )
    command = [sys.executable, "manage.py", "db_worker", "--batch", "--no-startup-delay", "--no-reload"]
    result = subprocess.run(command, cwd=ROOT, env=env, capture_output=True, text=True, timeout=timeout, check=False)
    output = result.stdout + result.stderr
    assert result.returncode == 0, output
    if connection.vendor == "sqlite":
        with sqlite3.connect(copy) as source:
            source.backup(connection.connection)
    return output
