"""Feeds, sitemaps and robots.txt: what feed readers and search engines fetch."""

import datetime
import html

import feedparser
import pytest
from defusedxml import ElementTree as ET
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from articles.models import Article, Status
from tests.factories import ArticleFactory, AuthorFactory, ImageFactory, SectionFactory, TagFactory
from tests.sitemaps import NS, SITEMAP_NS, fetch_xml, index_entries, is_w3c_datetime, listed, month_sitemap

pytestmark = pytest.mark.django_db


def fetch_feed(client, url):
    response = client.get(url)
    assert response.status_code == 200
    parsed = feedparser.parse(response.content)
    assert not parsed.bozo, parsed.get("bozo_exception")
    return response, parsed


@pytest.fixture
def newsroom(make_renditions):
    """Two sections, live stories with heroes and tags, and one story in every state a reader must not see."""
    space, earth = SectionFactory(slug="space", name="Space"), SectionFactory(slug="earth", name="Earth")
    ada, ben = AuthorFactory(name="Ada Orbit", slug="ada-orbit"), AuthorFactory(name="Ben Crater", slug="ben-crater")
    hero = make_renditions(ImageFactory())[0]
    moon = TagFactory(name="Moon", slug="moon")
    live = [
        ArticleFactory(headline="Space story one", section=space, authors=[ada, ben], hero_image=hero, tags=[moon]),
        ArticleFactory(headline="Space story two", section=space, authors=[ada], dek="Two's standfirst & more"),
        ArticleFactory(headline="Earth story", section=earth, authors=[ben]),
    ]
    hidden = [
        ArticleFactory(headline="Draft story", section=space, authors=[ada], status=Status.DRAFT, published_at=None),
        ArticleFactory(headline="Review story", section=space, authors=[ada], status=Status.IN_REVIEW),
        ArticleFactory(headline="Approved story", section=space, authors=[ada], status=Status.APPROVED),
        ArticleFactory(headline="Unpublished story", section=space, authors=[ada], status=Status.UNPUBLISHED),
        ArticleFactory(
            headline="Scheduled story",
            section=space,
            authors=[ada],
            tags=[moon],
            published_at=timezone.now() + datetime.timedelta(hours=1),
        ),
    ]
    return {"live": live, "hidden": hidden, "ada": ada, "space": space}


# Feeds --------------------------------------------------------------------------------------


@pytest.mark.parametrize("url", ["/feed/", "/feed/atom/"])
def test_latest_feeds_parse_and_hold_only_live_stories(client, newsroom, url, settings):
    response, feed = fetch_feed(client, url)
    titles = [entry.title for entry in feed.entries]
    assert sorted(titles) == sorted(story.headline for story in newsroom["live"])
    assert feed.feed.title == settings.SITE_NAME
    if url.endswith("atom/"):
        assert feed.version == "atom10"
        assert response["Content-Type"].startswith("application/atom+xml")
    else:
        assert feed.version == "rss20"
        assert response["Content-Type"].startswith("application/rss+xml")


@pytest.mark.parametrize("url", ["/feed/", "/feed/atom/"])
def test_feed_items_carry_full_metadata(client, newsroom, url, settings):
    _, feed = fetch_feed(client, url)
    entry = next(entry for entry in feed.entries if entry.title == "Space story one")
    story = newsroom["live"][0]
    assert entry.link == settings.SITE_URL + story.get_absolute_url()
    assert entry.id.startswith("tag:") and entry.id.endswith(f":story-{story.pk}")
    assert entry.author == "Ada Orbit and Ben Crater"
    assert entry.summary == "A short standfirst."
    assert entry.published_parsed is not None
    assert [tag.term for tag in entry.tags] == ["Moon"]
    (enclosure,) = entry.enclosures
    assert enclosure.href.startswith(settings.SITE_URL + "/uploads/images/renditions/")
    assert enclosure.type == "image/jpeg"
    assert int(enclosure.length) > 0
    escaped = next(entry for entry in feed.entries if entry.title == "Space story two")
    # The summary is HTML to a feed reader: the plain-text dek arrives escaped and reads as typed.
    assert escaped.summary == "Two&#x27;s standfirst &amp; more"
    assert html.unescape(escaped.summary) == "Two's standfirst & more"


@pytest.mark.parametrize("suffix", ["", "atom/"])
def test_section_feed_holds_only_that_sections_live_stories(client, newsroom, suffix, settings):
    _, feed = fetch_feed(client, f"/sections/space/feed/{suffix}")
    assert sorted(entry.title for entry in feed.entries) == ["Space story one", "Space story two"]
    assert feed.feed.title == f"Space | {settings.SITE_NAME}"


@pytest.mark.parametrize("suffix", ["", "atom/"])
def test_author_feed_holds_only_that_authors_live_stories(client, newsroom, suffix):
    _, feed = fetch_feed(client, f"/authors/ada-orbit/feed/{suffix}")
    assert sorted(entry.title for entry in feed.entries) == ["Space story one", "Space story two"]


def test_feeds_of_unknown_sections_and_authors_are_404(client, newsroom):
    assert client.get("/sections/nowhere/feed/").status_code == 404
    assert client.get("/authors/nobody/feed/atom/").status_code == 404


def test_feed_query_count_is_fixed(client, newsroom, django_assert_num_queries):
    # stories with their bylines; hero renditions; tags.
    with django_assert_num_queries(3):
        client.get("/feed/")


FEEDS_AND_SITEMAPS = {
    # Stories with their bylines; enclosure renditions; tags.
    "/feed/": 3,
    "/feed/atom/": 3,
    # The section too.
    "/sections/space/feed/": 4,
    # The author too, with their links in the same row.
    "/authors/ada-orbit/feed/": 4,
    # The months of stories with their newest times; per sitemap of sections and of authors, its newest
    # time and its size (the authors' newest time is the newer of two).
    "/sitemap.xml": 6,
    # This month's stories.
    "/sitemap-articles-{month}.xml": 1,
    # The count; the page of entries (with their newest times).
    "/sitemap-sections.xml": 2,
    "/sitemap-authors.xml": 2,
    "/news-sitemap.xml": 2,
}


def test_feeds_and_sitemaps_cost_the_same_queries_however_big_the_newsroom(client, newsroom, make_renditions):
    this_month = month_sitemap(newsroom["live"][0].published_at)

    def costs():
        found = {}
        for url in FEEDS_AND_SITEMAPS:
            with CaptureQueriesContext(connection) as queries:
                response = client.get(this_month if "{month}" in url else url)
                assert response.status_code == 200, url
            found[url] = len(queries)
        return found

    small = costs()
    authors = [newsroom["ada"], *(AuthorFactory() for _ in range(4))]
    tags = [TagFactory() for _ in range(10)]
    for months_ago in range(5):
        ArticleFactory(
            section=newsroom["space"],
            authors=authors,
            tags=tags,
            hero_image=make_renditions(ImageFactory())[0],
            published_at=timezone.now() - datetime.timedelta(days=31 * months_ago, hours=1),
        )
    assert costs() == small
    assert small == FEEDS_AND_SITEMAPS


# Sitemaps -------------------------------------------------------------------------------


def sitemap_urls(client):
    """Follow the index at /sitemap.xml to every sitemap: {address: lastmod text}."""
    return {address: lastmod for path, _lastmod in index_entries(client) for address, lastmod in listed(client, path)}


def test_sitemap_index_leads_to_live_stories_sections_and_authors(client, newsroom, settings):
    locations = sitemap_urls(client)
    assert all(loc.startswith(settings.SITE_URL + "/") for loc in locations)
    for story in newsroom["live"]:
        assert is_w3c_datetime(locations[settings.SITE_URL + story.get_absolute_url()])
    for story in Article.objects.exclude(pk__in=[s.pk for s in newsroom["live"]]):
        assert all(not loc.endswith(f"/{story.slug}/") for loc in locations)
    space = locations[f"{settings.SITE_URL}/sections/space/"]
    newest = max(story.published_at for story in newsroom["live"][:2])
    assert datetime.datetime.fromisoformat(space) == newest.replace(microsecond=0)
    assert is_w3c_datetime(locations[f"{settings.SITE_URL}/authors/ada-orbit/"])


def test_each_index_entry_is_as_fresh_as_the_newest_address_it_lists(client, newsroom):
    """Every sitemap's lastmod in the index, worked out without reading the sitemap, is exactly its newest."""
    author = newsroom["live"][0].bylines.first().author
    author.short_bio = "Edited after the last story."
    author.save()
    Article.objects.filter(pk=newsroom["live"][1].pk).update(updated_at=timezone.now())
    for path, lastmod in index_entries(client):
        newest = max(datetime.datetime.fromisoformat(moment) for _address, moment in listed(client, path))
        assert lastmod == newest, path


def test_the_index_lists_every_page_of_a_long_sitemap(client, newsroom, monkeypatch):
    from public.sitemaps import AuthorSitemap

    monkeypatch.setattr(AuthorSitemap, "limit", 1)
    paths = [path for path, _lastmod in index_entries(client)]
    assert paths[-2:] == ["/sitemap-authors.xml", "/sitemap-authors.xml?p=2"]
    assert len(listed(client, "/sitemap-authors.xml?p=2")) == 1


def test_news_sitemap_holds_the_last_48_hours(client, newsroom, settings):
    old = ArticleFactory(headline="Old story", published_at=timezone.now() - datetime.timedelta(hours=49))
    root = fetch_xml(client, "/news-sitemap.xml")
    urls = root.findall("s:url", NS)
    headlines = set()
    for url in urls:
        assert url.find("s:loc", NS).text.startswith(settings.SITE_URL + "/")
        news = url.find("news:news", NS)
        assert news.find("news:publication/news:name", NS).text == settings.SITE_NAME
        assert news.find("news:publication/news:language", NS).text == "en"
        published = news.find("news:publication_date", NS).text
        assert is_w3c_datetime(published)
        assert timezone.now() - datetime.datetime.fromisoformat(published) <= datetime.timedelta(hours=48)
        headlines.add(news.find("news:title", NS).text)
    assert headlines == {story.headline for story in newsroom["live"]}
    assert old.headline not in headlines


@pytest.mark.parametrize("path", ["/sitemap.xml", "/sitemap-articles-{month}.xml", "/sitemap-authors.xml"])
def test_sitemaps_use_the_public_origin_whatever_the_host(client, newsroom, settings, path):
    settings.ALLOWED_HOSTS = ["other.example"]
    path = month_sitemap(newsroom["live"][0].published_at) if "{month}" in path else path
    root = ET.fromstring(client.get(path, HTTP_HOST="other.example").content)
    locations = [loc.text for loc in root.iter(f"{{{SITEMAP_NS}}}loc")]
    assert locations and all(location.startswith(settings.SITE_URL + "/") for location in locations)


def test_robots_points_at_both_sitemaps(client, settings):
    response = client.get("/robots.txt")
    assert response.status_code == 200
    assert response["Content-Type"] == "text/plain; charset=utf-8"
    lines = response.content.decode().splitlines()
    assert "User-agent: *" in lines
    assert "Disallow: /admin/" in lines
    assert f"Sitemap: {settings.SITE_URL}/sitemap.xml" in lines
    assert f"Sitemap: {settings.SITE_URL}/news-sitemap.xml" in lines
