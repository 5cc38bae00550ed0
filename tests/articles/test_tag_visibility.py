"""
A tag gets a public page only through the desk: anyone writing may make one, but /tags/<slug>/ answers
404 until an editor publishes a story carrying it, and again once no live story does.
"""

import datetime

import pytest
from django.test import Client
from django.utils import timezone

from articles.models import Article, Status, Tag
from tests.articles.story_form import ADD_URL, story_form
from tests.clients import client_for
from tests.factories import ArticleFactory, AuthorFactory, SectionFactory, TagFactory, editor, journalist

pytestmark = pytest.mark.django_db


def step_url(story, step):
    return f"/admin/articles/article/{story.pk}/transition/{step}/"


def test_a_journalists_new_tag_gets_a_page_only_when_an_editor_publishes_a_story_carrying_it(settings):
    # Readers' pages come through the page cache, as in production: a 404 must not outlive the publication.
    settings.PAGE_CACHE_SECONDS = 300
    settings.PAGE_CACHE_MAX_AGE = 60
    settings.PAGE_CACHE_STALE_SECONDS = 300
    writer, desk, reader = journalist(username="writer"), editor(username="desk"), Client()
    author = AuthorFactory(user=writer)
    reporter = client_for(writer)

    assert (
        reporter.post("/admin/articles/tag/add/", {"name": "Editor's pick", "slug": "editors-pick"}).status_code == 302
    )
    tag = Tag.objects.get(slug="editors-pick")
    assert reader.get("/tags/editors-pick/").status_code == 404

    story_data = story_form(
        bylines=[(author, "")],
        headline="Comet seen at dawn",
        slug="comet-seen-at-dawn",
        body="<p>A comet rose before the Sun.</p>",
        section=SectionFactory().pk,
        tags=[tag.pk],
    )
    assert reporter.post(ADD_URL, story_data).status_code == 302
    story = Article.objects.get(slug="comet-seen-at-dawn")
    assert reader.get("/tags/editors-pick/").status_code == 404

    reporter.post(step_url(story, "submit"))
    story.refresh_from_db()
    assert story.status == Status.IN_REVIEW
    assert reader.get("/tags/editors-pick/").status_code == 404

    desk_client = client_for(desk)
    desk_client.post(step_url(story, "publish"), {"confirm": "yes"})
    story.refresh_from_db()
    assert story.is_live
    page = reader.get("/tags/editors-pick/")
    assert page.status_code == 200
    assert "Comet seen at dawn" in page.content.decode()

    desk_client.post(step_url(story, "unpublish"), {"note": "Pulled.", "confirm": "yes"})
    assert reader.get("/tags/editors-pick/").status_code == 404


def _moved(state):
    now = timezone.now()
    times = {
        "draft": None,
        "in_review": None,
        "approved": None,
        "scheduled": now + datetime.timedelta(hours=2),
        "published": now - datetime.timedelta(hours=2),
        "unpublished": now - datetime.timedelta(hours=2),
    }
    status = Status.PUBLISHED if state == "scheduled" else state
    return {"status": status, "published_at": times[state]}


@pytest.mark.parametrize(
    ("state", "status_code"),
    [
        ("draft", 404),
        ("in_review", 404),
        ("approved", 404),
        ("scheduled", 404),
        ("unpublished", 404),
        ("published", 200),
    ],
)
def test_a_tag_answers_only_while_a_live_story_carries_it(client, state, status_code):
    tag = TagFactory(slug="launch-week")
    ArticleFactory(headline="The tagged story", tags=[tag], **_moved(state))
    ArticleFactory(headline="An untagged live story")

    response = client.get("/tags/launch-week/")

    assert response.status_code == status_code
    assert ("The tagged story" in response.content.decode()) is (status_code == 200)


def test_a_tag_with_live_and_unfinished_stories_lists_only_the_live_ones(client):
    tag = TagFactory(slug="mars")
    ArticleFactory(headline="Live on Mars", tags=[tag])
    ArticleFactory(headline="Mars draft", tags=[tag], **_moved("draft"))
    ArticleFactory(headline="Mars embargo", tags=[tag], **_moved("scheduled"))

    html = client.get("/tags/mars/").content.decode()

    assert "Live on Mars" in html
    assert "Mars draft" not in html and "Mars embargo" not in html


def test_an_unpublished_tag_costs_no_more_than_its_first_page(client, django_assert_num_queries):
    tag = TagFactory(slug="quiet")
    for _ in range(5):
        ArticleFactory(tags=[tag], **_moved("draft"))

    # the tag; the first page's ids, which are none; the sections the not-found page's navigation shows;
    # whether it is a story's address on a site the newsroom moved from (public.middleware)
    with django_assert_num_queries(4):
        assert client.get("/tags/quiet/").status_code == 404
