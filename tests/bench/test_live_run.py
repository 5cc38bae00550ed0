"""
The live run's arithmetic: which polls reached Django (by the CDN's log), the delays' percentiles and
bands, and the targets it checks. No server runs here: the figures are made up, so each rule is
checked on its own.
"""

from bench import cdn, live


def traffic(polls=100, failures=0, status=200, delays=(1.0, 6.0, 12.0), never_seen=0):
    return {
        "readers": 3,
        "posted": [{"id": 1, "at": 0.0, "write_s": 0.01}],
        "polls": [{"status": status, "seconds": 0.002, "cdn": "HIT"}] * polls,
        "pages": [],
        "failures": failures,
        "delays": list(delays),
        "never_seen": never_seen,
        "tail_seconds": 40,
    }


def log(polls=100, reached=3):
    rows = [{"uri": "/2026/12/01/story/updates.json?since=5", "upstream": "-", "page_cache": ""}] * (polls - reached)
    upstream = {"uri": "/2026/12/01/story/updates.json?since=5", "upstream": "127.0.0.1:9000", "page_cache": "miss"}
    page = {"uri": "/2026/12/01/story/", "upstream": "127.0.0.1:9000", "page_cache": "miss"}
    return [*rows, *[upstream] * reached, page]


def test_what_reached_django_is_read_from_the_cdns_log_polls_only():
    summary = live.summarize(traffic(), log(reached=3), seconds=60)
    assert summary["reached_django"] == 3 and summary["reached_django_share"] == 0.03
    assert summary["page_cache_at_django"] == {"miss": 3}
    assert summary["polls_per_second"] == 1.0
    assert all(summary["targets"].values())


def test_each_target_can_be_missed():
    assert not live.summarize(traffic(), log(reached=5), 60)["targets"]["django_sees_under_5_percent"]
    assert not live.summarize(traffic(status=502), log(), 60)["targets"]["no_5xx"]
    assert not live.summarize(traffic(failures=1), log(), 60)["targets"]["no_5xx"]
    late = traffic(delays=[1.0] * 90 + [25.0] * 10)
    assert not live.summarize(late, log(), 60)["targets"]["delay_p95_under_20s"]
    assert not live.summarize(traffic(never_seen=1), log(), 60)["targets"]["delay_p95_under_20s"]


def test_delays_are_told_by_percentile_and_by_five_second_band():
    summary = live.summarize(traffic(delays=[1.0, 2.0, 6.0, 11.0, 19.0]), log(), 60)
    assert summary["delay_s"]["histogram_5s"] == {"0-5": 2, "5-10": 1, "10-15": 1, "15-20": 1}
    assert summary["delay_s"]["p50"] == 6.0 and summary["delay_s"]["max"] == 19.0
    assert live.percentile([], 0.95) is None
    assert live.percentile(list(range(1, 101)), 0.95) == 95


def test_the_cdn_keeps_answers_as_they_say_and_collapses_requests(tmp_path):
    config = cdn.CONFIG.format(root=tmp_path, upstream="127.0.0.1:9000", port=9001)
    assert "proxy_cache_lock on;" in config and "server 127.0.0.1:9000;" in config
    # Nothing overrides the lifetimes the site's answers carry.
    assert "proxy_cache_valid" not in config and "proxy_ignore_headers" not in config
    line = "/x/updates.json?since=5\t200\tHIT\t-\t\t0.000"
    (tmp_path / "access.log").write_text(line + "\n")
    assert cdn.read_log(tmp_path / "access.log") == [
        {
            "uri": "/x/updates.json?since=5",
            "status": "200",
            "cache": "HIT",
            "upstream": "-",
            "page_cache": "",
            "seconds": "0.000",
        }
    ]
