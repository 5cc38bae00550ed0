"""
``make bench``: build the benchmark databases, measure, and report.

Steps, each timed: static files; a benchmark database of ``BENCH_ARTICLES``
stories (default 100,000) and one of 1,000, reused when a finished build of the
right size exists (``BENCH_REBUILD=1`` rebuilds); above 100,000 stories (say
``BENCH_ARTICLES=1000000``) the 100,000-story one too, so that each page's cost
at the large size is compared with its cost at 100,000 in the same sitting;
server time and queries per page at every size (and EXPLAIN at 100,000 stories
and above, on PostgreSQL); HTTP throughput with gunicorn and wrk; the load run.
Writes ``bench/results.json`` and ``bench/results.png``, prints a table with the
change since the last line of ``bench/history.jsonl``, and appends this run's
line there.
"""

import datetime
import json
import os
import platform
import subprocess
import time

from . import database, report
from .config import (
    BASELINE_ARTICLES,
    BENCH_DIR,
    DEFAULT_ARTICLES,
    PYTHON,
    ROOT,
    VAR,
    bench_database_url,
    django_env,
    env_int,
)
from .load import load_run
from .traffic import throughput


class Steps:
    """Prints each step as it starts and keeps how long it took and how busy the machine was."""

    def __init__(self):
        self.durations = {}
        self.load_averages = {}

    def run(self, name, function, *args, **kwargs):
        print(f"\n== {name}", flush=True)
        started, load_before = time.monotonic(), os.getloadavg()[0]
        try:
            return function(*args, **kwargs)
        finally:
            self.durations[name] = round(time.monotonic() - started, 1)
            # Figures taken while other work shares the cores are slower than the site is: keep the context.
            self.load_averages[name] = {"start": round(load_before, 2), "end": round(os.getloadavg()[0], 2)}


def _django(env, *arguments):
    subprocess.run([PYTHON, *arguments], env=env, cwd=ROOT, check=True)


def ensure_database(articles, rebuild):
    """The benchmark database of ``articles`` stories, built unless a finished one exists; its URL."""
    url = bench_database_url(articles)
    env = django_env(url)
    if not rebuild and database.built_articles(url) == articles:
        print(f"Reusing the benchmark database of {articles:,} stories (BENCH_REBUILD=1 rebuilds it).")
        # Migrations added since the build (an index, say) apply to it as they would in production.
        _django(env, "manage.py", "migrate", "--noinput", "-v0")
        return url
    database.recreate(url)
    _django(env, "manage.py", "migrate", "--noinput", "-v0")
    _django(env, "-m", "bench.task", "generate", f"--articles={articles}")
    return url


def measure(url, requests, explain):
    out = VAR / "measure.json"
    arguments = ["-m", "bench.task", "measure", f"--requests={requests}", f"--out={out}"]
    _django(django_env(url), *arguments, *(["--explain"] if explain else []))
    return json.loads(out.read_text())


def address_pools(url):
    out = VAR / "urls.json"
    _django(django_env(url), "-m", "bench.task", "urls", f"--out={out}")
    return json.loads(out.read_text())


def keep_parts(url):
    out = VAR / "parts.json"
    _django(django_env(url), "-m", "bench.task", "parts", f"--urls={VAR / 'urls.json'}", f"--out={out}")
    return json.loads(out.read_text())


def current_commit():
    """The commit measured, ``-dirty`` when the worktree has uncommitted changes; empty outside git."""
    completed = subprocess.run(
        ["git", "describe", "--always", "--dirty"], cwd=ROOT, capture_output=True, text=True, check=False
    )
    return completed.stdout.strip()


def main():
    started = time.monotonic()
    commit = current_commit()
    articles = env_int("BENCH_ARTICLES", DEFAULT_ARTICLES)
    requests = env_int("BENCH_REQUESTS", 200)
    load_seconds = env_int("BENCH_LOAD_SECONDS", 60)
    rebuild = os.environ.get("BENCH_REBUILD", "").strip() in {"1", "true", "yes"}
    # Past the usual archive, the usual one is measured too: a page must cost the same on both (``report.flatness``).
    reference = DEFAULT_ARTICLES if articles > DEFAULT_ARTICLES else None
    sizes = sorted({BASELINE_ARTICLES, articles, *([reference] if reference else [])})
    VAR.mkdir(parents=True, exist_ok=True)
    steps = Steps()

    steps.run(
        "Static files",
        _django,
        django_env(bench_database_url(articles)),
        "manage.py",
        "collectstatic",
        "--noinput",
        "-v0",
    )
    urls = {size: steps.run(f"Database of {size:,} stories", ensure_database, size, rebuild) for size in sizes}
    server = {}
    for size in sizes:
        server[str(size)] = steps.run(
            f"Server time at {size:,} stories", measure, urls[size], requests, explain=size in {articles, reference}
        )
    env = django_env(urls[articles])
    pools = address_pools(urls[articles])
    kept = steps.run(f"Story parts kept for {len(pools['articles']):,} stories", keep_parts, urls[articles])
    http = steps.run(f"HTTP throughput at {articles:,} stories", throughput, env, pools)
    load = steps.run(f"Load run at {articles:,} stories", load_run, env, pools, seconds=load_seconds)

    explained = {size: server[str(size)].pop("explain", None) for size in sizes}
    explain, explain_at_reference = explained[articles], explained.get(reference)
    results = {
        "run_at": datetime.datetime.now(datetime.UTC).isoformat(timespec="seconds"),
        "commit": commit,
        "machine": {"cpus": os.cpu_count(), "python": platform.python_version(), "platform": platform.platform()},
        "database": server[str(articles)]["database"],
        "page_cache": server[str(articles)]["page_cache"],
        "articles": articles,
        "baseline_articles": BASELINE_ARTICLES,
        "requests_per_page": requests,
        "server_time": server,
        "explain": explain,
        "flatness_reference_articles": reference,
        "explain_at_reference": explain_at_reference,
        "throughput": http,
        "load": load,
        "kept_parts": kept,
        "targets": report.targets(
            server, articles, BASELINE_ARTICLES, http, load, explain, reference, explain_at_reference
        ),
        "durations_seconds": steps.durations,
        "load_average_1min": steps.load_averages,
        "duration_seconds": round(time.monotonic() - started, 1),
    }
    (BENCH_DIR / "results.json").write_text(json.dumps(results, indent=2, default=str) + "\n")
    report.chart(results, BENCH_DIR / "results.png")
    print()
    print(report.table(results, report.previous_run(report.read_history(), results)))
    report.append_history(report.history_entry(results))
    print(f"\nWrote {BENCH_DIR / 'results.json'} and {BENCH_DIR / 'results.png'}; added a line to {report.HISTORY}.")


if __name__ == "__main__":
    main()
