"""
``make profile PAGE=/some/path/``: where one page's time goes, on the benchmark database.

Requests the page ``N`` times (default 50) through Django's test client, as an anonymous reader,
under cProfile, after one unrecorded request that loads the code. The page cache is off unless
``CACHE=1`` (``PAGE_CACHE_SECONDS=0``, so every request builds the page; the other caches work as
they do in production). Prints the time and the queries per request, then the functions with the
most cumulative time: the place to look for the next bottleneck.

The database is ``make bench``'s of ``BENCH_ARTICLES`` stories (default 100,000), beside the
``DATABASE_URL`` server or under ``var/bench/``; it is never built here.
"""

import argparse
import cProfile
import io
import os
import pstats
import site
import sys
import sysconfig
import time
from collections import Counter

from . import database
from .config import DEFAULT_ARTICLES, ROOT, bench_database_url, django_env, env_int

DEFAULT_REQUESTS = 50
TOP = 30


def plan(argv=None):
    """The run the arguments ask for: page, requests, whether the page cache stays on, and the environment."""
    parser = argparse.ArgumentParser(prog="make profile", description="cProfile one public page")
    parser.add_argument("--page", required=True, help="the address to request, e.g. /search/?q=lander")
    parser.add_argument("--requests", type=int, default=DEFAULT_REQUESTS, help="profiled requests (default 50)")
    parser.add_argument("--cache", action="store_true", help="keep the page cache on (off by default)")
    parser.add_argument("--articles", type=int, default=env_int("BENCH_ARTICLES", DEFAULT_ARTICLES))
    parser.add_argument("--top", type=int, default=TOP, help="functions listed (default 30)")
    parser.add_argument(
        "--sort", choices=("cumulative", "tottime"), default="cumulative", help="rank functions by (default cumulative)"
    )
    args = parser.parse_args(argv)
    if not args.page.startswith("/"):
        parser.error(f"PAGE must be an address on the site, starting with '/': {args.page!r}")
    if args.requests < 1:
        parser.error("N must be at least 1")
    extra = {} if args.cache else {"PAGE_CACHE_SECONDS": "0"}
    args.database_url = bench_database_url(args.articles)
    args.env = django_env(args.database_url, **extra)
    return args


class QueryTimer:
    """Counts the SQL statements a request runs and the time they take."""

    def __init__(self):
        self.count = 0
        self.seconds = 0.0

    def __call__(self, execute, sql, params, many, context):
        started = time.perf_counter()
        try:
            return execute(sql, params, many, context)
        finally:
            self.seconds += time.perf_counter() - started
            self.count += 1


def profile(page, requests):
    """Profile ``requests`` requests of ``page``; the profiler, the statuses and per-request figures."""
    from django.db import connection
    from django.test import Client

    client = Client()
    client.get(page)  # loads the code and opens the connection; not recorded
    profiler = cProfile.Profile()
    statuses, per_request = Counter(), []
    for _ in range(requests):
        timer = QueryTimer()
        with connection.execute_wrapper(timer):
            started = time.perf_counter()
            profiler.enable()
            response = client.get(page)
            profiler.disable()
            elapsed = time.perf_counter() - started
        statuses[response.status_code] += 1
        per_request.append((elapsed, timer.count, timer.seconds))
    return profiler, statuses, per_request


def summary(args, statuses, per_request):
    """The lines printed above the profile."""
    count = len(per_request)
    total_ms = sum(elapsed for elapsed, _queries, _seconds in per_request) * 1000 / count
    queries = [queries for _elapsed, queries, _seconds in per_request]
    query_ms = sum(seconds for _elapsed, _queries, seconds in per_request) * 1000 / count
    spread = str(queries[0]) if min(queries) == max(queries) else f"{min(queries)}-{max(queries)}"
    return [
        f"{args.page} x {count} at {args.articles:,} stories, page cache {'on' if args.cache else 'off'}"
        f" (statuses {dict(statuses)})",
        f"per request: {total_ms:.1f} ms under the profiler, {spread} queries taking {query_ms:.1f} ms",
    ]


def top_functions(profiler, top, sort="cumulative"):
    """The ``top`` functions by ``sort`` time, named by their path inside the project or the library."""
    report = io.StringIO()
    pstats.Stats(profiler, stream=report).sort_stats(sort).print_stats(top)
    text = report.getvalue()
    for prefix in sorted({*site.getsitepackages(), str(ROOT), sysconfig.get_path("stdlib")}, key=len, reverse=True):
        text = text.replace(prefix.rstrip("/") + "/", "")
    return text


def _collect_static():
    """Pages name their static files through the manifest ``make bench`` collects; collected here when missing."""
    from django.conf import settings
    from django.core.management import call_command

    if not (settings.STATIC_ROOT / "staticfiles.json").exists():
        call_command("collectstatic", interactive=False, verbosity=0)


def main(argv=None):
    args = plan(argv)
    if database.built_articles(args.database_url) != args.articles:
        print(
            f"No finished benchmark database of {args.articles:,} stories; build it with "
            f"`BENCH_ARTICLES={args.articles} make bench` first.",
            file=sys.stderr,
        )
        return 1
    os.environ.update(args.env)
    import django

    django.setup()
    _collect_static()
    profiler, statuses, per_request = profile(args.page, args.requests)
    print("\n".join(summary(args, statuses, per_request)))
    print(top_functions(profiler, args.top, args.sort))
    return 0


if __name__ == "__main__":
    sys.exit(main())
