"""
The site over HTTP: gunicorn serving the benchmark database, and wrk loading it.

``serve`` starts gunicorn (2 workers, ``newsroom.wsgi``) on a free port of
127.0.0.1 and stops it afterwards; ``wrk`` runs Debian's wrk against one
address or a list of addresses (through a generated Lua script that also
counts responses by status class, and by their ``X-Page-Cache`` header: hit,
miss, or none for pages the cache does not store) and parses its report.
"""

import contextlib
import json
import re
import socket
import subprocess
import tempfile
import time
import urllib.error
import urllib.request
from pathlib import Path

from .config import PYTHON, ROOT, VAR

WORKERS = 2
CONNECTIONS = 4
THREADS = 2

# wrk keeps one Lua state per thread: each walks the address list from its own offset
# and counts the answers by status class and page-cache header; ``done`` adds the threads'
# counts up. (wrk reads the headers of every answer once ``response`` is defined: counting
# them is one table lookup more, and the run makes no request of its own to sample them.)
LUA_TEMPLATE = """
local paths = {paths}
local threads = {{}}

function setup(thread)
  thread:set("id", #threads)
  table.insert(threads, thread)
end

function init(args)
  counter = id * math.floor(#paths / {threads})
  s2, s3, s4, s5 = 0, 0, 0, 0
  hit, miss, none = 0, 0, 0
end

function request()
  counter = counter + 1
  return wrk.format("GET", paths[(counter % #paths) + 1])
end

function response(status, headers, body)
  if status >= 500 then s5 = s5 + 1
  elseif status >= 400 then s4 = s4 + 1
  elseif status >= 300 then s3 = s3 + 1
  else s2 = s2 + 1 end
  local cache = headers["X-Page-Cache"]
  if cache == "hit" then hit = hit + 1
  elseif cache == "miss" then miss = miss + 1
  else none = none + 1 end
end

function done(summary, latency, requests)
  local t = {{0, 0, 0, 0, 0, 0, 0}}
  for _, thread in ipairs(threads) do
    t[1] = t[1] + thread:get("s2")
    t[2] = t[2] + thread:get("s3")
    t[3] = t[3] + thread:get("s4")
    t[4] = t[4] + thread:get("s5")
    t[5] = t[5] + thread:get("hit")
    t[6] = t[6] + thread:get("miss")
    t[7] = t[7] + thread:get("none")
  end
  io.write(string.format('BENCH {{"2xx": %d, "3xx": %d, "4xx": %d, "5xx": %d}}\\n', t[1], t[2], t[3], t[4]))
  io.write(string.format('PAGE_CACHE {{"hit": %d, "miss": %d, "none": %d}}\\n', t[5], t[6], t[7]))
end
"""


def free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@contextlib.contextmanager
def serve(env, settings_module="newsroom.settings"):
    """Gunicorn serving the site (or the ceiling view) until the block ends; yields its base URL."""
    port = free_port()
    log = (VAR / f"gunicorn-{port}.log").open("w")
    command = [
        str(Path(PYTHON).parent / "gunicorn"),
        "newsroom.wsgi:application",
        f"--workers={WORKERS}",
        f"--bind=127.0.0.1:{port}",
        "--log-level=warning",
        f"--chdir={ROOT}",
    ]
    server = subprocess.Popen(
        command, env={**env, "DJANGO_SETTINGS_MODULE": settings_module}, stdout=log, stderr=subprocess.STDOUT
    )
    base_url = f"http://127.0.0.1:{port}"
    try:
        wait_until_up(base_url, server, f"gunicorn (see {VAR}/gunicorn-*.log)")
        yield base_url
    finally:
        stop(server)
        log.close()


def wait_until_up(base_url, server, name, path="/", timeout=60):
    """Wait until ``server`` (a process, ``name`` in errors) answers at ``base_url + path``, any status."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise RuntimeError(f"{name} stopped at start (exit {server.returncode})")
        try:
            urllib.request.urlopen(base_url + path, timeout=5).close()
            return
        except urllib.error.HTTPError:
            return
        except OSError:
            time.sleep(0.2)
    raise RuntimeError(f"{name} did not answer on {base_url} within {timeout} s")


def stop(server, timeout=15):
    """Stop a server process: asked first, killed if it does not go within ``timeout`` seconds."""
    server.terminate()
    try:
        server.wait(timeout=timeout)
    except subprocess.TimeoutExpired:
        server.kill()
        server.wait()


def warm_up(base_url, paths):
    """One request per address, so workers have loaded their code and filled their caches."""
    for path in paths:
        with contextlib.suppress(urllib.error.HTTPError):
            urllib.request.urlopen(base_url + path, timeout=30).close()


def lua_script(paths):
    """A wrk script walking ``paths``; returns the file's path."""
    listing = "{" + ", ".join(json.dumps(path) for path in paths) + "}"
    with tempfile.NamedTemporaryFile("w", suffix=".lua", dir=VAR, delete=False) as handle:
        handle.write(LUA_TEMPLATE.format(paths=listing, threads=THREADS))
    return handle.name


def wrk(base_url, paths, seconds=10, connections=CONNECTIONS):
    """Load ``base_url`` with wrk over ``paths`` for ``seconds``; requests/s, latency and statuses."""
    script = lua_script(paths)
    try:
        completed = subprocess.run(
            [
                "wrk",
                f"-t{THREADS}",
                f"-c{connections}",
                f"-d{seconds}s",
                f"--timeout={max(10, seconds)}s",
                "--latency",
                "-s",
                script,
                base_url,
            ],
            capture_output=True,
            text=True,
            timeout=seconds + 60,
            check=True,
        )
    finally:
        Path(script).unlink(missing_ok=True)
    return parse_wrk(completed.stdout) | {"seconds": seconds, "connections": connections, "addresses": len(paths)}


_UNITS = {"us": 0.001, "ms": 1.0, "s": 1000.0, "m": 60_000.0}


def _ms(value, unit):
    return round(float(value) * _UNITS[unit], 2)


def parse_wrk(output):
    """The figures of a wrk report: requests, requests/s, latency percentiles (ms), statuses, socket errors."""
    figures = {
        "requests": int(re.search(r"(\d+) requests in", output).group(1)),
        "requests_per_second": float(re.search(r"Requests/sec:\s+([\d.]+)", output).group(1)),
        "latency_ms": {
            f"p{percent}": _ms(value, unit)
            for percent, value, unit in re.findall(r"^\s+(50|75|90|99)%\s+([\d.]+)(us|ms|s|m)\s*$", output, re.M)
        },
        "socket_errors": 0,
    }
    errors = re.search(r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", output)
    if errors:
        figures["socket_errors"] = sum(int(count) for count in errors.groups())
    statuses = re.search(r"^BENCH (\{.*\})$", output, re.M)
    if statuses:
        figures["statuses"] = json.loads(statuses.group(1))
    page_cache = re.search(r"^PAGE_CACHE (\{.*\})$", output, re.M)
    if page_cache:
        figures["page_cache"] = json.loads(page_cache.group(1))
    return figures


def hit_ratio(page_cache):
    """
    Hits among the answers the page cache decided on (hit or miss), or None when it decided on none.

    Answers without the header (search, never stored; redirects and errors; a run with the cache off)
    are left out: they say nothing of how well the cache keeps what it may keep.
    """
    decided = (page_cache or {}).get("hit", 0) + (page_cache or {}).get("miss", 0)
    return page_cache["hit"] / decided if decided else None


# An unrecorded wrk run before each cached series: the figures then compare steady states.
WARM_UP_SECONDS = 3
# The bare view measured again right before each of the reader's series: a shared machine's speed
# drifts over minutes, and a share is only fair against a reference taken at the same time.
BESIDE_SECONDS = 5


def throughput(env, pools, seconds=10):
    """
    Requests per second for the reader's pages, the ceiling and the bare view, in one sitting.

    With the page cache as configured: the story cached and uncached (a different story per request,
    its page parts kept; and drawn anew), home and an author page (one address each, so cached), and
    search (never stored); the content API's story cached, kept and drawn, and a list page of fifty
    cached. With the page cache off (``PAGE_CACHE_SECONDS=0``): home and authors, a different author per
    request, and the API's list pages of fifty, a different one per request. Then the site's middleware
    around a constant (the ceiling) and ``startproject``'s around one (the bare view). The bare view is
    served throughout and measured for ``BESIDE_SECONDS`` right before each of the others (``bare_beside``,
    by series).
    """
    article, author = pools["articles"][0], pools["authors"][0]
    results, beside = {}, {}
    with serve(env, settings_module="bench.bare_settings") as bare_url:
        warm_up(bare_url, ["/"] * 10)

        def measure(name, base_url, paths, **kwargs):
            beside[name] = wrk(bare_url, ["/"], BESIDE_SECONDS)["requests_per_second"]
            results[name] = wrk(base_url, paths, **kwargs)

        with serve(env) as base_url:
            # Both workers answer a few times first: code loaded, connections open, pages cached; then a
            # short unrecorded run, as the ceiling gets, so the two cached series start from the same state.
            warm_up(base_url, [article, "/", author] * 10)
            wrk(base_url, [article], WARM_UP_SECONDS)
            measure("article_cached", base_url, [article], seconds=seconds)
            # A different story per request: every one a cache miss, as long as the addresses last; first
            # stories whose page parts are kept (as publishing keeps them), then stories drawn anew.
            measure("article_uncached", base_url, pools["articles"][1:], seconds=seconds)
            measure("article_drawn", base_url, pools["fresh_articles"], seconds=seconds)
            measure("home", base_url, ["/"], seconds=seconds)
            measure("author", base_url, [author], seconds=seconds)
            measure("search", base_url, pools["searches"], seconds=seconds)
            # The content API beside the pages: a story cached, kept (a different one per request) and
            # drawn anew, and a list page of fifty cached.
            api_story = pools["api_stories"][0]
            warm_up(base_url, [api_story, pools["api_lists"][0]] * 10)
            measure("api_story_cached", base_url, [api_story], seconds=seconds)
            measure("api_story_uncached", base_url, pools["api_stories"][1:], seconds=seconds)
            measure("api_story_drawn", base_url, pools["fresh_api_stories"], seconds=seconds)
            measure("api_list_cached", base_url, [pools["api_lists"][0]], seconds=seconds)
        with serve({**env, "PAGE_CACHE_SECONDS": "0"}) as base_url:
            warm_up(base_url, ["/", *pools["authors"][:10], *pools["api_lists"][:10]])
            measure("home_uncached", base_url, ["/"], seconds=seconds)
            measure("author_uncached", base_url, pools["authors"], seconds=seconds)
            measure("api_list_uncached", base_url, pools["api_lists"], seconds=seconds)
        with serve(env, settings_module="bench.ceiling_settings") as base_url:
            warm_up(base_url, ["/"] * 10)
            wrk(base_url, ["/"], WARM_UP_SECONDS)
            measure("ceiling", base_url, ["/"], seconds=seconds)
        wrk(bare_url, ["/"], WARM_UP_SECONDS)
        results["bare"] = wrk(bare_url, ["/"], seconds)
    results["bare"]["beside"] = beside
    return results
