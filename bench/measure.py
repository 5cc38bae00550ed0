"""
Server time and queries per page, through Django's test client.

For each page type, ``requests`` requests cold (every cache cleared before
each request, and nothing kept drawn: no story page's parts, no teaser) and as
many warm (after one pass that fills the caches); the time is the whole request
through the middleware, the queries are counted on the database connection.
Series (and the warm pass) are bounded by a time budget too
(``BENCH_SERIES_SECONDS``, 60 s), so one slow page cannot hold the run: the
number of requests made is reported with each.
"""

import math
import time
from collections import Counter

from django.conf import settings
from django.core.cache import caches
from django.db import connection
from django.test import Client
from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.plugins.otp_totp.models import TOTPDevice

from public import teasers
from public.models import StoryPart

from .config import env_int
from .generate import editor_user

DEFAULT_BUDGET_SECONDS = env_int("BENCH_SERIES_SECONDS", 60)


def clear_caches():
    """Every cache emptied, and nothing kept drawn: no story page's parts, no teaser."""
    for alias in settings.CACHES:
        caches[alias].clear()
    StoryPart.objects.all().delete()
    teasers.store.clear()


def percentile(values, share):
    """The value at ``share`` (0–1) of the sorted values, nearest rank."""
    ordered = sorted(values)
    if not ordered:
        return None
    rank = max(1, math.ceil(len(ordered) * share))
    return ordered[rank - 1]


class QueryCounter:
    """Counts the SQL statements a request runs (lighter than capturing them)."""

    def __init__(self):
        self.count = 0

    def __call__(self, execute, sql, params, many, context):
        self.count += 1
        return execute(sql, params, many, context)


def clients():
    """
    An anonymous reader's client and an editor's, signed in the whole way: the password, then the
    second step with an authenticator set up for the account, stored in the session as django-otp's
    ``login()`` stores it (without it the desk answers every page with a redirect to that step).
    """
    editor = editor_user()
    staff = Client()
    staff.force_login(editor)
    device, _ = TOTPDevice.objects.get_or_create(user=editor, confirmed=True, defaults={"name": "Benchmark"})
    session = staff.session
    session[DEVICE_ID_SESSION_KEY] = device.persistent_id
    session.save()
    return Client(), staff


def time_series(client, urls, cold, budget_seconds=DEFAULT_BUDGET_SECONDS):
    """Request each of ``urls`` once and summarise server time, queries and statuses."""
    if not cold:
        deadline = time.monotonic() + budget_seconds
        for url in dict.fromkeys(urls):
            client.get(url)
            if time.monotonic() > deadline:
                break
    timings, queries, statuses, sizes = [], [], Counter(), []
    deadline = time.monotonic() + budget_seconds
    for url in urls:
        if cold:
            clear_caches()
        counter = QueryCounter()
        with connection.execute_wrapper(counter):
            started = time.perf_counter()
            response = client.get(url)
            timings.append((time.perf_counter() - started) * 1000)
        queries.append(counter.count)
        statuses[str(response.status_code)] += 1
        sizes.append(len(response.content))
        if time.monotonic() > deadline:
            break
    return {
        "n": len(timings),
        "p50_ms": round(percentile(timings, 0.50), 2),
        "p95_ms": round(percentile(timings, 0.95), 2),
        "mean_ms": round(sum(timings) / len(timings), 2),
        "queries": {"min": min(queries), "median": percentile(queries, 0.5), "max": max(queries)},
        "statuses": dict(statuses),
        "bytes": percentile(sizes, 0.50),
    }


def server_times(pages, budget_seconds=DEFAULT_BUDGET_SECONDS, progress=None):
    """Cold and warm figures for every page: ``{name: {"label", "example", "cold", "warm"}}``."""
    reader, staff = clients()
    # The first request of a process pays for imports, template compiling and connecting: not a page's cost.
    for page in pages:
        (staff if page.staff else reader).get(page.urls[0])
    results = {}
    for page in pages:
        client = staff if page.staff else reader
        results[page.name] = {
            "label": page.label,
            "example": page.urls[0],
            "cold": time_series(client, page.urls, cold=True, budget_seconds=budget_seconds),
            "warm": time_series(client, page.urls, cold=False, budget_seconds=budget_seconds),
        }
        if progress:
            progress(page, results[page.name])
    clear_caches()
    return results


def page_cache_in_use():
    """The middleware that caches whole pages, if the site has one."""
    found = [path for path in settings.MIDDLEWARE if "cache" in path.lower()]
    return found[0] if found else None
