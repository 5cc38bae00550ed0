"""
Stand-ins for the purge APIs of Fastly and Cloudflare, which cannot be reached from here: a small HTTP
server on the loopback that records every call and answers as the real API does, or refuses a call
whose method, address, headers or JSON body differ from the API's documented shape.
"""

import contextlib
import http.server
import json
import threading
from dataclasses import dataclass, field

SERVICE, ZONE, TOKEN = "SU1Z0isxPaozGVKXdv0eY", "023e105f4ecef8ad9ca31a8372d0c353", "purge-token-0123456789"


@dataclass
class Call:
    method: str
    path: str
    headers: dict
    body: object
    status: int


@dataclass
class PurgeAPI:
    """What the stand-in was asked, and how it answers: ``failures`` first answers 503 that many times."""

    kind: str
    url: str = ""
    failures: int = 0
    calls: list = field(default_factory=list)

    @property
    def purged(self):
        """Every key the accepted calls purged."""
        name = "surrogate_keys" if self.kind == "fastly" else "tags"
        return {key for call in self.calls if call.status == 200 for key in call.body[name]}


def _fastly(api, method, path, headers, body):
    """``POST /service/{service_id}/purge``, ``Fastly-Key``, ``{"surrogate_keys": [...]}`` (at most 256)."""
    keys = body.get("surrogate_keys") if isinstance(body, dict) else None
    if (
        not isinstance(body, dict)
        or method != "POST"
        or path != f"/service/{SERVICE}/purge"
        or headers.get("fastly-key") != TOKEN
        or set(body) != {"surrogate_keys"}
        or not isinstance(keys, list)
        or not 0 < len(keys) <= 256
        or not all(isinstance(key, str) and key and " " not in key for key in keys)
    ):
        return 400, {"msg": "Bad request"}
    return 200, {key: f"108-1391560174-974124-{number}" for number, key in enumerate(keys)}


def _cloudflare(api, method, path, headers, body):
    """``POST /zones/{zone_id}/purge_cache``, a bearer token, ``{"tags": [...]}`` (at most 100)."""
    tags = body.get("tags") if isinstance(body, dict) else None
    if (
        not isinstance(body, dict)
        or method != "POST"
        or path != f"/zones/{ZONE}/purge_cache"
        or headers.get("authorization") != f"Bearer {TOKEN}"
        or set(body) != {"tags"}
        or not isinstance(tags, list)
        or not 0 < len(tags) <= 100
        or not all(isinstance(tag, str) and tag and "," not in tag and " " not in tag for tag in tags)
    ):
        return 400, {"success": False, "errors": [{"code": 1012, "message": "Request must be valid"}], "result": None}
    return 200, {"success": True, "errors": [], "messages": [], "result": {"id": ZONE}}


ANSWERS = {"fastly": _fastly, "cloudflare": _cloudflare}


@contextlib.contextmanager
def purge_api(kind):
    """A stand-in for ``kind``'s purge API, serving on a free loopback port while the block runs."""
    api = PurgeAPI(kind)

    class Handler(http.server.BaseHTTPRequestHandler):
        def do_POST(self):
            length = int(self.headers.get("Content-Length") or 0)
            raw = self.rfile.read(length)
            try:
                body = json.loads(raw)
            except ValueError:
                body = None
            headers = {name.lower(): value for name, value in self.headers.items()}
            if api.failures:
                api.failures -= 1
                status, answer = 503, {"msg": "Service unavailable"}
            elif headers.get("content-type") != "application/json" or body is None:
                status, answer = 415, {"msg": "JSON expected"}
            else:
                status, answer = ANSWERS[kind](api, self.command, self.path, headers, body)
            api.calls.append(Call(self.command, self.path, headers, body, status))
            payload = json.dumps(answer).encode()
            self.send_response(status)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(payload)))
            self.end_headers()
            self.wfile.write(payload)

        do_GET = do_PUT = do_DELETE = do_POST

        def log_message(self, format, *args):
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    api.url = f"http://127.0.0.1:{server.server_address[1]}"
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield api
    finally:
        server.shutdown()
        server.server_close()
