"""
The benchmark harness on a tiny newsroom: it must keep working as the pages change.

The generator writes stories a reader can open, with bodies the sanitizer
leaves alone and the fields ``save()`` would have computed; the measurement
requests every page type and reports what it saw; the report reads those
figures. (Gunicorn and wrk run only in ``make bench``.)
"""

import copy
import json
import sqlite3

import pytest
from django.test import Client

from articles.models import Article, Status, local_date
from bench import config, database, report, task
from bench.generate import Scale, build, mark_finished
from bench.load import MIX, mixed_paths
from bench.measure import server_times
from bench.pages import address_pools, public_pages, stories_at
from bench.traffic import parse_wrk
from media.models import Image
from newsroom.richtext import reading_minutes, sanitize_body, word_count
from public.models import StoryPart

TINY = Scale(articles=30, authors=8, sections=3, tags=20, images=12, pictures=2, picture_size=(640, 360))


@pytest.fixture
def newsroom(db):
    build(TINY, seed=3, progress=False)


def test_generated_stories_are_what_save_would_have_stored(newsroom):
    stories = list(Article.objects.prefetch_related("bylines", "tags"))
    assert len(stories) == 30
    for story in stories:
        assert sanitize_body(story.body) == story.body
        assert story.word_count == word_count(story.body)
        assert story.reading_time == reading_minutes(story.word_count)
        assert story.publication_date == local_date(story.published_at)
        assert story.bylines.all() and len(story.tags.all()) >= 2
    assert Article.objects.filter(status=Status.PUBLISHED).count() >= 20
    library = Image.objects.prefetch_related("renditions")
    assert library.count() == 12
    assert all(image.renditions.all() for image in library)


def test_a_generated_story_reads_like_one(newsroom):
    story = Article.objects.filter(status=Status.PUBLISHED, body__contains="<figure>").first()
    assert story is not None
    response = Client().get(story.get_absolute_url())
    page = response.content.decode()
    assert response.status_code == 200
    assert story.headline in page
    assert "/images/renditions/" in page
    for author in story.authors.all():
        assert author.name in page


# The bench signs its editor in itself, second step included: the suite's own sign-in helper stays out.
@pytest.mark.password_only
def test_every_page_type_is_measured_cold_and_warm(newsroom):
    results = server_times(public_pages(requests=3))
    assert set(results) == {
        "home", "article", "author", "section", "tag", "search", "rss", "sitemap", "story_sitemap", "news_sitemap",
        "api_story", "api_list", "admin_list",
    }  # fmt: skip
    for figures in results.values():
        for kind in ("cold", "warm"):
            series = figures[kind]
            assert series["n"] == 3
            assert series["statuses"] == {"200": 3}, figures["example"]
            assert series["queries"]["min"] >= 1 or kind == "warm"
            assert series["p50_ms"] <= series["p95_ms"]


def test_the_explain_pass_also_reads_every_other_public_page(newsroom):
    """Later pages of the listings may not exist in a tiny newsroom; every address must still be public."""
    from urllib.parse import urlsplit

    from django.urls import resolve

    from bench.pages import other_public_pages

    for page in other_public_pages():
        (url,) = page.urls
        assert resolve(urlsplit(url).path).url_name, url
        assert not urlsplit(url).path.startswith("/admin/")


@pytest.mark.parametrize("growth_ratio", [1.25, 2.0])
def test_the_report_reads_the_measured_figures(newsroom, growth_ratio):
    measured = {"database": "sqlite", "page_cache": None, "pages": server_times(public_pages(requests=2))}
    # The smaller newsroom's run, its uncached story pages faster by ``growth_ratio``: the growth compares the two.
    at_30 = measured["pages"]["article"]["cold"]["p95_ms"]
    baseline = copy.deepcopy(measured)
    baseline["pages"]["article"]["cold"]["p95_ms"] = at_10 = at_30 / growth_ratio
    results = {
        "articles": 30,
        "baseline_articles": 10,
        "requests_per_page": 2,
        "server_time": {"30": measured, "10": baseline},
        "duration_seconds": 12.0,
    }
    results["targets"] = report.targets(results["server_time"], 30, 10)
    table = report.table(results)
    assert "Admin story list" in table and "News sitemap" in table
    assert "article page queries" in table
    growth = next(target for target in results["targets"] if target["target"].startswith("uncached article"))
    assert growth["target"] == "uncached article p95 at 30 / at 10"
    assert growth["measured"] == f"{growth_ratio:.2f}x ({at_30:.1f} / {at_10:.1f} ms)"
    assert growth["met"] is (growth_ratio <= report.UNCACHED_GROWTH_LIMIT)
    found = {target["target"]: target for target in results["targets"]}
    api_list = found["API list of 50 p95 at 30"]
    assert api_list["measured"] == f"{measured['pages']['api_list']['cold']['p95_ms']:.1f} ms"
    assert "API story / story page, drawn from nothing, cold p50 at 30" in found


def scaled(measured, factor, per_page=None):
    """``measured`` with every reader's page ``factor`` times slower (``per_page`` for some), answers as big."""
    result = copy.deepcopy(measured)
    for name, page in result["pages"].items():
        page["cold"]["p50_ms"] *= (per_page or {}).get(name, factor)
    return result


def test_a_run_past_100000_stories_compares_every_readers_page_with_its_cost_at_100000(newsroom):
    usual = {"database": "sqlite", "page_cache": None, "pages": server_times(public_pages(requests=2))}
    big = scaled(usual, 1.1, per_page={"author": 2.0, "story_sitemap": 10.0})
    # The larger archive's month lists ten times the addresses: ten times the bytes.
    big["pages"]["story_sitemap"]["cold"]["bytes"] = usual["pages"]["story_sitemap"]["cold"]["bytes"] * 10
    server = {"30": big, "20": usual, "10": usual}
    found = {target["target"]: target for target in report.targets(server, 30, 10, reference=20)}
    home = found["Home cold p50 at 30 / at 20"]
    assert home["met"] and home["goal"] == "<= 1.3x" and home["measured"].startswith("1.10x (")
    assert not found["Author profile cold p50 at 30 / at 20"]["met"]
    month = found["Month's sitemap cold p50 per KB at 30 / at 20"]
    assert month["met"] and "10.00x per page" in month["measured"]
    assert not any(name.startswith("Admin story list cold p50") for name in found)
    assert not any(" at 30 / at 20" in target["target"] for target in report.targets(server, 30, 10))
    results = {
        "articles": 30,
        "baseline_articles": 10,
        "flatness_reference_articles": 20,
        "requests_per_page": 2,
        "server_time": server,
        "explain": {"sitemap": {"rows_read": 75, "seq_scans": []}},
        "explain_at_reference": {"sitemap": {"rows_read": 74, "seq_scans": []}},
        "targets": list(found.values()),
        "duration_seconds": 12.0,
    }
    table = report.table(results)
    assert "cold p50/p95 @20" in table and "[MISS] Author profile cold p50 at 30 / at 20: 2.00x" in table
    assert "sitemap                            74           75" in table
    assert report.history_entry(results)["flat_ratios"]["author"] == 2.0


def test_rows_read_that_grow_with_the_archive_are_a_missed_target():
    at_reference = {"home": {"rows_read": 40}, "sitemap": {"rows_read": 90_000}, "story_sitemap": {"rows_read": 1_300}}
    at_large = {"home": {"rows_read": 44}, "sitemap": {"rows_read": 900_000}, "story_sitemap": {"rows_read": 13_000}}
    assert report.rows_read_growth(at_large, at_reference) == {"sitemap": (900_000, 90_000)}
    at_large["sitemap"]["rows_read"] = 90_001
    assert report.rows_read_growth(at_large, at_reference) == {}


@pytest.mark.postgres(reason="EXPLAIN ANALYZE")
def test_the_explain_pass_counts_the_rows_each_page_reads(newsroom):
    from bench.explain import explain_pages

    found = explain_pages(public_pages(requests=1))
    assert found["sitemap"]["rows_read"] > 0
    assert all(page["rows_read"] >= 0 and page["queries"] >= 1 for page in found.values())


def test_load_addresses_mix_every_kind_of_page(newsroom):
    pools = address_pools(articles=10, others=5)
    paths = mixed_paths(pools, count=400)
    assert "/" in paths
    for kind in MIX.keys() - {"home"}:
        assert any(path in pools[kind] for path in paths), kind
    assert sum(path in pools["archive"] for path in paths) > sum(path == "/" for path in paths)


def test_the_story_pool_is_kept_drawn_and_the_fresh_pool_is_not(newsroom, tmp_path):
    pools = address_pools(articles=4, fresh=3, others=5)
    assert not set(pools["articles"]) & set(pools["fresh_articles"])
    urls = tmp_path / "urls.json"
    urls.write_text(json.dumps(pools))
    StoryPart.objects.bulk_create(
        [
            StoryPart(
                article_id=stories_at(pools["fresh_articles"])[0],
                kind="story",
                recipe="old",
                version=0,
                keys="[]",
                content="{}",
            )
        ]
    )

    task.main(["parts", f"--urls={urls}", f"--out={tmp_path / 'parts.json'}"])

    kept = set(StoryPart.objects.exclude(kind="document").values_list("article_id", flat=True))
    assert kept == set(stories_at(pools["articles"])) and len(kept) == 4
    documents = set(StoryPart.objects.filter(kind="document").values_list("article_id", flat=True))
    assert {f"/api/v1/stories/{pk}/" for pk in documents} == set(pools["api_stories"]) and len(documents) == 4
    assert not {f"/api/v1/stories/{pk}/" for pk in documents} & set(pools["fresh_api_stories"])
    figures = json.loads((tmp_path / "parts.json").read_text())
    assert (figures["stories"], figures["api_documents"]) == (4, 4)
    response = Client().get(pools["articles"][0])
    assert response.status_code == 200


def test_the_archive_is_every_live_story_newest_first(newsroom):
    from django.utils import timezone

    live = Article.objects.filter(status=Status.PUBLISHED, published_at__lte=timezone.now())
    archive = address_pools(articles=10, others=5)["archive"]
    assert archive == [story.get_absolute_url() for story in live.order_by("-published_at", "-pk")]
    assert len(archive) == live.count() < Article.objects.count()
    response = Client().get(archive[0])
    assert response.status_code == 200


def test_a_finished_build_is_recognised_and_reused(tmp_path, monkeypatch):
    monkeypatch.delenv("DATABASE_URL", raising=False)
    monkeypatch.setattr(config, "VAR", tmp_path)
    url = config.bench_database_url(1000)
    assert url.endswith("newsroom-1000.sqlite3")
    database.recreate(url)
    assert database.built_articles(url) is None
    path = url.removeprefix("sqlite:///")
    with sqlite3.connect(path) as connection:
        connection.execute(f"CREATE TABLE {database.MARKER_TABLE} (articles integer, built_at varchar(40))")
        connection.execute(f"INSERT INTO {database.MARKER_TABLE} VALUES (1000, 'now')")  # noqa: S608
    assert database.built_articles(url) == 1000


def test_benchmark_databases_sit_beside_the_developers_and_only_they_are_dropped(monkeypatch):
    monkeypatch.setenv("DATABASE_URL", "postgres://postgres@127.0.0.1:5432/newsroom_dev")
    assert config.bench_database_url(100_000) == "postgres://postgres@127.0.0.1:5432/newsroom_dev_bench_100000"
    with pytest.raises(ValueError, match="Refusing to drop"):
        database.recreate("postgres://postgres@127.0.0.1:5432/newsroom_dev")


def test_marker_records_the_size(newsroom):
    mark_finished(30)
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute(f"SELECT articles FROM {database.MARKER_TABLE}")  # noqa: S608
        assert cursor.fetchone() == (30,)


WRK_OUTPUT = """Running 10s test @ http://127.0.0.1:8123
  2 threads and 4 connections
  Thread Stats   Avg      Stdev     Max   +/- Stdev
    Latency     5.10ms    2.01ms  40.12ms   90.00%
    Req/Sec   400.11     20.00   450.00     70.00%
  Latency Distribution
     50%    4.80ms
     75%    5.90ms
     90%    7.20ms
     99%    1.02s
  7993 requests in 10.01s, 40.00MB read
  Socket errors: connect 0, read 2, write 0, timeout 1
  Non-2xx or 3xx responses: 3
Requests/sec:    798.50
Transfer/sec:      4.00MB
BENCH {"2xx": 7990, "3xx": 0, "4xx": 0, "5xx": 3}
PAGE_CACHE {"hit": 7000, "miss": 990, "none": 3}
"""


def test_wrk_reports_are_read_whole():
    figures = parse_wrk(WRK_OUTPUT)
    assert figures["requests"] == 7993
    assert figures["requests_per_second"] == 798.5
    assert figures["latency_ms"] == {"p50": 4.8, "p75": 5.9, "p90": 7.2, "p99": 1020.0}
    assert figures["socket_errors"] == 3
    assert figures["statuses"]["5xx"] == 3
    assert figures["page_cache"] == {"hit": 7000, "miss": 990, "none": 3}


def test_the_load_runs_editor_waits_out_a_server_that_does_not_answer(monkeypatch):
    """A request the busy server leaves unanswered is a change not yet seen, not the end of the run."""
    import socket

    from bench import editor

    silent = socket.socket()
    silent.bind(("127.0.0.1", 0))
    silent.listen(1)  # accepts the connection and never answers
    monkeypatch.setattr(editor, "POLL_LIMIT", 0.3)
    url = f"http://127.0.0.1:{silent.getsockname()[1]}/"
    try:
        assert editor.fetch(url) == (None, b"")
        assert editor.seconds_until(url, lambda status, body: status == 200) is None
    finally:
        silent.close()
