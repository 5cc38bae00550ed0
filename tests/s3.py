"""
A live S3-compatible server for the object storage tests: moto's standalone server (``moto_server``, from
requirements-dev.txt), started once per test process on a free loopback port, spoken to over HTTP by boto3
as production speaks to its bucket, and stopped when the session ends.
"""

import contextlib
import json
import shutil
import socket
import subprocess
import sys
import time
import uuid
from pathlib import Path

import pytest

from tests.environment import ROOT, clean_env
from tests.tools import require_tool

CREDENTIALS = {"aws_access_key_id": "newsroom-tests", "aws_secret_access_key": "newsroom-tests-secret"}
REGION = "us-east-1"


class ObjectStore:
    """The running server: its address, a boto3 client for it, and a new empty bucket on demand."""

    def __init__(self, endpoint):
        self.endpoint = endpoint

    def client(self):
        import boto3

        return boto3.client("s3", endpoint_url=self.endpoint, region_name=REGION, **CREDENTIALS)

    def new_bucket(self):
        name = f"newsroom-{uuid.uuid4().hex[:12]}"
        self.client().create_bucket(Bucket=name)
        return name

    def names(self, bucket, prefix=""):
        """The keys stored in ``bucket`` under ``prefix``, sorted."""
        listing = self.client().list_objects_v2(Bucket=bucket, Prefix=prefix)
        return sorted(entry["Key"] for entry in listing.get("Contents", ()))


PRINT_STORAGE_SETTINGS = """
import json
from django.conf import settings
print(json.dumps({
    "default_storage": settings.STORAGES["default"],
    "content_security_policy": settings.CONTENT_SECURITY_POLICY,
    "serve_uploads": settings.SERVE_UPLOADS,
}))
"""


def production_settings(endpoint, bucket, tmp_path, **environment):
    """
    What ``newsroom.settings`` makes of a bucket named in the environment, read in a subprocess as production
    starts: the default storage, the Content-Security-Policy and whether the app serves uploads.
    """
    env = clean_env(
        VAR_DIR=str(tmp_path / "var"),
        SECRET_KEY="s3-tests-key-" + "x" * 50,
        AWS_STORAGE_BUCKET_NAME=bucket,
        AWS_S3_ENDPOINT_URL=endpoint,
        **environment,
    )
    result = subprocess.run(
        [sys.executable, "-c", PRINT_STORAGE_SETTINGS], cwd=ROOT, env=env, capture_output=True, text=True, check=False
    )
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


def _free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _answers(port):
    with contextlib.suppress(OSError), socket.create_connection(("127.0.0.1", port), timeout=0.2):
        return True
    return False


@pytest.fixture(scope="session")
def object_store():
    """moto's S3-compatible server on 127.0.0.1 (skipped with the reason, or failed on CI, without moto)."""
    server = shutil.which("moto_server", path=str(Path(sys.executable).parent)) or shutil.which("moto_server")
    require_tool(server is not None, "moto's S3-compatible server (moto_server, moto[server] in requirements-dev.txt)")
    port = _free_port()
    process = subprocess.Popen(
        [server, "-H", "127.0.0.1", "-p", str(port)], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
    )
    try:
        deadline = time.monotonic() + 30
        while not _answers(port):
            if process.poll() is not None or time.monotonic() > deadline:
                pytest.fail(f"moto_server did not start on 127.0.0.1:{port}")
            time.sleep(0.1)
        yield ObjectStore(f"http://127.0.0.1:{port}")
    finally:
        process.terminate()
        process.wait(timeout=10)
