"""
Precise invalidation: a change makes stale the pages that show what changed, and no others.

One small newsroom, every page of it cached, then one change; each page must come back fresh
("miss") or still cached ("hit") as the table says.
"""

import datetime
import select

import pytest
import time_machine
from django.utils import timezone

from articles import workflow
from articles.models import Correction, Status
from media.renditions import ensure_renditions, standard_specs
from pagecache import dependencies
from pagecache.models import PublicationState
from tests.factories import ArticleFactory, AuthorFactory, ImageFactory, SectionFactory, TagFactory
from tests.pages import local_midday

pytestmark = pytest.mark.django_db

PAGES = ("story", "neighbour", "elsewhere", "home", "section", "tag", "author", "feed", "section_feed", "corrections")
PAGES += ("other_section", "other_tag", "other_author", "other_author_feed")
# The lists the story joins when it goes live (the neighbour's related stories are drawn from its section
# and tag), and every page that shows the story once it is live.
JOINED_BY_THE_STORY = {"home", "section", "tag", "author", "feed", "section_feed", "neighbour"}
SHOWING_THE_STORY = {"story", *JOINED_BY_THE_STORY}


@pytest.fixture(autouse=True)
def page_cache_on(settings):
    settings.PAGE_CACHE_SECONDS = 300


class Newsroom:
    """
    ``story`` (the one that changes) in Launches, tagged "Moon", by Ada, with a hero picture;
    ``neighbour`` shares its section, tag and writer; ``elsewhere`` shares nothing with it.
    """

    def __init__(self, story_status=Status.PUBLISHED):
        self.section, self.other_section = SectionFactory(name="Launches"), SectionFactory(name="Oceans")
        self.tag, self.other_tag = TagFactory(name="Moon"), TagFactory(name="Reefs")
        self.writer, self.other_writer = AuthorFactory(name="Ada Byline"), AuthorFactory(name="Bo Byline")
        self.picture = ImageFactory(credit="Wrong Agency")
        earlier = timezone.now() - datetime.timedelta(days=3)
        shared = {"section": self.section, "tags": [self.tag], "authors": [self.writer]}
        self.neighbour = ArticleFactory(headline="Neighbour story", published_at=earlier, **shared)
        self.elsewhere = ArticleFactory(
            headline="Elsewhere story",
            published_at=earlier,
            section=self.other_section,
            tags=[self.other_tag],
            authors=[self.other_writer],
        )
        live = {"published_at": timezone.now() - datetime.timedelta(hours=1)}
        if story_status != Status.PUBLISHED:
            live = {"status": story_status, "published_at": None}
        self.story = ArticleFactory(headline="The changing story", hero_image=self.picture, **shared, **live)
        Correction.objects.create(article=self.neighbour, text="An earlier version misnamed the pad.")

    def urls(self):
        return {
            "story": self.story.get_absolute_url() if self.story.is_live else None,
            "neighbour": self.neighbour.get_absolute_url(),
            "elsewhere": self.elsewhere.get_absolute_url(),
            "home": "/",
            "section": self.section.get_absolute_url(),
            "tag": self.tag.get_absolute_url(),
            "author": self.writer.get_absolute_url(),
            "feed": "/feed/",
            "section_feed": f"{self.section.get_absolute_url()}feed/",
            "corrections": "/corrections/",
            "other_section": self.other_section.get_absolute_url(),
            "other_tag": self.other_tag.get_absolute_url(),
            "other_author": self.other_writer.get_absolute_url(),
            "other_author_feed": f"{self.other_writer.get_absolute_url()}feed/",
        }


def cache_every_page(client, newsroom):
    urls = {name: url for name, url in newsroom.urls().items() if url}
    for url in urls.values():
        client.get(url)
    for name, url in urls.items():
        assert client.get(url)["X-Page-Cache"] == "hit", name
    return urls


def after_change(client, urls):
    """Which pages come back fresh after the change, by name."""
    outcome = {}
    for name, url in urls.items():
        response = client.get(url)
        assert response.status_code == 200, name
        outcome[name] = response["X-Page-Cache"]
    return {name for name, result in outcome.items() if result == "miss"}


def test_publishing_refreshes_the_lists_it_joins_and_nothing_else(client, desk):
    newsroom = Newsroom(story_status=Status.APPROVED)
    urls = cache_every_page(client, newsroom)
    workflow.publish(newsroom.story, desk)
    # The neighbour's related stories come from its section and tag, which the story joined.
    assert after_change(client, urls) == JOINED_BY_THE_STORY
    assert b"The changing story" in client.get("/").content


def test_a_headline_fix_refreshes_the_pages_that_show_the_story(client):
    newsroom = Newsroom()
    urls = cache_every_page(client, newsroom)
    newsroom.story.headline = "The changed story"
    newsroom.story.save()
    assert after_change(client, urls) == SHOWING_THE_STORY
    assert b"The changed story" in client.get(urls["section"]).content


def test_a_credit_fix_refreshes_exactly_the_pages_that_show_the_picture(client):
    newsroom = Newsroom()
    urls = cache_every_page(client, newsroom)
    newsroom.picture.credit = "Right Agency"
    newsroom.picture.save()
    # Teasers name their story's picture whether or not the list draws it.
    assert after_change(client, urls) == SHOWING_THE_STORY
    assert b"Right Agency" in client.get(urls["story"]).content


def test_a_pictures_renditions_refresh_the_pages_that_show_it_once_for_the_set(client):
    newsroom = Newsroom()
    urls = cache_every_page(client, newsroom)
    before = PublicationState.objects.get().content_version

    made = ensure_renditions(newsroom.picture)

    assert made == len(standard_specs(newsroom.picture)) > 1
    assert PublicationState.objects.get().content_version == before + 1
    assert after_change(client, urls) == SHOWING_THE_STORY
    assert b"/images/renditions/" in client.get(urls["story"]).content


def test_a_renamed_writer_reaches_every_byline_and_only_those(client):
    newsroom = Newsroom()
    urls = cache_every_page(client, newsroom)
    newsroom.writer.name = "Ada Lovelace Byline"
    newsroom.writer.save()
    assert after_change(client, urls) == SHOWING_THE_STORY
    assert b"Ada Lovelace Byline" in client.get(urls["neighbour"]).content


def test_a_correction_refreshes_the_story_and_the_corrections_log(client):
    newsroom = Newsroom()
    urls = cache_every_page(client, newsroom)
    Correction.objects.create(article=newsroom.story, text="The launch slipped a day.")
    changed = after_change(client, urls)
    assert {"story", "corrections"} <= changed
    assert not changed & {"elsewhere", "other_section", "other_tag", "other_author", "other_author_feed"}
    assert b"The launch slipped a day." in client.get(urls["story"]).content


def test_a_draft_or_a_tag_on_a_draft_refreshes_nothing(client):
    newsroom = Newsroom(story_status=Status.DRAFT)
    urls = cache_every_page(client, newsroom)
    newsroom.story.headline = "Still drafting"
    newsroom.story.save()
    newsroom.story.tags.add(newsroom.other_tag)
    assert after_change(client, urls) == set()


def test_tagging_a_live_story_refreshes_the_tag_it_joins(client):
    newsroom = Newsroom()
    urls = cache_every_page(client, newsroom)
    newsroom.story.tags.add(newsroom.other_tag)
    changed = after_change(client, urls)
    assert {"story", "other_tag"} <= changed
    assert not changed & {"other_section", "other_author", "other_author_feed"}
    assert b"The changing story" in client.get(urls["other_tag"]).content


def test_a_renamed_section_reaches_every_page_through_the_navigation(client):
    newsroom = Newsroom()
    urls = cache_every_page(client, newsroom)
    newsroom.other_section.name = "Seas"
    newsroom.other_section.save()
    html_pages = set(PAGES) - {"feed", "section_feed", "other_author_feed"}
    assert after_change(client, urls) == html_pages


def test_a_scheduled_story_reaches_its_lists_at_its_second_and_nothing_else(client, desk):
    start = local_midday()
    due = start + datetime.timedelta(minutes=2)
    with time_machine.travel(start, tick=False):
        newsroom = Newsroom(story_status=Status.APPROVED)
        workflow.publish(newsroom.story, desk, at=due)
        urls = cache_every_page(client, newsroom)
    with time_machine.travel(due - datetime.timedelta(seconds=1), tick=False):
        assert after_change(client, urls) == set()
    with time_machine.travel(due, tick=False):
        assert after_change(client, urls) == JOINED_BY_THE_STORY
        for name in ("home", "section", "tag", "author", "feed"):
            assert b"The changing story" in client.get(urls[name]).content, name
        assert client.get(newsroom.story.get_absolute_url()).status_code == 200


def test_taking_a_story_down_refreshes_its_lists(client, desk):
    newsroom = Newsroom()
    urls = cache_every_page(client, newsroom)
    workflow.unpublish(newsroom.story, desk)
    assert client.get(urls.pop("story")).status_code == 404
    changed = after_change(client, urls)
    assert {"home", "section", "tag", "author", "feed", "neighbour"} <= changed
    assert not changed & {"elsewhere", "other_section", "other_tag", "other_author", "other_author_feed"}


def test_every_public_response_names_its_keys_for_a_cdn(client):
    newsroom = Newsroom()
    first = client.get(newsroom.story.get_absolute_url())
    hit = client.get(newsroom.story.get_absolute_url())
    assert hit["X-Page-Cache"] == "hit"
    assert hit["Surrogate-Key"] == first["Surrogate-Key"]
    named = set(first["Surrogate-Key"].split())
    # Cloudflare's header names the same keys, comma-separated, none with a space or comma in it.
    assert hit["Cache-Tag"] == first["Cache-Tag"]
    assert first["Cache-Tag"].split(",") == first["Surrogate-Key"].split(" ")
    assert not any(" " in key or "," in key for key in named)
    expected = {
        dependencies.story(newsroom.story.pk),
        dependencies.picture(newsroom.picture.pk),
        dependencies.person(newsroom.writer.pk),
        dependencies.tag(newsroom.tag.pk),
        dependencies.section_stories(newsroom.section.pk),
        dependencies.SECTIONS,
        dependencies.story(newsroom.neighbour.pk),  # its related story
    }
    assert expected <= named
    assert dependencies.story(newsroom.elsewhere.pk) not in named
    home = set(client.get("/")["Surrogate-Key"].split())
    assert {
        dependencies.LATEST,
        dependencies.story(newsroom.story.pk),
        dependencies.story(newsroom.elsewhere.pk),
    } <= home


def test_taking_down_a_corrected_story_moves_every_page_of_the_corrections_log(client, desk, monkeypatch):
    """The log's later pages do not show the story, yet their corrections move up when it goes."""
    monkeypatch.setattr("public.views.CORRECTIONS_PER_PAGE", 1)
    newsroom = Newsroom()
    Correction.objects.create(
        article=newsroom.elsewhere, text="Oldest note.", published_at=timezone.now() - datetime.timedelta(days=1)
    )
    Correction.objects.create(article=newsroom.story, text="Newest note.")
    second_page = "/corrections/?page=2"
    assert b"misnamed the pad" in client.get(second_page).content
    assert client.get(second_page)["X-Page-Cache"] == "hit"
    workflow.unpublish(newsroom.story, desk)
    response = client.get(second_page)
    assert response["X-Page-Cache"] == "miss"
    assert b"Oldest note." in response.content


@pytest.mark.django_db(transaction=True)  # changes commit, and PostgreSQL tells every listener
def test_a_process_started_later_trusts_current_pages_and_learns_of_changes_made_elsewhere(client, monkeypatch):
    from pagecache import middleware
    from pagecache.state import Ledger

    newsroom = Newsroom()
    urls = cache_every_page(client, newsroom)
    worker = Ledger()  # a worker starting now, with the same cache
    monkeypatch.setattr(middleware, "ledger", worker)
    assert client.get(urls["elsewhere"])["X-Page-Cache"] == "hit"
    newsroom.story.headline = "Changed by another worker"
    newsroom.story.save()  # made "elsewhere": this worker learns of it only from the database
    if worker.listener.connection is not None:
        select.select([worker.listener.connection], [], [], 5)  # the notification is on its way
    assert client.get(urls["story"])["X-Page-Cache"] == "miss"
    assert client.get(urls["elsewhere"])["X-Page-Cache"] == "hit"
    worker.forget()


def test_a_process_keeps_only_the_keys_that_can_still_matter(client, settings):
    """Once a page's life has passed, a process reads the recent keys afresh and lets older ones go."""
    from pagecache.state import ledger

    start = timezone.now()
    with time_machine.travel(start, tick=False):
        story = ArticleFactory()
        client.get(story.get_absolute_url())
        assert dependencies.story(story.pk) in ledger.versions
    later = start + datetime.timedelta(
        seconds=settings.PAGE_CACHE_SECONDS + 2 * 60 + 1
    )  # past the reach and its margin
    with time_machine.travel(later, tick=False):
        other = ArticleFactory()
        assert client.get(other.get_absolute_url())["X-Page-Cache"] == "miss"
        assert dependencies.story(other.pk) in ledger.versions
        assert dependencies.story(story.pk) not in ledger.versions
        assert client.get(story.get_absolute_url())["X-Page-Cache"] == "miss"


def test_sitemaps_follow_every_story_change_and_only_those(client):
    newsroom = Newsroom()
    year, month = newsroom.story.get_absolute_url().split("/")[1:3]
    index, month_page = "/sitemap.xml", f"/sitemap-articles-{year}-{month}.xml"
    for url in (index, month_page):
        client.get(url)
        assert client.get(url)["X-Page-Cache"] == "hit"
    newsroom.picture.credit = "Right Agency"
    newsroom.picture.save()
    assert client.get(index)["X-Page-Cache"] == client.get(month_page)["X-Page-Cache"] == "hit"
    newsroom.story.headline = "Edited for the sitemap's lastmod"
    newsroom.story.save()
    assert client.get(index)["X-Page-Cache"] == "miss"
    assert client.get(month_page)["X-Page-Cache"] == "miss"
