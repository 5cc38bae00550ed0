"""Scheduling without a cron job: a story appears everywhere at its second, and not one second before."""

import datetime
from html import escape

import pytest
import time_machine
from django.utils import timezone

from articles import workflow
from articles.models import Correction, Status
from tests.articles.hidden_story import PUBLIC_PATHS, filed_under, public_path
from tests.factories import ArticleFactory, editor

pytestmark = pytest.mark.django_db

HEADLINE = "Zanzibarian secret plans"
# Every public place that lists stories (the columnists index lists people, not stories).
STORY_LISTINGS = [path for path in PUBLIC_PATHS if path != "/authors/"]


@pytest.fixture
def scheduled():
    section, tag, author = filed_under()
    start = timezone.now().replace(microsecond=0)
    due = start + datetime.timedelta(minutes=2)
    with time_machine.travel(start, tick=False):
        ArticleFactory(headline="Visible sibling", section=section, tags=[tag], authors=[author])
        story = ArticleFactory(
            headline=HEADLINE,
            slug="zanzibarian-secret-plans",
            section=section,
            tags=[tag],
            authors=[author],
            status=Status.APPROVED,
            published_at=None,
        )
        Correction.objects.create(article=story, text="Zanzibarian correction text.")
        workflow.publish(story, editor(), at=due)
    return story, due


def visible_on(client, path):
    page = client.get(path).content.decode()
    return escape(HEADLINE) in page or "zanzibarian-secret-plans" in page


@pytest.mark.parametrize("path", STORY_LISTINGS)
def test_a_scheduled_story_appears_at_its_second(client, scheduled, path):
    story, due = scheduled
    path = public_path(path, due)
    with time_machine.travel(due - datetime.timedelta(seconds=1), tick=False):
        assert not visible_on(client, path), f"{path} shows the story a second early"
        assert client.get(story.get_absolute_url()).status_code == 404
    with time_machine.travel(due + datetime.timedelta(seconds=1), tick=False):
        assert visible_on(client, path), f"{path} does not show the story a second after its time"
        assert client.get(story.get_absolute_url()).status_code == 200
