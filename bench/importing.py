"""
``make bench-import``: the WordPress importer at scale. Not part of CI.

For 1,000 posts and for ``BENCH_IMPORT_POSTS`` (10,000), each with its own attachment: a synthetic
export and its uploads folder (``bench.wordpress``, kept under ``var/bench/wordpress/`` and reused), a
scratch database made afresh (``<name>_bench_import_<posts>`` beside ``DATABASE_URL``'s PostgreSQL
database, else SQLite under ``var/bench/``), then ``manage.py import_wordpress`` twice in a process of
its own, with the command's own number of workers (``BENCH_IMPORT_WORKERS`` sets another): the time
and the peak memory (RSS) of the first import, and of the second, which finds nothing changed. Checks
the targets (10,000 posts in under 10 minutes, peak memory within 20% between the two sizes, the
second run under a quarter of the first) and writes ``bench/import-results.json``.
"""

import datetime
import json
import os
import platform
import shutil
import subprocess
import threading
import time
from pathlib import Path

from . import database
from .config import BENCH_DIR, PYTHON, ROOT, VAR, django_env, env_int, scratch_database_url
from .run import current_commit
from .wordpress import write_site

BASELINE_POSTS = 1_000
DEFAULT_POSTS = 10_000
GENERATOR_VERSION = "1"
RESULTS = BENCH_DIR / "import-results.json"
TIME_GOAL_SECONDS = 600
MEMORY_GROWTH_GOAL = 1.2
RERUN_SHARE_GOAL = 0.25


def import_database_url(posts):
    """The scratch database the import of ``posts`` posts is measured in."""
    return scratch_database_url(f"bench_import_{posts}", f"import-{posts}.sqlite3")


def site_for(posts):
    """The synthetic export of ``posts`` posts and its uploads folder, written once and then reused."""
    folder = VAR / "wordpress" / str(posts)
    export, uploads, marker = folder / "export.xml", folder / "uploads", folder / "finished"
    if not marker.exists() or marker.read_text() != GENERATOR_VERSION:
        shutil.rmtree(folder, ignore_errors=True)
        folder.mkdir(parents=True)
        started = time.monotonic()
        write_site(export, uploads, posts)
        marker.write_text(GENERATOR_VERSION)
        print(f"Wrote an export of {posts:,} posts in {time.monotonic() - started:.0f} s.", flush=True)
    return export, uploads


def measured_import(env, export, uploads, workers):
    """
    One ``import_wordpress`` in its own process: its seconds, what it said, its own peak RSS in MB, and the
    peak RSS of it and its workers together (sampled every tenth of a second).
    """
    started = time.monotonic()
    command = [PYTHON, "manage.py", "import_wordpress", str(export), "--uploads", str(uploads)]
    if workers:
        command.append(f"--workers={workers}")
    process = subprocess.Popen(command, env=env, cwd=ROOT, stdout=subprocess.PIPE, text=True)
    sampler = TreeMemory(process.pid)
    sampler.start()
    said = process.stdout.read()
    _pid, status, usage = os.wait4(process.pid, 0)
    process.returncode = os.waitstatus_to_exitcode(status)
    seconds = time.monotonic() - started
    sampler.stop()
    if process.returncode:
        raise RuntimeError(f"import_wordpress failed ({process.returncode}):\n{said}")
    print(said, flush=True)
    # ru_maxrss is in kilobytes on Linux.
    own = usage.ru_maxrss / 1024
    return {
        "seconds": round(seconds, 1),
        "peak_rss_mb": round(own, 1),
        "peak_rss_with_workers_mb": round(max(own, sampler.peak_kb / 1024), 1),
        "summary": said.splitlines(),
    }


class TreeMemory(threading.Thread):
    """The largest resident memory a process and its descendants held at once, read from /proc."""

    def __init__(self, pid):
        super().__init__(daemon=True)
        self.pid = pid
        self.peak_kb = 0
        self._stopped = threading.Event()

    def run(self):
        while not self._stopped.wait(0.1):
            self.peak_kb = max(self.peak_kb, sum(_rss_kb(pid) for pid in _tree(self.pid)))

    def stop(self):
        self._stopped.set()
        self.join()


def _tree(pid):
    found = [pid]
    try:
        children = Path(f"/proc/{pid}/task/{pid}/children").read_text().split()
    except OSError:
        return found
    for child in children:
        found += _tree(int(child))
    return found


def _rss_kb(pid):
    try:
        status = Path(f"/proc/{pid}/status").read_text()
    except OSError:
        return 0
    line = next((line for line in status.splitlines() if line.startswith("VmRSS:")), "VmRSS: 0 kB")
    return int(line.split()[1])


def measure(posts, workers):
    export, uploads = site_for(posts)
    url = import_database_url(posts)
    media = VAR / f"import-media-{posts}"
    shutil.rmtree(media, ignore_errors=True)
    env = django_env(url, MEDIA_ROOT=str(media))
    database.recreate(url)
    subprocess.run([PYTHON, "manage.py", "migrate", "--noinput", "-v0"], env=env, cwd=ROOT, check=True)
    load_before = os.getloadavg()[0]
    print(f"\n== First import of {posts:,} posts", flush=True)
    first = measured_import(env, export, uploads, workers)
    print(f"\n== Second import of {posts:,} posts (nothing changed)", flush=True)
    second = measured_import(env, export, uploads, workers)
    return {
        "posts": posts,
        "attachments": posts,
        "export_mb": round(export.stat().st_size / 1024 / 1024, 1),
        "database": "postgresql" if database.is_postgresql(url) else "sqlite",
        "workers": workers or f"the command's default (one per core: {os.cpu_count()})",
        "first": first,
        "second": second,
        "load_average_1min": {"start": round(load_before, 2), "end": round(os.getloadavg()[0], 2)},
    }


def targets(baseline, large):
    def target(name, goal, measured, met):
        return {"name": name, "goal": goal, "measured": measured, "met": met}

    first, second = large["first"], large["second"]
    memory, baseline_memory = first["peak_rss_with_workers_mb"], baseline["first"]["peak_rss_with_workers_mb"]
    growth = memory / baseline_memory
    share = second["seconds"] / first["seconds"]
    posts = f"{large['posts']:,}"
    return [
        target(
            f"{posts} posts imported in under 10 minutes",
            f"< {TIME_GOAL_SECONDS} s",
            f"{first['seconds']} s",
            first["seconds"] < TIME_GOAL_SECONDS,
        ),
        target(
            f"peak memory at {posts} posts within 20% of {baseline['posts']:,}",
            f"≤ {MEMORY_GROWTH_GOAL}×",
            f"{growth:.2f}× ({memory} MB / {baseline_memory} MB)",
            growth <= MEMORY_GROWTH_GOAL,
        ),
        target(
            f"a second, no-change run of {posts} posts under a quarter of the first",
            f"< {RERUN_SHARE_GOAL:.0%}",
            f"{share:.1%} ({second['seconds']} s / {first['seconds']} s)",
            share < RERUN_SHARE_GOAL,
        ),
    ]


def main():
    posts = env_int("BENCH_IMPORT_POSTS", DEFAULT_POSTS)
    workers = env_int("BENCH_IMPORT_WORKERS", 0)
    VAR.mkdir(parents=True, exist_ok=True)
    runs = {size: measure(size, workers) for size in sorted({BASELINE_POSTS, posts})}
    results = {
        "run_at": datetime.datetime.now(datetime.UTC).isoformat(timespec="seconds"),
        "commit": current_commit(),
        "machine": {"cpus": os.cpu_count(), "python": platform.python_version(), "platform": platform.platform()},
        "runs": {str(size): run for size, run in runs.items()},
        "targets": targets(runs[BASELINE_POSTS], runs[posts]),
    }
    RESULTS.write_text(json.dumps(results, indent=2) + "\n")
    print()
    for size, run in runs.items():
        first, second = run["first"], run["second"]
        print(
            f"{size:>7,} posts: first {first['seconds']:>7.1f} s, peak {first['peak_rss_mb']:>6.1f} MB; "
            f"second {second['seconds']:>6.1f} s, peak {second['peak_rss_mb']:>6.1f} MB"
        )
    for target in results["targets"]:
        verdict = "met" if target["met"] else "MISSED"
        print(f"  {verdict:<6} {target['name']}: {target['measured']} (goal {target['goal']})")
    print(f"\nWrote {RESULTS}.")


if __name__ == "__main__":
    main()
