"""
A real streaming replica of the test database's PostgreSQL cluster: ``pg_basebackup -R`` of the running
cluster into a temporary folder, started on another loopback port as a hot standby, stopped and
removed at the end. Run as the ``postgres`` account when the tests run as root (PostgreSQL refuses root).
"""

import contextlib
import os
import shutil
import socket
import subprocess
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

import psycopg2
import pytest

from tests.tools import require_tool

# A cluster bigger than this (a benchmark's databases beside the tests') would take too long to copy.
LARGEST_CLUSTER = 8 * 1024**3
AT_LEAST_THE_PRIMARYS = (
    "max_connections",
    "max_worker_processes",
    "max_wal_senders",
    "max_prepared_transactions",
    "max_locks_per_transaction",
)


def free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def as_postgres():
    return ["runuser", "-u", "postgres", "--"] if os.geteuid() == 0 else []


@dataclass
class Replica:
    port: int
    primary: dict

    def connect(self, **params):
        return psycopg2.connect(host="127.0.0.1", port=self.port, user=self.primary["USER"], **params)

    def query(self, sql, *params):
        with contextlib.closing(self.connect(dbname="postgres")) as connection:
            connection.autocommit = True
            with connection.cursor() as cursor:
                cursor.execute(sql, params)
                return cursor.fetchone()[0]

    def catch_up(self, within=30):
        """Wait until the replica has replayed everything the primary has written so far."""
        with contextlib.closing(_primary_connection(self.primary)) as primary, primary.cursor() as cursor:
            cursor.execute("SELECT pg_current_wal_lsn()")
            written = cursor.fetchone()[0]
        deadline = time.monotonic() + within
        while not self.query("SELECT pg_last_wal_replay_lsn() >= %s::pg_lsn", written):
            if time.monotonic() > deadline:
                raise TimeoutError("the replica did not catch up")
            time.sleep(0.05)

    @contextlib.contextmanager
    def paused(self):
        """The replica stops replaying the primary's changes for the block: it is behind, as a busy one is."""
        self.query("SELECT pg_wal_replay_pause()::text")
        try:
            yield
        finally:
            self.query("SELECT pg_wal_replay_resume()::text")


def _primary_connection(primary):
    return psycopg2.connect(
        host=primary["HOST"] or "127.0.0.1", port=primary["PORT"] or 5432, user=primary["USER"], dbname="postgres"
    )


def _run(command, what, log=None):
    done = subprocess.run(command, capture_output=True, text=True, timeout=300, check=False)
    if done.returncode != 0:
        logged = log.read_text()[-2000:] if log is not None and log.exists() else ""
        raise RuntimeError(f"{what} failed: {done.stderr.strip()[-2000:]} {logged}")


def _binaries(version_num):
    """Where the server's own version of pg_basebackup and pg_ctl live (Debian keeps one folder a version)."""
    folder = Path(f"/usr/lib/postgresql/{version_num // 10000}/bin")
    if folder.is_dir():
        return folder
    found = shutil.which("pg_ctl")
    return Path(found).parent if found else None


@contextlib.contextmanager
def streaming_replica(primary):
    """A hot standby of the cluster that ``primary`` (a Django database's settings) lives on."""
    with contextlib.closing(_primary_connection(primary)) as connection, connection.cursor() as cursor:
        cursor.execute(
            "SELECT current_setting('wal_level'), current_setting('max_wal_senders')::int,"
            " current_setting('server_version_num')::int, (SELECT sum(pg_database_size(oid)) FROM pg_database),"
            " EXISTS (SELECT 1 FROM pg_hba_file_rules WHERE 'replication' = ANY(database) AND error IS NULL)"
        )
        wal_level, senders, version, size, replication_allowed = cursor.fetchone()
        # A hot standby needs at least the primary's room for connections, workers, locks and transactions.
        cursor.execute("SELECT name, setting FROM pg_settings WHERE name = ANY(%s)", [list(AT_LEAST_THE_PRIMARYS)])
        room = dict(cursor.fetchall())
    binaries = _binaries(version)
    require_tool(binaries and (binaries / "pg_basebackup").exists(), "pg_basebackup and pg_ctl")
    require_tool(wal_level in ("replica", "logical") and senders > 0, "WAL streaming (wal_level, max_wal_senders)")
    require_tool(replication_allowed, "a replication line in pg_hba.conf", ".ci/run adds one for 127.0.0.1 and reloads")
    workdir = Path(tempfile.mkdtemp(prefix="newsroom-replica-"))
    free = shutil.disk_usage(workdir).free
    if size > LARGEST_CLUSTER or size * 2 > free:
        shutil.rmtree(workdir)
        pytest.skip(f"the cluster holds {size // 1024**2} MB: too much to copy here ({free // 1024**2} MB free)")
    if os.geteuid() == 0:
        shutil.chown(workdir, "postgres", "postgres")
    data, port = workdir / "data", free_port()
    try:
        host, primary_port = primary["HOST"] or "127.0.0.1", str(primary["PORT"] or 5432)
        backup = [str(binaries / "pg_basebackup"), "-h", host, "-p", primary_port, "-U", primary["USER"]]
        backup += ["-D", str(data), "-R", "-X", "stream", "-c", "fast", "--no-sync"]
        _run(as_postgres() + backup, "pg_basebackup")
        settings = {
            "port": port,
            "listen_addresses": "'127.0.0.1'",
            "unix_socket_directories": f"'{workdir}'",
            "hot_standby": "on",
            "fsync": "off",
            **room,
            "hba_file": f"'{data / 'pg_hba.conf'}'",
            "ident_file": f"'{data / 'pg_ident.conf'}'",
        }
        # The copy's own configuration: the cluster's may live elsewhere (Debian keeps it under /etc).
        config = "".join(f"{name} = {value}\n" for name, value in settings.items())
        for name, text in {"postgresql.conf": config, "pg_hba.conf": "host all all 127.0.0.1/32 trust\n"}.items():
            (data / name).write_text(text)
        (data / "pg_ident.conf").touch()
        if os.geteuid() == 0:
            for name in ("postgresql.conf", "pg_hba.conf", "pg_ident.conf"):
                shutil.chown(data / name, "postgres", "postgres")
        log = workdir / "replica.log"
        start = [str(binaries / "pg_ctl"), "-D", str(data), "-l", str(log), "-w", "-t", "60", "start"]
        _run(as_postgres() + start, "starting the replica", log)
        replica = Replica(port, primary)
        assert replica.query("SELECT pg_is_in_recovery()")
        replica.catch_up()
        yield replica
    finally:
        if (data / "postmaster.pid").exists():
            stop = [str(binaries / "pg_ctl"), "-D", str(data), "-m", "immediate", "-w", "stop"]
            subprocess.run(as_postgres() + stop, capture_output=True, timeout=60, check=False)
        shutil.rmtree(workdir, ignore_errors=True)
