"""
The load run under publishing: what its readers ask for, how the page cache's answers are counted,
when the editor changes a story, and how the report states the goal.

No server runs here: the addresses and wrk's counts are made up, so each rule is checked on its own.
"""

import random
import shutil
import threading
from collections import Counter
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from bench import report, traffic
from bench.editor import CHANGE_EVERY_SECONDS, change_plan
from bench.load import MIX, mixed_paths, zipf_draws
from bench.traffic import hit_ratio, parse_wrk

ARCHIVE = [f"/2026/11/{rank}/story-{rank}/" for rank in range(1, 1001)]  # newest first
POOLS = {
    "archive": ARCHIVE,
    "sections": [f"/sections/section-{number}/" for number in range(20)],
    "tags": [f"/tags/tag-{number}/" for number in range(50)],
    "authors": [f"/authors/author-{number}/" for number in range(30)],
    "searches": ["/search/?q=mars", "/search/?q=lander"],
}


def _harmonic(count, exponent=1.0):
    return sum(1 / rank**exponent for rank in range(1, count + 1))


def test_stories_are_drawn_by_zipf_rank_the_newest_the_most_read():
    draws = Counter(zipf_draws(ARCHIVE, 200_000, random.Random(1)))
    total = _harmonic(len(ARCHIVE))
    for rank in (1, 2, 10, 100):
        expected = 200_000 / rank / total
        # Five standard deviations of a binomial count either side.
        assert abs(draws[ARCHIVE[rank - 1]] - expected) < 5 * expected**0.5, rank
    # The newest ten take H(10) / H(1000) of the reads, and the whole archive is read: the older half about 9%.
    newest_ten = sum(draws[path] for path in ARCHIVE[:10]) / 200_000
    assert newest_ten == pytest.approx(_harmonic(10) / total, abs=0.005)
    older_half = sum(draws[path] for path in ARCHIVE[500:]) / 200_000
    assert older_half == pytest.approx((total - _harmonic(500)) / total, abs=0.005)
    assert set(draws) <= set(ARCHIVE)


def test_the_exponent_sets_how_steeply_popularity_falls():
    flat = Counter(zipf_draws(ARCHIVE[:10], 50_000, random.Random(2), exponent=0.0))
    assert max(flat.values()) / min(flat.values()) < 1.1
    steep = Counter(zipf_draws(ARCHIVE[:10], 50_000, random.Random(2), exponent=2.0))
    assert steep[ARCHIVE[0]] / steep[ARCHIVE[1]] == pytest.approx(4, rel=0.1)


def test_readers_mix_stories_home_and_section_pages_at_their_shares():
    paths = mixed_paths(POOLS, count=40_000)
    kind_of = {"/": "home"} | {path: kind for kind, pool in POOLS.items() for path in pool}
    kinds = Counter(kind_of[path] for path in paths)
    assert set(kinds) == set(MIX)
    for kind, share in MIX.items():
        assert kinds[kind] / len(paths) == pytest.approx(share / 100, abs=0.01), kind
    stories = Counter(path for path in paths if kind_of[path] == "archive")
    assert stories.most_common(1)[0][0] == ARCHIVE[0]
    assert stories[ARCHIVE[0]] > 5 * stories[ARCHIVE[9]]
    # The same seed, the same walk: runs compare like with like.
    assert mixed_paths(POOLS, count=500) == mixed_paths(POOLS, count=500)


WRK_OUTPUT = """  1000 requests in 10.00s, 5.00MB read
Requests/sec:    100.00
BENCH {"2xx": 990, "3xx": 0, "4xx": 6, "5xx": 4}
PAGE_CACHE {"hit": 720, "miss": 240, "none": 40}
"""


def test_the_page_cache_ratio_counts_hits_among_the_answers_it_decided():
    figures = parse_wrk(WRK_OUTPUT)
    assert figures["page_cache"] == {"hit": 720, "miss": 240, "none": 40}
    # Search, errors and redirects carry no header: they are not misses.
    assert hit_ratio(figures["page_cache"]) == 0.75
    assert hit_ratio({"hit": 0, "miss": 0, "none": 500}) is None
    assert hit_ratio(None) is None
    assert "page_cache" not in parse_wrk(WRK_OUTPUT.replace("PAGE_CACHE", "OTHER"))


class _Answers(BaseHTTPRequestHandler):
    """Answers as the site would: ``/hit`` and ``/miss`` with their header, ``/search`` without."""

    protocol_version = "HTTP/1.1"

    def do_GET(self):
        self.send_response(200)
        if self.path in ("/hit", "/miss"):
            self.send_header("X-Page-Cache", self.path[1:])
        self.send_header("Content-Length", "2")
        self.end_headers()
        self.wfile.write(b"ok")

    def log_message(self, *args):
        pass


@pytest.mark.skipif(not shutil.which("wrk"), reason="wrk is not installed (make bench installs it)")
def test_wrk_counts_each_answer_by_its_page_cache_header(tmp_path, monkeypatch):
    monkeypatch.setattr(traffic, "VAR", tmp_path)
    server = ThreadingHTTPServer(("127.0.0.1", 0), _Answers)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        figures = traffic.wrk(f"http://127.0.0.1:{server.server_port}", ["/hit", "/hit", "/miss", "/search"], 1)
    finally:
        server.shutdown()
        server.server_close()
    counts = figures["page_cache"]
    assert sum(counts.values()) == figures["requests"] == figures["statuses"]["2xx"]
    # Each thread walks the list in order: twice as many hits as misses, as many misses as unmarked answers.
    assert counts["hit"] == pytest.approx(2 * counts["miss"], abs=4)
    assert counts["none"] == pytest.approx(counts["miss"], abs=4)
    assert hit_ratio(counts) == pytest.approx(2 / 3, abs=0.01)


def test_the_editor_publishes_or_edits_every_ten_seconds_in_turn():
    assert CHANGE_EVERY_SECONDS == 10
    assert change_plan(52) == [
        (0, "publish"), (10, "edit"), (20, "publish"), (30, "edit"), (40, "publish"), (50, "edit"),
    ]  # fmt: skip
    assert change_plan(12) == [(0, "publish"), (10, "edit")]
    assert change_plan(0) == []


def _load(rate, errors=0, hit=600, miss=200, seconds=60):
    readers = {
        "requests": int(rate * seconds),
        "requests_per_second": rate,
        "latency_ms": {"p50": 5.0, "p99": 50.0},
        "statuses": {"2xx": int(rate * seconds) - errors, "3xx": 0, "4xx": 0, "5xx": errors},
        "page_cache": {"hit": hit, "miss": miss, "none": 10},
        "seconds": seconds,
        "connections": 4,
        "addresses": 180_000,
    }
    change = {"count": 3, "not_seen_within_5s": 0, "median_s": 0.1, "max_s": 0.2, "all_within_1s": True}
    return {
        "readers": readers,
        "mix": MIX,
        "zipf_exponent": 1.0,
        "archive": 78_000,
        "changes": {"publish": change, "edit": change},
        "events": [],
    }


@pytest.mark.parametrize(
    ("rate", "errors", "met"),
    [(280.0, 0, True), (279.9, 0, False), (900.0, 1, False), (56.0, 0, False)],
)
def test_the_report_states_the_goal_under_publishing_as_met_or_not(rate, errors, met):
    target = report.load_target(_load(rate, errors)["readers"])
    assert target["goal"] == ">= 280 req/s (5x 56), 0 5xx"
    assert target["met"] is met
    assert target["measured"] == f"{rate:.0f} req/s ({rate / 56:.1f}x), {errors} 5xx, page-cache hit ratio 75%"


def test_a_run_without_the_status_count_does_not_meet_the_goal():
    readers = _load(500.0)["readers"]
    del readers["statuses"], readers["page_cache"]
    target = report.load_target(readers)
    assert target["met"] is False
    assert target["measured"] == "500 req/s (8.9x), None 5xx, page-cache hit ratio unmeasured"


def _results(load, run_at):
    page = {"label": "Article", "cold": {"p95_ms": 20.0}}
    return {
        "run_at": run_at,
        "commit": "abc1234",
        "database": "postgresql",
        "articles": 100_000,
        "server_time": {"100000": {"pages": {"article": page}}},
        "load": load,
        "targets": [report.load_target(load["readers"])],
    }


def test_the_history_keeps_the_load_runs_rate_and_hit_ratio(tmp_path):
    history = tmp_path / "history.jsonl"
    before = _results(_load(56.0, hit=100, miss=300), "2026-11-29T20:00:00+00:00")
    report.append_history(report.history_entry(before), history)
    now = _results(_load(300.0), "2026-11-30T20:00:00+00:00")
    report.append_history(report.history_entry(now), history)

    line = report.read_history(history)[-1]
    assert line["load"] == {"requests_per_second": 300.0, "5xx": 0, "page_cache_hit_ratio": 0.75}
    changes = report.changes(report.read_history(history)[0], line)
    assert "load run req/s                             56 -> 300 (+436%)" in changes
    assert "load run page-cache hit ratio              25% -> 75%" in changes
    # A line from before the ratio was kept says so.
    older = {key: value for key, value in report.history_entry(before).items() if key != "load"}
    assert "load run page-cache hit ratio              75% (not measured before)" in report.changes(older, line)


def test_the_table_shows_the_mix_the_cache_and_the_changes():
    lines = report.load_lines(_load(300.0))
    assert lines[0] == "Load run under publishing (60 s, 4 connections)"
    assert "mix: archive 70%, home 15%, sections 8%, tags 3%, authors 2%, searches 2%" in lines[2]
    assert "over 78,000 live stories, newest first" in lines[2]
    assert "page cache: 600 hits, 200 misses (hit ratio 75%), 10 answers without the header" in "\n".join(lines)
    assert not any("ran out" in line for line in lines)
    walked_round = _load(300.0)
    walked_round["readers"]["addresses"] = 1_000
    assert any("ran out" in line for line in report.load_lines(walked_round))
