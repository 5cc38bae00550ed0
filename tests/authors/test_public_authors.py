"""Columnist profiles and the columnists index, as readers and search engines see them."""

import datetime
import json
import re

import pytest
import time_machine
from django.utils import timezone

from articles import workflow
from articles.models import Byline, Status
from authors.models import AuthorLink
from tests.factories import ArticleFactory, AuthorFactory, ImageFactory, editor
from tests.pages import get, headlines
from tests.plans import queries_of, rows_read

pytestmark = pytest.mark.django_db


def test_profile_lists_exactly_the_authors_live_stories_newest_first(client):
    author, other = AuthorFactory(slug="ada"), AuthorFactory()
    now = timezone.now()
    ArticleFactory(headline="Older own", authors=[author], published_at=now - datetime.timedelta(days=2))
    ArticleFactory(headline="Newer shared", authors=[other, author], published_at=now - datetime.timedelta(hours=1))
    ArticleFactory(headline="Someone else's", authors=[other])
    ArticleFactory(headline="Own draft", authors=[author], status=Status.DRAFT)
    ArticleFactory(headline="Own in review", authors=[author], status=Status.IN_REVIEW)
    ArticleFactory(headline="Own unpublished", authors=[author], status=Status.UNPUBLISHED)
    ArticleFactory(headline="Own scheduled", authors=[author], published_at=now + datetime.timedelta(hours=1))
    assert headlines(get(client, "/authors/ada/")) == ["Newer shared", "Older own"]


def test_profile_follows_a_story_to_each_new_time_the_desk_gives_it(client):
    author, desk = AuthorFactory(slug="ada"), editor()
    now = timezone.now().replace(microsecond=0)
    ArticleFactory(headline="Older", authors=[author], published_at=now - datetime.timedelta(hours=3))
    ArticleFactory(headline="Newer", authors=[author], published_at=now - datetime.timedelta(hours=1))
    moved = ArticleFactory(headline="Moved", authors=[author], status=Status.APPROVED, published_at=None)
    workflow.publish(moved, desk, at=now + datetime.timedelta(hours=1))
    workflow.reschedule(moved, desk, at=now + datetime.timedelta(minutes=10))
    with time_machine.travel(now + datetime.timedelta(minutes=10), tick=False):
        assert headlines(get(client, "/authors/ada/")) == ["Moved", "Newer", "Older"]
    with time_machine.travel(now + datetime.timedelta(minutes=10, seconds=-1), tick=False):
        assert headlines(get(client, "/authors/ada/")) == ["Newer", "Older"]
    workflow.unpublish(moved, desk)
    workflow.publish(moved, desk, at=now - datetime.timedelta(hours=2))
    assert headlines(get(client, "/authors/ada/")) == ["Newer", "Moved", "Older"]


def test_profile_lists_a_story_whose_byline_came_after_publication(client):
    story = ArticleFactory(headline="Shared later", authors=[AuthorFactory()])
    Byline.objects.create(article=story, author=AuthorFactory(slug="late"), order=1)
    assert headlines(get(client, "/authors/late/")) == ["Shared later"]


@pytest.mark.postgres(reason="reads the query plans")
def test_profile_reads_the_authors_stories_not_the_archive_since_their_last(client):
    author = AuthorFactory(slug="rare")
    own = [
        ArticleFactory(authors=[author], published_at=timezone.now() - datetime.timedelta(days=400 + n))
        for n in range(3)
    ]
    others = [ArticleFactory(published_at=timezone.now() - datetime.timedelta(hours=n + 1)) for n in range(60)]
    read = sum(rows_read(sql, "articles_article") for sql in queries_of(client, "/authors/rare/"))
    # Their page's ids, then those stories' rows: never a walk through the newer stories by others.
    assert read == 2 * len(own), f"{read} rows read, {len(others)} newer stories by others"


def test_profile_shows_headshot_name_title_long_bio_and_links(client, make_renditions):
    headshot = make_renditions(ImageFactory(alt_text="Portrait of Ada"))[0]
    author = AuthorFactory(
        slug="ada",
        name="Ada Orbit",
        title="Space Insider Columnist",
        headshot=headshot,
        long_bio="<p>Ada has covered <em>everything</em> that flies.</p>",
        website="https://ada.example/",
    )
    AuthorLink.objects.create(author=author, label="Newsletter", url="https://news.example/ada")
    html = get(client, "/authors/ada/")
    profile = html.split('<header class="profile">')[1].split("</header>")[0]
    assert "<picture>" in profile and 'alt="Portrait of Ada"' in profile
    assert "<h1>Ada Orbit</h1>" in profile
    assert "Space Insider Columnist" in profile
    assert '<a href="https://ada.example/" rel="me noopener">Website</a>' in profile
    assert '<a href="https://news.example/ada" rel="me noopener">Newsletter</a>' in profile
    assert "<p>Ada has covered <em>everything</em> that flies.</p>" in html


def test_profile_page_json_ld_is_a_profile_page_about_a_person(client, make_renditions, settings):
    author = AuthorFactory(slug="ada", name="Ada Orbit", title="Columnist", headshot=make_renditions(ImageFactory())[0])
    AuthorLink.objects.create(author=author, label="Social", url="https://social.example/@ada")
    html = get(client, "/authors/ada/")
    (block,) = re.findall(r'<script type="application/ld\+json">(.*?)</script>', html, re.S)
    data = json.loads(block)
    assert data["@context"] == "https://schema.org"
    assert data["@type"] == "ProfilePage"
    person = data["mainEntity"]
    assert person["@type"] == "Person"
    assert person["name"] == "Ada Orbit"
    assert person["url"] == f"{settings.SITE_URL}/authors/ada/"
    assert person["jobTitle"] == "Columnist"
    assert person["image"].startswith(settings.SITE_URL + "/uploads/")
    assert person["sameAs"] == ["https://social.example/@ada"]
    assert f'<link rel="canonical" href="{settings.SITE_URL}/authors/ada/">' in html


def test_profile_paginates_and_404s_past_the_end(client):
    author = AuthorFactory(slug="busy")
    for n in range(21):
        ArticleFactory(authors=[author], published_at=timezone.now() - datetime.timedelta(hours=n + 1))
    assert len(headlines(get(client, "/authors/busy/"))) == 20
    assert len(headlines(get(client, "/authors/busy/?page=2"))) == 1
    assert client.get("/authors/busy/?page=3").status_code == 404
    assert client.get("/authors/nobody/").status_code == 404


@pytest.mark.parametrize("stories", [1, 12])
def test_profile_query_count_is_fixed(client, django_assert_num_queries, stories):
    author = AuthorFactory(slug="steady", headshot=ImageFactory())
    AuthorLink.objects.create(author=author, label="Site", url="https://example.org/")
    for _ in range(stories):
        story = ArticleFactory(authors=[author], hero_image=ImageFactory())
        Byline.objects.create(article=story, author=AuthorFactory(), order=1)
    # author with their links; headshot renditions; the page's ids; the content version; its stories
    # with their bylines; hero renditions; sections.
    with django_assert_num_queries(7):
        drawn = client.get("/authors/steady/").content
    # Their teasers kept: author with their links; headshot renditions; the page's ids; which kept
    # teasers changed since; sections.
    with django_assert_num_queries(5):
        assert client.get("/authors/steady/").content == drawn


def test_index_lists_columnists_first_in_their_order(client):
    AuthorFactory(name="Zed Reporter", is_columnist=False, order=0)
    AuthorFactory(name="Second Columnist", is_columnist=True, order=2)
    AuthorFactory(name="First Columnist", is_columnist=True, order=1)
    AuthorFactory(name="Former Writer", is_active=False)
    html = get(client, "/authors/")
    names = re.findall(r'<h2 class="author-card-name"><a href="[^"]+">([^<]+)</a>', html)
    assert names == ["First Columnist", "Second Columnist", "Zed Reporter"]


def test_index_query_count_is_fixed(client, django_assert_num_queries):
    for n in range(6):
        AuthorFactory(headshot=ImageFactory(), is_columnist=n % 2 == 0)
    # authors with headshots; headshot renditions; sections.
    with django_assert_num_queries(3):
        client.get("/authors/")
