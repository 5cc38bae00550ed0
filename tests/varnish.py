"""Varnish for the tests: Debian's varnishd on a loopback port, with the repository's VCL in front of a live server."""

import contextlib
import re
import shutil
import socket
import subprocess
import tempfile
import time
import urllib.error
import urllib.request
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings

from tests.tools import require_tool

VCL = Path(settings.BASE_DIR) / "deploy" / "varnish" / "newsroom.vcl"


def free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@dataclass
class Answer:
    status: int
    headers: dict
    text: str

    @property
    def hit(self):
        return self.headers.get("x-cache") == "HIT"

    @property
    def age(self):
        return int(self.headers.get("age", "0"))


@dataclass
class Varnish:
    url: str

    def get(self, path):
        """What a reader gets from Varnish at ``path``."""
        return self.request(path)

    def request(self, path, method="GET", headers=None):
        request = urllib.request.Request(f"{self.url}{path}", headers=headers or {}, method=method)
        try:
            with urllib.request.urlopen(request, timeout=10) as response:
                return Answer(response.status, _lower(response.headers), response.read().decode())
        except urllib.error.HTTPError as error:
            return Answer(error.code, _lower(error.headers), error.read().decode())


def _lower(headers):
    return {name.lower(): value for name, value in headers.items()}


def vcl_for(backend_port):
    """The repository's VCL, its backend the live server's port (the one line an operator changes too)."""
    vcl, count = re.subn(r'(\.port = )"8000";', rf'\1"{backend_port}";', VCL.read_text())
    assert count == 1, "the VCL's backend port moved"
    return vcl


@contextlib.contextmanager
def varnish_in_front_of(backend_port):
    """Varnish serving on a free loopback port in front of ``backend_port``, until the block ends."""
    require_tool(
        shutil.which("varnishd"), "varnishd (Debian's varnish)", ".ci/run installs it: apt-get install varnish"
    )
    workdir = Path(tempfile.mkdtemp(prefix="newsroom-varnish-"))
    workdir.chmod(0o755)  # run as root, varnishd reads the VCL as its own user
    (workdir / "newsroom.vcl").write_text(vcl_for(backend_port))
    port = free_port()
    command = ["varnishd", "-F", "-n", str(workdir / "state"), "-a", f"127.0.0.1:{port}"]
    command += ["-f", str(workdir / "newsroom.vcl"), "-s", "malloc,32m", "-T", "none", "-p", "ban_lurker_sleep=0.1"]
    log = (workdir / "varnishd.log").open("w")
    process = subprocess.Popen(command, stdout=log, stderr=subprocess.STDOUT)
    varnish = Varnish(f"http://127.0.0.1:{port}")
    try:
        deadline, answer = time.monotonic() + 30, None
        while True:
            # Ready once it listens and the probe found the backend healthy.
            with contextlib.suppress(OSError):
                answer = varnish.get("/healthz")
                if answer.status == 200:
                    break
            if process.poll() is not None or time.monotonic() > deadline:
                log.flush()
                logged = (workdir / "varnishd.log").read_text()[-2000:]
                raise RuntimeError(f"varnishd did not start ({answer}): {logged}")
            time.sleep(0.1)
        yield varnish
    finally:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
        log.close()
        shutil.rmtree(workdir, ignore_errors=True)
