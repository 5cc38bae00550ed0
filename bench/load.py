"""
The load run: a minute of mixed reader traffic while an editor publishes, edits and unpublishes.

Readers are wrk (4 connections) walking a mix of story, home, section, tag,
author and search addresses against gunicorn; the editor is a separate
process using the newsroom's services (``python -m bench.task editor``).
The run reports every status class the readers got (5xx must be zero) and,
for every change, how long it took to reach a reader.
"""

import json
import random
import subprocess

from .config import PYTHON, ROOT, VAR
from .traffic import serve, warm_up, wrk

# Share of reader requests by kind of page.
MIX = {"articles": 60, "home": 12, "sections": 8, "tags": 8, "authors": 7, "searches": 5}
VISIBLE_WITHIN_SECONDS = 1.0


def mixed_paths(pools, count=4_000, seed=5):
    """``count`` reader addresses drawn from the pools in the proportions of ``MIX``."""
    rng = random.Random(seed)
    kinds = rng.choices(list(MIX), weights=list(MIX.values()), k=count)
    return ["/" if kind == "home" else rng.choice(pools[kind]) for kind in kinds]


def load_run(env, pools, seconds=60):
    """Run readers and the editor together for ``seconds``; reader figures and every change's delay."""
    out = VAR / "editor.json"
    out.unlink(missing_ok=True)
    with serve(env) as base_url:
        warm_up(base_url, ["/"])
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
            readers = wrk(base_url, mixed_paths(pools), seconds=seconds)
        finally:
            editor.wait(timeout=120)
    if editor.returncode != 0:
        raise RuntimeError(f"The load run's editor failed (exit {editor.returncode}).")
    changes = json.loads(out.read_text())
    return {"readers": readers, "changes": summarize(changes["events"]), "events": changes["events"]}


def summarize(events):
    """Per kind of change: how many, how long until readers saw it, and whether every one made it in time."""
    summary = {}
    for action in ("publish", "edit", "unpublish"):
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
