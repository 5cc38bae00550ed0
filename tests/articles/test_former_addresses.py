"""
Former addresses: where a story lived on the site the newsroom moved from (a WordPress permalink, or
WordPress's ``/?p=123``) answers 301 to its address here, while readers may see it; otherwise the
address answers as it would without it.
"""

import pytest

from articles import workflow
from articles.models import FormerAddress, Status
from tests.factories import ArticleFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def story():
    story = ArticleFactory(headline="Europa flyby", slug="europa-flyby")
    FormerAddress.objects.create(article=story, address="/2014/05/europa-flyby/")
    FormerAddress.objects.create(article=story, address="/?p=123")
    FormerAddress.objects.create(article=story, address="/blog/?page_id=9")
    return story


@pytest.mark.parametrize(
    "asked",
    [
        "/2014/05/europa-flyby/",
        "/2014/05/europa-flyby",
        "/?p=123",
        "/?p=123&utm_source=newsletter",
        "/blog/?page_id=9",
    ],
)
def test_a_former_address_answers_301_to_the_story(client, story, asked):
    response = client.get(asked)
    assert response.status_code == 301
    assert response["Location"] == story.get_absolute_url()


def test_other_addresses_answer_as_before(client, story):
    assert client.get("/2014/05/another-story/").status_code == 404
    assert client.get("/?p=124").status_code == 200
    assert client.get("/?page=1").status_code == 200
    assert client.post("/2014/05/europa-flyby/").status_code in (403, 404, 405)


@pytest.mark.parametrize("status", [Status.DRAFT, Status.UNPUBLISHED])
def test_a_story_readers_cannot_see_leaves_its_former_address_unanswered(client, story, desk, status):
    if status == Status.UNPUBLISHED:
        workflow.unpublish(story, desk)
    else:
        story.status = status
        story.save()
    assert client.get("/2014/05/europa-flyby/").status_code == 404
    response = client.get("/?p=123")
    assert response.status_code == 200
    assert b"Europa flyby" not in response.content


def test_the_page_cache_keeps_the_home_page_apart_from_a_former_address(client, story, settings):
    settings.PAGE_CACHE_SECONDS = 300
    assert client.get("/")["X-Page-Cache"] == "miss"
    assert client.get("/")["X-Page-Cache"] == "hit"
    response = client.get("/?p=123")
    assert response.status_code == 301
    assert response["Location"] == story.get_absolute_url()
