"""The stories' sitemaps, a month each: every live story listed once, in the month of its address, as fresh as it is."""

import datetime
import zoneinfo
from collections import Counter

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from articles import workflow
from articles.models import Article, Correction, Status
from tests.factories import ArticleFactory, editor
from tests.plans import queries_of, rows_read
from tests.sitemaps import index_entries, listed, month_sitemap

pytestmark = pytest.mark.django_db

NEW_YORK = zoneinfo.ZoneInfo("America/New_York")


def at(*parts):
    """A moment in the newsroom's time zone (the settings' America/New_York)."""
    return datetime.datetime(*parts, tzinfo=NEW_YORK)


def story_months(client):
    """The index's entries for stories' sitemaps: [(path, lastmod)], in its order."""
    return [(path, lastmod) for path, lastmod in index_entries(client) if path.startswith("/sitemap-articles-")]


@pytest.fixture
def archive():
    """Live stories over three months years apart, and stories readers must not see in a fourth month."""
    live = [
        ArticleFactory(headline="Old one", published_at=at(2019, 3, 2, 9)),
        ArticleFactory(headline="Old two", published_at=at(2019, 3, 28, 18)),
        ArticleFactory(headline="Middle", published_at=at(2023, 11, 15, 12)),
        ArticleFactory(headline="Recent", published_at=timezone.now() - datetime.timedelta(hours=1)),
    ]
    for status in (Status.DRAFT, Status.IN_REVIEW, Status.APPROVED, Status.UNPUBLISHED):
        ArticleFactory(headline=f"Hidden {status}", status=status, published_at=at(2021, 6, 10, 12))
    ArticleFactory(headline="Scheduled", published_at=timezone.now() + datetime.timedelta(days=40))
    return live


def test_the_index_lists_the_months_with_live_stories_newest_first(client, archive):
    paths = [path for path, _lastmod in story_months(client)]
    assert paths == [month_sitemap(archive[3].published_at), month_sitemap(archive[2].published_at)] + [
        "/sitemap-articles-2019-03.xml"
    ]


def test_every_live_story_is_listed_exactly_once_across_the_months(client, archive, settings):
    addresses = Counter(address for path, _lastmod in story_months(client) for address, _ in listed(client, path))
    assert addresses == Counter(settings.SITE_URL + story.get_absolute_url() for story in archive)


def test_a_month_lists_its_stories_newest_first_with_their_last_change(client, archive, settings):
    Article.objects.filter(pk=archive[0].pk).update(updated_at=at(2020, 1, 5, 10))
    entries = listed(client, "/sitemap-articles-2019-03.xml")
    assert entries == [
        (settings.SITE_URL + archive[1].get_absolute_url(), "2019-03-28T18:00:00-04:00"),
        (settings.SITE_URL + archive[0].get_absolute_url(), "2020-01-05T10:00:00-05:00"),
    ]


def test_a_story_is_listed_in_the_month_of_its_address(client, settings):
    # Late on the last day of May in New York is June in UTC: the address, and the sitemap, say May.
    story = ArticleFactory(published_at=at(2024, 5, 31, 23, 30))
    assert story.get_absolute_url().startswith("/2024/05/31/")
    assert [address for address, _ in listed(client, "/sitemap-articles-2024-05.xml")] == [
        settings.SITE_URL + story.get_absolute_url()
    ]
    assert client.get("/sitemap-articles-2024-06.xml").status_code == 404


def test_a_story_published_joins_its_month_and_moves_its_lastmod(client, archive, settings):
    story = ArticleFactory(status=Status.APPROVED, published_at=None)
    when = at(2023, 11, 20, 8)
    workflow.publish(story, editor(), at=when)
    entries = dict(story_months(client))
    assert entries["/sitemap-articles-2023-11.xml"] == when
    assert settings.SITE_URL + story.get_absolute_url() in dict(listed(client, "/sitemap-articles-2023-11.xml"))
    workflow.unpublish(story, editor())
    assert settings.SITE_URL + story.get_absolute_url() not in dict(listed(client, "/sitemap-articles-2023-11.xml"))


def test_each_months_lastmod_is_its_newest_publication_or_update(client, archive):
    Correction.objects.create(article=archive[0], text="A date was wrong.", published_at=at(2024, 2, 1, 12))
    entries = dict(story_months(client))
    assert entries["/sitemap-articles-2019-03.xml"] == at(2024, 2, 1, 12)
    assert entries["/sitemap-articles-2023-11.xml"] == archive[2].published_at
    for path, lastmod in entries.items():
        assert lastmod == max(datetime.datetime.fromisoformat(moment) for _, moment in listed(client, path))


def test_a_month_without_live_stories_is_not_found(client, archive):
    assert client.get("/sitemap-articles-2021-06.xml").status_code == 404
    assert client.get("/sitemap-articles-2020-01.xml").status_code == 404
    assert client.get("/sitemap-articles-2019-13.xml").status_code == 404
    assert client.get("/sitemap-articles.xml").status_code == 404


def test_a_months_sitemap_never_passes_the_protocols_limit(client, archive, monkeypatch):
    from public import sitemaps

    assert sitemaps.STORIES_PER_SITEMAP == 50_000
    monkeypatch.setattr(sitemaps, "STORIES_PER_SITEMAP", 1)
    assert len(listed(client, "/sitemap-articles-2019-03.xml")) == 1


def test_the_index_costs_one_query_for_its_months_however_many(client):
    def months_query_count():
        with CaptureQueriesContext(connection) as queries:
            assert client.get("/sitemap.xml").status_code == 200
        return len(queries)

    ArticleFactory(published_at=at(2024, 1, 10, 12))
    one_month = months_query_count()
    for month in range(1, 13):
        ArticleFactory(published_at=at(2020, month, 10, 12))
    assert len(story_months(client)) == 13
    assert months_query_count() == one_month


@pytest.mark.postgres(reason="reads the query plans")
def test_the_index_reads_a_few_rows_a_month_never_the_stories(client):
    stories = [ArticleFactory(published_at=at(2022, month, day, 12)) for month in (4, 7) for day in range(1, 29)]
    read = sum(rows_read(sql, "articles_article") for sql in queries_of(client, "/sitemap.xml"))
    # A few index entries for each of the two months and for the sections' and authors' newest times.
    assert read < len(stories) / 2, read
