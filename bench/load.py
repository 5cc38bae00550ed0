"""
The load run: a minute of reader traffic over the whole archive while an editor publishes and edits.

Readers are wrk (4 connections) against gunicorn, walking a list of addresses
drawn in advance: story pages by Zipf rank over every live story, the newest
the most read, and home, section, tag, author and search pages at the shares
of ``MIX``. The editor is a separate process using the newsroom's services
(``python -m bench.task editor``), making one change every 10 s. The run
reports the readers' requests a second, every status class they got (5xx must
be zero), the page-cache hit ratio (wrk counts each answer's ``X-Page-Cache``
header as it arrives, so no extra request is made) and, for every change, how
long it took to reach a reader.
"""

import itertools
import json
import random
import subprocess

from .config import PYTHON, ROOT, VAR
from .traffic import WARM_UP_SECONDS, serve, warm_up, wrk

# Share of reader requests by kind of page, named by their address pool: stories are most of what
# readers open, the home page next, then the section fronts; columnists, tags and search a few each.
MIX = {"archive": 70, "home": 15, "sections": 8, "tags": 3, "authors": 2, "searches": 2}
# Story popularity falls with its rank by recency as 1 / rank ** ZIPF_EXPONENT: with 1.0 the newest 1,000
# of 100,000 stories take about 60% of story reads and the long tail the rest, as web traffic measures.
ZIPF_EXPONENT = 1.0
# Addresses drawn per second of the run: more than the site answers, so wrk's walk does not come round
# again to addresses it has already asked for (it would, at a rate above this, and the report says so).
DRAWS_PER_SECOND = 3_000
VISIBLE_WITHIN_SECONDS = 1.0


def zipf_draws(ranked, count, rng, exponent=ZIPF_EXPONENT):
    """``count`` items of ``ranked`` (most popular first), the item of rank r drawn with weight 1 / r ** exponent."""
    cumulative = list(itertools.accumulate(1 / rank**exponent for rank in range(1, len(ranked) + 1)))
    return rng.choices(ranked, cum_weights=cumulative, k=count)


def mixed_paths(pools, count=4_000, seed=5):
    """
    ``count`` reader addresses in the proportions of ``MIX``: stories by Zipf rank over ``pools["archive"]``
    (every live story, newest first), the other pages uniformly from their pools.
    """
    rng = random.Random(seed)
    kinds = rng.choices(list(MIX), weights=list(MIX.values()), k=count)
    stories = iter(zipf_draws(pools["archive"], kinds.count("archive"), rng))
    paths = []
    for kind in kinds:
        if kind == "home":
            paths.append("/")
        elif kind == "archive":
            paths.append(next(stories))
        else:
            paths.append(rng.choice(pools[kind]))
    return paths


def load_run(env, pools, seconds=60):
    """Run readers and the editor together for ``seconds``; reader figures and every change's delay."""
    out = VAR / "editor.json"
    out.unlink(missing_ok=True)
    with serve(env) as base_url:
        # Workers with their code loaded and their connections open; an unrecorded moment of the same mix
        # (other addresses) so that the run starts from a site that readers were already reading.
        warm_up(base_url, ["/"] * 4)
        wrk(base_url, mixed_paths(pools, count=WARM_UP_SECONDS * DRAWS_PER_SECOND, seed=6), WARM_UP_SECONDS)
        editor = subprocess.Popen(
            [
                PYTHON,
                "-m",
                "bench.task",
                "editor",
                f"--base-url={base_url}",
                f"--seconds={seconds - 8}",
                f"--out={out}",
            ],
            env=env,
            cwd=ROOT,
        )
        try:
            readers = wrk(base_url, mixed_paths(pools, count=seconds * DRAWS_PER_SECOND), seconds=seconds)
        finally:
            editor.wait(timeout=120)
    if editor.returncode != 0:
        raise RuntimeError(f"The load run's editor failed (exit {editor.returncode}).")
    changes = json.loads(out.read_text())
    return {
        "readers": readers,
        "mix": MIX,
        "zipf_exponent": ZIPF_EXPONENT,
        "archive": len(pools["archive"]),
        "changes": summarize(changes["events"]),
        "events": changes["events"],
    }


def summarize(events):
    """Per kind of change: how many, how long until readers saw it, and whether every one made it in time."""
    summary = {}
    for action in ("publish", "edit"):
        delays = [event["visible_s"] for event in events if event["action"] == action]
        seen = sorted(delay for delay in delays if delay is not None)
        summary[action] = {
            "count": len(delays),
            "not_seen_within_5s": len(delays) - len(seen),
            "median_s": seen[len(seen) // 2] if seen else None,
            "max_s": seen[-1] if seen else None,
            "all_within_1s": bool(delays) and len(seen) == len(delays) and seen[-1] < VISIBLE_WITHIN_SECONDS,
        }
    return summary
