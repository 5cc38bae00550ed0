"""
A CDN purged of exactly the pages a change made stale, in one call after the commit, through a task
that tries again while the CDN does not answer. Fastly and Cloudflare are stand-ins that check each
call against their documented API (tests/cdn.py); Varnish runs for real (tests/test_varnish.py).
"""

import datetime
import logging

import pytest
from django.db import transaction
from django.utils import timezone

from articles import workflow
from articles.models import Status
from tests.cdn import SERVICE, TOKEN, ZONE, purge_api
from tests.factories import ArticleFactory, ImageFactory, SectionFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def page_cache_on(settings):
    settings.PAGE_CACHE_SECONDS = 300
    settings.CDN_PURGE_RETRY_SECONDS = 0


@pytest.fixture(params=["fastly", "cloudflare"])
def cdn(request, settings):
    """The CDN's purge API, a stand-in on the loopback, and the settings that name it."""
    with purge_api(request.param) as api:
        settings.CDN_PURGE = api.kind
        settings.FASTLY_API_URL, settings.FASTLY_SERVICE_ID, settings.FASTLY_API_TOKEN = api.url, SERVICE, TOKEN
        settings.CLOUDFLARE_API_URL, settings.CLOUDFLARE_ZONE_ID, settings.CLOUDFLARE_API_TOKEN = api.url, ZONE, TOKEN
        yield api


def keys_of(client, url):
    """The keys a page names for a CDN, as Fastly and Varnish read them and as Cloudflare does."""
    response = client.get(url)
    assert response.status_code == 200, url
    assert response["Cache-Tag"].split(",") == response["Surrogate-Key"].split(" ")
    return set(response["Surrogate-Key"].split(" "))


class Site:
    """A live story in Launches with a hero picture, and a story in Oceans that shares nothing with it."""

    def __init__(self, client):
        earlier = timezone.now() - datetime.timedelta(days=1)
        self.launches, self.oceans = SectionFactory(name="Launches"), SectionFactory(name="Oceans")
        self.picture = ImageFactory(credit="Wrong Agency")
        self.story = ArticleFactory(section=self.launches, hero_image=self.picture, published_at=earlier)
        self.elsewhere = ArticleFactory(section=self.oceans, published_at=earlier)
        urls = {
            "story": self.story.get_absolute_url(),
            "elsewhere": self.elsewhere.get_absolute_url(),
            "home": "/",
            "launches": self.launches.get_absolute_url(),
            "oceans": self.oceans.get_absolute_url(),
            "feed": "/feed/",
        }
        self.keys = {name: keys_of(client, url) for name, url in urls.items()}

    def purged_pages(self, api):
        return {name for name, keys in self.keys.items() if keys & api.purged}


def test_publishing_purges_the_lists_the_story_joins_in_one_call(client, desk, cdn, django_capture_on_commit_callbacks):
    site = Site(client)
    draft = ArticleFactory(section=site.launches, status=Status.APPROVED, published_at=None)
    with django_capture_on_commit_callbacks(execute=True):
        workflow.publish(draft, desk)
    assert [call.status for call in cdn.calls] == [200]
    assert site.purged_pages(cdn) == {"home", "launches", "feed", "story"}  # the story lists its section's newest


def test_an_edit_and_a_credit_in_one_save_purge_their_pages_in_one_call(
    client, cdn, django_capture_on_commit_callbacks
):
    site = Site(client)
    with django_capture_on_commit_callbacks(execute=True), transaction.atomic():
        site.story.headline = "Launch moved to Friday"
        site.story.save()
        site.picture.credit = "Right Agency"
        site.picture.save()
    assert len(cdn.calls) == 1
    assert "story" in site.purged_pages(cdn) and not site.purged_pages(cdn) & {"elsewhere", "oceans"}
    assert {f"story:{site.story.pk}", f"image:{site.picture.pk}"} <= cdn.purged


def test_unpublishing_purges_the_story_and_its_lists_and_nothing_else(
    client, desk, cdn, django_capture_on_commit_callbacks
):
    site = Site(client)
    with django_capture_on_commit_callbacks(execute=True):
        workflow.unpublish(site.story, desk)
    assert site.purged_pages(cdn) == {"story", "home", "launches", "feed"}


def test_a_change_readers_cannot_see_purges_nothing(client, cdn, django_capture_on_commit_callbacks):
    Site(client)
    draft = ArticleFactory(status=Status.DRAFT, published_at=None)
    with django_capture_on_commit_callbacks(execute=True):
        draft.headline = "Still drafting"
        draft.save()
    assert cdn.calls == []


@pytest.mark.parametrize("cdn", ["cloudflare"], indirect=True)
def test_a_change_past_one_calls_limit_is_purged_in_as_few_calls_as_the_api_allows(
    cdn, django_capture_on_commit_callbacks
):
    stories = ArticleFactory.create_batch(99)
    with django_capture_on_commit_callbacks(execute=True), transaction.atomic():
        for story in stories:
            story.headline = f"{story.headline}, updated"
            story.save()
    # 99 stories, the archive's list and "all": Cloudflare takes 100 tags a call.
    assert [len(call.body["tags"]) for call in cdn.calls] == [100, 1]
    assert [call.status for call in cdn.calls] == [200, 200]
    assert {f"story:{story.pk}" for story in stories} <= cdn.purged


def test_a_purge_the_cdn_refuses_for_a_while_is_made_again(client, desk, cdn, django_capture_on_commit_callbacks):
    site = Site(client)
    cdn.failures = 2
    with django_capture_on_commit_callbacks(execute=True):
        workflow.unpublish(site.story, desk)
    assert [call.status for call in cdn.calls] == [503, 503, 200]
    assert cdn.calls[0].body == cdn.calls[2].body
    assert site.purged_pages(cdn) == {"story", "home", "launches", "feed"}


def test_a_purge_that_keeps_failing_gives_up_and_says_so_without_failing_the_desk(
    client, desk, cdn, settings, caplog, django_capture_on_commit_callbacks
):
    site = Site(client)
    settings.CDN_PURGE_ATTEMPTS = 3
    cdn.failures = 10
    with caplog.at_level(logging.WARNING), django_capture_on_commit_callbacks(execute=True):
        workflow.unpublish(site.story, desk)
    assert [call.status for call in cdn.calls] == [503, 503, 503]
    site.story.refresh_from_db()
    assert site.story.status == Status.UNPUBLISHED
    assert "CDN purge failed (attempt 2 of 3)" in caplog.text
    assert any(
        record.levelno >= logging.ERROR and "pagecache.purging.purge" in record.getMessage()
        for record in caplog.records
    )


def test_with_no_cdn_nothing_is_sent(client, desk, settings, django_capture_on_commit_callbacks):
    with purge_api("fastly") as api:
        settings.FASTLY_API_URL = api.url
        assert settings.CDN_PURGE == "none"
        story = ArticleFactory()
        with django_capture_on_commit_callbacks(execute=True):
            workflow.unpublish(story, desk)
        assert api.calls == []
