"""A tag's page reads its stories down the tag's own listings, which follow every change the desk makes."""

import datetime

import pytest
import time_machine
from django.utils import timezone

from articles import workflow
from articles.models import Status
from tests.factories import ArticleFactory, TagFactory, editor
from tests.pages import get, headlines
from tests.plans import queries_of, rows_read

pytestmark = pytest.mark.django_db


def hours_ago(hours):
    return timezone.now() - datetime.timedelta(hours=hours)


def test_a_tag_page_follows_tags_added_and_taken_off_from_either_side(client):
    moon = TagFactory(slug="moon")
    older = ArticleFactory(headline="Older", published_at=hours_ago(3), tags=[moon])
    newer = ArticleFactory(headline="Newer", published_at=hours_ago(1))
    middle = ArticleFactory(headline="Middle", published_at=hours_ago(2))
    newer.tags.add(moon)
    moon.articles.add(middle)
    assert headlines(get(client, "/tags/moon/")) == ["Newer", "Middle", "Older"]
    older.tags.remove(moon)
    moon.articles.remove(middle)
    assert headlines(get(client, "/tags/moon/")) == ["Newer"]
    newer.tags.set([TagFactory()])
    assert client.get("/tags/moon/").status_code == 404
    moon.articles.set([older, middle])
    assert headlines(get(client, "/tags/moon/")) == ["Middle", "Older"]
    moon.articles.clear()
    assert client.get("/tags/moon/").status_code == 404


def test_a_tag_page_follows_a_story_to_each_new_time_the_desk_gives_it(client):
    moon, desk = TagFactory(slug="moon"), editor()
    now = timezone.now().replace(microsecond=0)
    ArticleFactory(headline="Older", published_at=now - datetime.timedelta(hours=3), tags=[moon])
    ArticleFactory(headline="Newer", published_at=now - datetime.timedelta(hours=1), tags=[moon])
    moved = ArticleFactory(headline="Moved", status=Status.APPROVED, published_at=None, tags=[moon])
    workflow.publish(moved, desk, at=now + datetime.timedelta(hours=1))
    workflow.reschedule(moved, desk, at=now + datetime.timedelta(minutes=10))
    with time_machine.travel(now + datetime.timedelta(minutes=10), tick=False):
        assert headlines(get(client, "/tags/moon/")) == ["Moved", "Newer", "Older"]
    with time_machine.travel(now + datetime.timedelta(minutes=10, seconds=-1), tick=False):
        assert headlines(get(client, "/tags/moon/")) == ["Newer", "Older"]
    workflow.unpublish(moved, desk)
    assert headlines(get(client, "/tags/moon/")) == ["Newer", "Older"]
    workflow.publish(moved, desk, at=now - datetime.timedelta(hours=2))
    assert headlines(get(client, "/tags/moon/")) == ["Newer", "Moved", "Older"]


@pytest.mark.postgres(reason="reads the query plans")
def test_a_rare_tags_page_reads_its_stories_not_the_archive_since_their_last(client):
    rare = TagFactory(slug="rare")
    own = [ArticleFactory(published_at=hours_ago(24 * (400 + n)), tags=[rare]) for n in range(3)]
    others = [ArticleFactory(published_at=hours_ago(n + 1), tags=[TagFactory()]) for n in range(60)]
    read = sum(rows_read(sql, "articles_article") for sql in queries_of(client, "/tags/rare/"))
    # The page's ids, then those stories' rows: never a walk through the newer stories under other tags.
    assert read == 2 * len(own), f"{read} rows read, {len(others)} newer stories under other tags"
