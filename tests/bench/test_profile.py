"""
``make profile PAGE=/path/``: the arguments reach the run it makes, and what it prints reads right.

The Makefile's command is read with ``make -n`` (nothing runs) and handed to ``plan``, so a renamed
variable or flag shows here; the profile itself runs on a tiny newsroom through the test client.
"""

import shlex
import shutil
import subprocess
from collections import Counter

import pytest

from bench import config, profile_page
from bench.profile_page import plan


def _make_command(*assignments):
    """The arguments ``make profile`` would pass to ``bench.profile_page``, from ``make -n``."""
    output = subprocess.run(
        ["make", "-n", "profile", *assignments], cwd=config.ROOT, capture_output=True, text=True, check=True
    ).stdout
    (line,) = [line for line in output.splitlines() if "bench.profile_page" in line]
    words = shlex.split(line)
    return words[words.index("bench.profile_page") + 1 :]


@pytest.mark.skipif(not shutil.which("make"), reason="make is not installed")
def test_make_profile_passes_the_page_the_count_and_the_cache_switch(monkeypatch):
    monkeypatch.delenv("DATABASE_URL", raising=False)
    monkeypatch.delenv("BENCH_ARTICLES", raising=False)
    monkeypatch.delenv("PAGE_CACHE_SECONDS", raising=False)
    defaults = plan(_make_command("PAGE=/search/?q=heat+shield"))
    assert defaults.page == "/search/?q=heat+shield"
    assert defaults.requests == profile_page.DEFAULT_REQUESTS == 50
    assert defaults.cache is False
    assert defaults.env["PAGE_CACHE_SECONDS"] == "0"
    assert defaults.articles == config.DEFAULT_ARTICLES
    assert defaults.top == 30

    chosen = plan(_make_command("PAGE=/authors/ada-lovelace/", "N=7", "CACHE=1"))
    assert (chosen.page, chosen.requests, chosen.cache) == ("/authors/ada-lovelace/", 7, True)
    assert "PAGE_CACHE_SECONDS" not in chosen.env


def test_the_profile_runs_on_the_benchmark_database(monkeypatch):
    monkeypatch.setenv("DATABASE_URL", "postgres://postgres@127.0.0.1:5432/newsroom")
    monkeypatch.setenv("BENCH_ARTICLES", "1000")
    args = plan(["--page=/"])
    assert args.database_url == "postgres://postgres@127.0.0.1:5432/newsroom_bench_1000"
    assert args.env["DATABASE_URL"] == args.database_url
    assert args.env["DJANGO_SETTINGS_MODULE"] == "newsroom.settings"
    assert args.env["DEBUG"] == "0"


@pytest.mark.parametrize("arguments", [[], ["--page="], ["--page=search/"], ["--page=/", "--requests=0"]])
def test_a_page_that_is_not_an_address_or_no_requests_is_refused(arguments, capsys):
    with pytest.raises(SystemExit) as stopped:
        plan(arguments)
    assert stopped.value.code == 2


def test_the_summary_states_time_and_queries_per_request():
    args = plan(["--page=/", "--requests=2", "--articles=1000"])
    lines = profile_page.summary(args, Counter({200: 2}), [(0.010, 7, 0.002), (0.030, 9, 0.004)])
    assert lines == [
        "/ x 2 at 1,000 stories, page cache off (statuses {200: 2})",
        "per request: 20.0 ms under the profiler, 7-9 queries taking 3.0 ms",
    ]


@pytest.mark.django_db
def test_a_page_is_profiled_request_by_request():
    profiler, statuses, per_request = profile_page.profile("/corrections/", 3)
    assert statuses == Counter({200: 3})
    assert len(per_request) == 3
    assert all(queries > 0 and elapsed > seconds >= 0 for elapsed, queries, seconds in per_request)
    listing = profile_page.top_functions(profiler, 5)
    assert "cumulative" in listing
    assert str(config.ROOT) not in listing
