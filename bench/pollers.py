"""
The live run's traffic, in one process with Django set up: readers with a live story open, polling as
its page's script does, and an editor posting updates through the newsroom's own service.

Each reader loads the story page once, takes the moment it polls from (``data-since``), then asks every
``POLL_SECONDS`` from a random start, moving on to the moment each answer gives, and notes when it
first sees each update. The load is bounded: the readers share ``CONNECTIONS`` kept-alive connections,
so a slow server makes readers wait for a connection rather than pile up more of them, and the run
stops by itself. The editor posts one update every ``POST_EVERY_SECONDS`` from a thread of its own and
notes when each was committed: the difference is each update's delay to each reader.
"""

import asyncio
import json
import random
import re
import threading
import time
from urllib.parse import urlsplit

READERS = 500
POLL_SECONDS = 15.0
CONNECTIONS = 64
POST_EVERY_SECONDS = 5.0
# Readers go on polling after the last update, long enough for it to reach them all.
TAIL_SECONDS = 25.0
TIMEOUT_SECONDS = 10.0


async def _get(pool, path, host):
    """GET ``path`` on a pooled connection: ``(status, headers, body)``; a broken connection is opened anew."""
    reader, writer = await pool.get()
    try:
        writer.write(f"GET {path} HTTP/1.1\r\nHost: {host}\r\nAccept: application/json\r\n\r\n".encode())
        await writer.drain()
        status_line = await reader.readline()
        status = int(status_line.split()[1])
        headers = {}
        while (line := await reader.readline()) not in (b"\r\n", b""):
            name, _, value = line.decode("latin-1").partition(":")
            headers[name.strip().lower()] = value.strip()
        if headers.get("transfer-encoding") == "chunked":
            body = b""
            while size := int((await reader.readline()).strip(), 16):
                body += (await reader.readexactly(size + 2))[:-2]
            await reader.readline()
        else:
            body = await reader.readexactly(int(headers.get("content-length", 0)))
        pool.put_nowait((reader, writer))
        return status, headers, body
    except (OSError, ValueError, IndexError, asyncio.IncompleteReadError):
        writer.close()
        pool.put_nowait(await _connect(host))
        raise


async def _connect(host):
    name, port = host.split(":")
    return await asyncio.open_connection(name, int(port))


class Tally:
    """What the readers got: each poll's status, latency and CDN answer, and when each update reached each reader."""

    def __init__(self):
        self.polls, self.pages, self.failures = [], [], 0
        self.seen = {}  # (reader, update id) -> time first seen

    def poll(self, status, seconds, headers):
        self.polls.append({"status": status, "seconds": seconds, "cdn": headers.get("x-cdn-cache", "")})


async def _reader(number, pool, host, story_path, stop_at, tally, rng):
    await asyncio.sleep(rng.uniform(0, POLL_SECONDS))
    started = time.perf_counter()
    status, _headers, page = await asyncio.wait_for(_get(pool, story_path, host), TIMEOUT_SECONDS)
    tally.pages.append({"status": status, "seconds": time.perf_counter() - started})
    found = re.search(rb'data-poll="([^"]+)" data-since="(\d+)"', page)
    poll_path, since = found.group(1).decode(), int(found.group(2))
    while time.time() < stop_at:
        started = time.perf_counter()
        try:
            status, headers, body = await asyncio.wait_for(
                _get(pool, f"{poll_path}?since={since}", host), TIMEOUT_SECONDS
            )
        except (TimeoutError, OSError, ValueError, IndexError, asyncio.IncompleteReadError):
            tally.failures += 1
        else:
            tally.poll(status, time.perf_counter() - started, headers)
            if status == 200:
                answer, now = json.loads(body), time.time()
                since = answer["since"]
                for update in answer["updates"]:
                    tally.seen.setdefault((number, update["id"]), now)
        await asyncio.sleep(max(0.0, POLL_SECONDS - (time.perf_counter() - started)))


async def _readers(base_url, story_path, stop_at, tally, readers):
    host = urlsplit(base_url).netloc
    pool = asyncio.Queue()
    for _ in range(CONNECTIONS):
        pool.put_nowait(await _connect(host))
    rng = random.Random(17)
    await asyncio.gather(
        *(_reader(number, pool, host, story_path, stop_at, tally, rng) for number in range(readers)),
        return_exceptions=True,
    )
    while not pool.empty():
        _reader_stream, writer = pool.get_nowait()
        writer.close()


def _editor(story, seconds, posted, ready):
    """Post an update every ``POST_EVERY_SECONDS`` for ``seconds``, as the story's first writer, through the service."""
    from django.db import connection

    from articles import live

    author = story.bylines.first().author
    desk = story.live_coverage.started_by
    ready.wait()
    started = time.monotonic()
    number = 0
    while (offset := number * POST_EVERY_SECONDS) < seconds:
        time.sleep(max(0.0, started + offset - time.monotonic()))
        before = time.perf_counter()
        entry = live.post_entry(story, desk, body=f"<p>Benchmark update {number}.</p>", authors=[author])
        posted.append({"id": entry.pk, "at": time.time(), "write_s": round(time.perf_counter() - before, 4)})
        number += 1
    connection.close()


def run(base_url, story_slug, seconds, readers=READERS):
    """Readers and the editor together for ``seconds`` (and the tail); the raw figures."""
    from articles.models import Article

    story = Article.objects.select_related("live_coverage").get(slug=story_slug)
    posted, ready = [], threading.Event()
    editor = threading.Thread(target=_editor, args=(story, seconds, posted, ready))
    editor.start()
    tally = Tally()
    start = time.time()
    # Readers open the page over the first poll interval; the editor starts once they all could have.
    threading.Timer(POLL_SECONDS, ready.set).start()
    stop_at = start + POLL_SECONDS + seconds + TAIL_SECONDS
    asyncio.run(_readers(base_url, story.get_absolute_url(), stop_at, tally, readers))
    editor.join()
    return {"readers": readers, "started_at": start, "posted": posted, **_figures(tally, posted, readers)}


def _figures(tally, posted, readers):
    delays = []
    missed = 0
    for update in posted:
        for reader in range(readers):
            seen = tally.seen.get((reader, update["id"]))
            if seen is None:
                missed += 1
            else:
                delays.append(max(0.0, seen - update["at"]))
    return {
        "polls": tally.polls,
        "pages": tally.pages,
        "failures": tally.failures,
        "delays": delays,
        "never_seen": missed,
    }


def main(argv=None):
    """``python -m bench.pollers --base-url=… --slug=… --seconds=60 --out=…``: the traffic, as JSON."""
    import argparse

    import django

    parser = argparse.ArgumentParser(prog="python -m bench.pollers")
    parser.add_argument("--base-url", required=True)
    parser.add_argument("--slug", required=True)
    parser.add_argument("--seconds", type=float, default=60)
    parser.add_argument("--readers", type=int, default=READERS)
    parser.add_argument("--out", required=True)
    args = parser.parse_args(argv)
    django.setup()
    figures = run(args.base_url, args.slug, args.seconds, readers=args.readers)
    with open(args.out, "w") as out:
        json.dump(figures, out)


if __name__ == "__main__":
    main()
