"""
A preview never passes for the live page: the desk's previews and share-link pages say "Preview — not
published" or when the story is scheduled for, and never "Published"; the live page says nothing of it.
"""

import datetime
import re
from zoneinfo import ZoneInfo

import pytest
import time_machine

from articles import sharing
from articles.models import Status
from tests.articles.stories import busy_story
from tests.clients import client_for
from tests.factories import ArticleFactory, editor

pytestmark = pytest.mark.django_db

NEWSROOM = ZoneInfo("America/New_York")
# Monday 30 November 2026, noon in the newsroom.
NOW = datetime.datetime(2026, 11, 30, 12, 0, tzinfo=NEWSROOM)
NOT_PUBLISHED = [Status.DRAFT, Status.IN_REVIEW, Status.APPROVED, Status.UNPUBLISHED]


@pytest.fixture(autouse=True)
def newsroom_clock():
    with time_machine.travel(NOW, tick=False):
        yield


def story_in(state, published_at=None):
    if published_at is None and state == Status.UNPUBLISHED:
        published_at = NOW - datetime.timedelta(days=2)
    return ArticleFactory(headline="Probe reaches the comet", status=state, published_at=published_at)


def admin_preview(story):
    return client_for(editor()).get(f"/admin/articles/article/{story.pk}/preview/").content.decode()


def share_page(story):
    link = sharing.create_link(story, editor())
    response = client_for(None).get(sharing.url_for(link).removeprefix("http://testserver"))
    assert response.status_code == 200
    return response.content.decode()


PAGES = {"admin preview": admin_preview, "share link": share_page}


def text(html):
    return " ".join(re.sub(r"<[^>]+>", "", html).split())


def banner(html):
    match = re.search(r'<div class="preview-banner[^"]*" role="status">(.*?)</div>', html, re.S)
    return text(match.group(1)) if match else None


def dateline(html):
    return text(re.search(r'<p class="dateline">(.*?)</p>', html, re.S).group(1))


@pytest.fixture(autouse=True)
def site_url(settings):
    # Share links are absolute on the site's address; the test client answers on its own.
    settings.SITE_URL = "http://testserver"


@pytest.mark.parametrize("page", PAGES)
@pytest.mark.parametrize("state", NOT_PUBLISHED)
def test_an_unpublished_story_reads_preview_not_published(page, state):
    html = PAGES[page](story_in(state))

    assert banner(html) == "Preview — not published Readers cannot see this story."
    assert dateline(html) == "Not published"
    assert "Published" not in text(html.split("</header>", 2)[1].split("<footer", 1)[0])


@pytest.mark.parametrize("page", PAGES)
def test_a_scheduled_story_reads_scheduled_for_its_time_in_the_newsroom(page):
    # 14:00 UTC is 09:00 in New York.
    story = story_in(Status.PUBLISHED, published_at=datetime.datetime(2026, 12, 1, 14, 0, tzinfo=datetime.UTC))

    html = PAGES[page](story)

    assert banner(html) == "Scheduled for Tue 1 Dec 2026, 09:00 Readers see this story from then."
    assert dateline(html) == "Scheduled for December 1, 2026, 9:00 a.m. EST"


def test_the_desks_preview_of_a_live_story_points_to_the_published_page():
    story = story_in(Status.PUBLISHED, published_at=NOW - datetime.timedelta(hours=1))

    html = admin_preview(story)

    assert banner(html) == "Preview Readers see the published story."
    assert f'<a href="{story.get_absolute_url()}">the published story</a>' in html
    assert dateline(html).startswith("Published November 30, 2026")


def test_the_live_page_has_no_banner_and_costs_no_extra_query(client, django_assert_num_queries):
    story = busy_story(bylines=2, tags=2, figures=1)
    story.refresh_from_db()

    # As pinned for the story page drawn (tests/articles/test_public_article.py): the banner is the
    # previews' alone and reads nothing more.
    with django_assert_num_queries(10):
        html = client.get(story.get_absolute_url()).content.decode()

    assert banner(html) is None
    assert "preview-banner" not in html and "Preview" not in html
    assert dateline(html).startswith("Published November 30, 2026")
