"""
Old addresses: a story's former address answers 301 to its current one only while readers may see
the story. For a scheduled, draft, in-review, approved or unpublished story it is a plain 404 on
every form of the address, and nothing in the answer gives away where the story moved.
"""

import datetime

import pytest
import time_machine
from django.test import Client
from django.utils import timezone

from articles import workflow
from articles.models import Article, SlugRedirect, Status
from tests.articles.story_form import story_form
from tests.factories import ArticleFactory

pytestmark = pytest.mark.django_db

NEW_SLUG = "embargoed-mars-sample-return"


def change_slug(story, desk, slug):
    """An editor renames the story's address through the story form, as the desk does."""
    client = Client()
    client.force_login(desk)
    story.refresh_from_db()
    response = client.post(f"/admin/articles/article/{story.pk}/change/", story_form(story, slug=slug))
    assert response.status_code == 302, response.content.decode()[:2000]
    story.refresh_from_db()


def to_draft_like(status):
    def move(story, desk):
        # No step leads from a published story back to these states; stories arrive in them with a
        # publication time by import or by hand, and the rule must hold for them too.
        Article.objects.filter(pk=story.pk).update(status=status)

    return move


def unpublish(story, desk):
    workflow.unpublish(story, desk)


def reschedule_for_tomorrow(story, desk):
    # Taken down and published again at a later time: an embargo whose new address is not public yet.
    workflow.unpublish(story, desk)
    workflow.publish(story, desk, at=timezone.now() + datetime.timedelta(days=1))


NOT_LIVE = {
    "draft": to_draft_like(Status.DRAFT),
    "in review": to_draft_like(Status.IN_REVIEW),
    "approved": to_draft_like(Status.APPROVED),
    "unpublished": unpublish,
    "scheduled again": reschedule_for_tomorrow,
}


@pytest.fixture(params=[False, True], ids=["no page cache", "page cache"])
def page_cache(request, settings):
    settings.PAGE_CACHE_SECONDS = 300 if request.param else 0
    return request.param


def moved_live_story(desk):
    """A live story whose address an editor changed: its old address answers 301 while it is live."""
    story = ArticleFactory(slug="mars-sample-return", published_at=timezone.now() - datetime.timedelta(days=2))
    old_url = story.get_absolute_url()
    change_slug(story, desk, NEW_SLUG)
    return story, old_url


def variants(url):
    """Every form of an address the story URL pattern answers: with a query string, and without the slash."""
    return [url, f"{url}?utm_source=newsletter", f"{url}?page=2", url.rstrip("/")]


def assert_gone(client, url, story):
    """
    GET and HEAD answer 404 (after any slash redirect), and no answer on the way names the story's
    current address (nor its new slug, unless the address asked for carries it already).
    """
    secrets = [story.get_absolute_url()] + ([] if NEW_SLUG in url else [NEW_SLUG])
    for method in (client.get, client.head):
        response = method(url, follow=True)
        assert response.status_code == 404, (method.__name__, url)
        seen = [*(location for location, _ in response.redirect_chain), *response.headers.values()]
        seen.append(response.content.decode())
        leaks = [secret for secret in secrets if any(secret in text for text in seen)]
        assert not leaks, (method.__name__, url, response.redirect_chain)


@pytest.mark.parametrize("state", list(NOT_LIVE))
def test_the_old_address_of_a_story_readers_cannot_see_is_404(client, desk, page_cache, state):
    story, old_url = moved_live_story(desk)
    assert client.get(old_url).status_code == 301  # live: the old address leads on

    NOT_LIVE[state](story, desk)
    story.refresh_from_db()
    assert not story.is_live

    # Every address it ever had: the first one, and the renamed one if rescheduling moved its day.
    addresses = {old_url, *(str(old) for old in SlugRedirect.objects.filter(article=story))}
    for url in addresses:
        for variant in variants(url):
            assert_gone(client, variant, story)
            assert_gone(client, variant, story)  # and again, once any cache had its chance


def test_the_old_address_of_a_story_scheduled_before_it_ever_went_out_is_404_until_its_time(client, desk, page_cache):
    due = (timezone.now() + datetime.timedelta(hours=3)).replace(microsecond=0)
    story = ArticleFactory(slug="mars-sample-return", status=Status.APPROVED, published_at=None)
    workflow.publish(story, desk, at=due)
    old_url = story.get_absolute_url()
    change_slug(story, desk, NEW_SLUG)
    assert story.status == Status.PUBLISHED and story.published_at == due

    for variant in variants(old_url):
        assert_gone(client, variant, story)

    with time_machine.travel(due + datetime.timedelta(seconds=1), tick=False):
        moved = client.get(old_url)
        assert moved.status_code == 301
        assert moved["Location"] == story.get_absolute_url()


@pytest.mark.parametrize("method", ["get", "head"])
def test_the_old_address_of_a_live_story_still_answers_301(client, desk, page_cache, method):
    story, old_url = moved_live_story(desk)
    for variant in variants(old_url)[:3]:
        moved = getattr(client, method)(variant)
        assert moved.status_code == 301, variant
        assert moved["Location"] == story.get_absolute_url()
        assert moved["Location"].endswith(f"/{NEW_SLUG}/")
    assert client.get(old_url, follow=True).status_code == 200
