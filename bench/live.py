"""
``make bench-live`` (``python -m bench.live``), also part of ``make bench``: a live story's cost under
readers who keep it open.

A scratch database with the demo newsroom (its launch day is covered live), gunicorn (2 workers) and
Debian's nginx in front of it as the CDN (``bench.cdn``), all on 127.0.0.1. ``READERS`` readers open the
story and poll it as its script does, every 15 s, over a bounded set of connections, while an editor
posts an update every 5 s for ``BENCH_LIVE_SECONDS`` (60) through the newsroom's service
(``bench.pollers``). It reports the polls a second and how many of them reached Django (the rest the
CDN answered from its cache; of those that reached it, how many the page cache answered), the polls'
latency, every status class, and how long each update took to reach each reader; then checks the
targets and writes ``bench/live-results.json``.
"""

import datetime
import json
import math
import os
import subprocess
from collections import Counter

from . import cdn, database
from .config import BENCH_DIR, PYTHON, ROOT, VAR, django_env, env_int, scratch_database_url
from .traffic import serve

STORY = "shenzhou-crew-launch-day-live"
POLL_PATH = "/updates.json"
# The targets: Django sees under 5% of the polls, no 5xx, and 95% of updates reach a reader within 20 s.
DJANGO_SHARE = 0.05
DELAY_P95_SECONDS = 20.0
RESULTS = BENCH_DIR / "live-results.json"


def percentile(values, share):
    """The value below which ``share`` of ``values`` fall (nearest rank), or None for none."""
    ordered = sorted(values)
    if not ordered:
        return None
    return ordered[min(len(ordered) - 1, max(0, math.ceil(share * len(ordered)) - 1))]


def _django(env, *arguments):
    subprocess.run([PYTHON, *arguments], env=env, cwd=ROOT, check=True)


def prepare():
    """A fresh scratch database with the demo newsroom and the static files; its environment."""
    url = scratch_database_url("bench_live", "newsroom-live.sqlite3")
    database.recreate(url)
    env = django_env(url)
    _django(env, "manage.py", "collectstatic", "--noinput", "-v0")
    _django(env, "manage.py", "migrate", "--noinput", "-v0")
    _django(env, "manage.py", "seed_demo", "--force")
    return env


def summarize(traffic, log, seconds):
    """The run's figures and targets from the readers' raw figures and the CDN's log."""
    polls = traffic["polls"]
    statuses = Counter(f"{poll['status'] // 100}xx" for poll in polls)
    reached = [row for row in log if POLL_PATH in row["uri"] and row["upstream"] not in ("", "-")]
    cdn_polls = [row for row in log if POLL_PATH in row["uri"]]
    span = seconds + traffic.get("tail_seconds", 0)
    latencies = [poll["seconds"] * 1000 for poll in polls]
    delays = traffic["delays"]
    share = len(reached) / len(cdn_polls) if cdn_polls else None
    summary = {
        "readers": traffic["readers"],
        "updates_posted": len(traffic["posted"]),
        "polls": len(polls),
        "polls_per_second": round(len(polls) / span, 1) if span else None,
        "statuses": dict(sorted(statuses.items())),
        "failed_requests": traffic["failures"],
        "reached_django": len(reached),
        "reached_django_per_second": round(len(reached) / span, 2) if span else None,
        "reached_django_share": round(share, 4) if share is not None else None,
        "page_cache_at_django": dict(Counter(row["page_cache"] or "none" for row in reached)),
        "latency_ms": {f"p{p}": _round(percentile(latencies, p / 100)) for p in (50, 95, 99)},
        "delay_s": {
            "count": len(delays),
            "never_seen": traffic["never_seen"],
            **{f"p{p}": _round(percentile(delays, p / 100)) for p in (50, 75, 90, 95, 99)},
            "max": _round(max(delays, default=None)),
            "histogram_5s": _histogram(delays),
        },
        "editor_write_s": {"max": max((post["write_s"] for post in traffic["posted"]), default=None)},
    }
    p95 = summary["delay_s"]["p95"]
    summary["targets"] = {
        "django_sees_under_5_percent": share is not None and share < DJANGO_SHARE,
        "no_5xx": statuses.get("5xx", 0) == 0 and traffic["failures"] == 0,
        "delay_p95_under_20s": p95 is not None and p95 < DELAY_P95_SECONDS and traffic["never_seen"] == 0,
    }
    return summary


def _round(value):
    return round(value, 2) if value is not None else None


def _histogram(delays):
    """How many (reader, update) pairs fell in each 5 s band of delay: ``{"0-5": n, "5-10": n, …}``."""
    counts = Counter(int(delay // 5) for delay in delays)
    return {f"{band * 5}-{band * 5 + 5}": counts[band] for band in range(max(counts, default=-1) + 1)}


def table(summary):
    """The run as a few lines of text."""
    delay, targets = summary["delay_s"], summary["targets"]
    lines = [
        f"Live run: {summary['readers']} readers polling every 15 s, {summary['updates_posted']} updates posted",
        f"  polls                  {summary['polls']:>8}  ({summary['polls_per_second']} a second)",
        f"  reached Django         {summary['reached_django']:>8}  ({summary['reached_django_per_second']} a second, "
        f"{summary['reached_django_share']:.1%} of polls; page cache {summary['page_cache_at_django']})",
        f"  statuses               {summary['statuses']}  failed {summary['failed_requests']}",
        f"  poll latency           p50 {summary['latency_ms']['p50']} ms, p95 {summary['latency_ms']['p95']} ms",
        f"  update to reader       p50 {delay['p50']} s, p95 {delay['p95']} s, max {delay['max']} s "
        f"({delay['count']} seen, {delay['never_seen']} never)",
        f"  delays by 5 s band     {delay['histogram_5s']}",
    ]
    lines += [f"  target {name:<30} {'met' if met else 'MISSED'}" for name, met in targets.items()]
    return "\n".join(lines)


def live_run(seconds=60, readers=None):
    """Prepare, serve, load and measure; the summary, also written to ``RESULTS``."""
    from .pollers import READERS, TAIL_SECONDS

    if not cdn.available():
        raise RuntimeError("The live run needs Debian's nginx as its CDN: apt-get install nginx-light.")
    VAR.mkdir(parents=True, exist_ok=True)
    env = prepare()
    out = VAR / "live-traffic.json"
    with serve(env) as django_url, cdn.cdn(django_url) as (cdn_url, log):
        arguments = [f"--base-url={cdn_url}", f"--slug={STORY}", f"--seconds={seconds}", f"--out={out}"]
        _django(env, "-m", "bench.pollers", *arguments, f"--readers={readers or READERS}")
    traffic = json.loads(out.read_text()) | {"tail_seconds": 15 + TAIL_SECONDS}
    summary = summarize(traffic, cdn.read_log(log), seconds)
    results = {
        "run_at": datetime.datetime.now(datetime.UTC).isoformat(timespec="seconds"),
        "database": "postgresql" if database.is_postgresql(env["DATABASE_URL"]) else "sqlite",
        "page_cache": "redis" if env.get("REDIS_URL") else "memory of each worker",
        "load_average_1min": round(os.getloadavg()[0], 2),
        "seconds": seconds,
        **summary,
    }
    RESULTS.write_text(json.dumps(results, indent=2) + "\n")
    return results


def main():
    results = live_run(seconds=env_int("BENCH_LIVE_SECONDS", 60), readers=env_int("BENCH_LIVE_READERS", 0) or None)
    print(table(results))
    print(f"\nWrote {RESULTS}.")


if __name__ == "__main__":
    main()
