"""A story that is not published and due appears nowhere a reader, feed reader or crawler looks."""

import datetime
from html import escape

import pytest
from django.utils import timezone

from articles import selectors
from tests.articles.hidden_story import HIDDEN_STATES, INDEX_PATHS, PUBLIC_PATHS, public_path
from tests.articles.hidden_story import hidden_story as make_hidden_story
from tests.factories import ArticleFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(params=list(HIDDEN_STATES), ids=list(HIDDEN_STATES))
def hidden_story(request):
    return make_hidden_story(request.param)


def test_the_story_address_is_404(client, hidden_story):
    assert hidden_story.get_absolute_url()
    assert client.get(hidden_story.get_absolute_url()).status_code == 404


@pytest.mark.parametrize("path", PUBLIC_PATHS + INDEX_PATHS)
def test_no_public_page_feed_or_sitemap_mentions_it(client, hidden_story, path):
    sibling = hidden_story.section.articles.get(headline="Visible sibling")
    response = client.get(public_path(path, sibling.published_at))
    assert response.status_code == 200
    content = response.content.decode()
    assert "Zanzibarian" not in content
    assert "zanzibarian-secret-plans" not in content
    if path in ("/", "/sections/orbit/", "/tags/secret-tag/", "/authors/hidden-writer/", "/feed/"):
        assert escape("Visible sibling") in content


def test_related_lists_of_live_stories_leave_it_out(client, hidden_story):
    sibling = hidden_story.section.articles.get(headline="Visible sibling")
    ArticleFactory(headline="Second sibling", section=hidden_story.section, tags=list(hidden_story.tags.all()))
    html = client.get(sibling.get_absolute_url()).content.decode()
    assert "Second sibling" in html
    assert "Zanzibarian" not in html


def test_a_scheduled_story_is_live_from_its_second_on():
    story = ArticleFactory(published_at=timezone.now() + datetime.timedelta(minutes=10))
    assert not selectors.published_articles().filter(pk=story.pk).exists()
    assert not selectors.published_articles(story.published_at - datetime.timedelta(seconds=1)).filter(pk=story.pk)
    assert selectors.published_articles(story.published_at).filter(pk=story.pk).exists()
