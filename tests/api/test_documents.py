"""A story's API document is kept like its page's parts: one row to read, drawn again as a change commits."""

import pytest

from articles.models import Status
from public.models import StoryPart
from tests.api.stories import API
from tests.articles.story_form import change_url, story_form
from tests.factories import ArticleFactory

pytestmark = pytest.mark.django_db


def documents_of(story):
    return StoryPart.objects.filter(article=story, kind=StoryPart.Kind.DOCUMENT)


def test_a_story_read_through_the_api_is_drawn_again_as_an_edit_commits(
    client, desk_client, django_capture_on_commit_callbacks, django_assert_num_queries
):
    story = ArticleFactory(headline="Lander on its way")
    client.get(f"{API}/stories/{story.pk}/")
    with django_capture_on_commit_callbacks(execute=True):
        response = desk_client.post(change_url(story), story_form(story, headline="Lander lands"))
    assert response.status_code == 302, response.content.decode()[:2000]
    assert documents_of(story).count() == 1

    with django_assert_num_queries(1):
        assert client.get(f"{API}/stories/{story.pk}/").json()["headline"] == "Lander lands"


def test_a_story_nobody_read_through_the_api_is_not_drawn_for_it(desk_client, django_capture_on_commit_callbacks):
    story = ArticleFactory(headline="Quiet story")
    with django_capture_on_commit_callbacks(execute=True):
        desk_client.post(change_url(story), story_form(story, headline="Still quiet"))
    assert not documents_of(story).exists()
    # Its page's parts are drawn as ever.
    assert StoryPart.objects.filter(article=story).count() == 2


def test_a_story_taken_down_keeps_no_document_readers_can_reach(
    client, desk_client, django_capture_on_commit_callbacks
):
    story = ArticleFactory(headline="Withdrawn soon")
    client.get(f"{API}/stories/{story.pk}/")
    with django_capture_on_commit_callbacks(execute=True):
        desk_client.post(f"/admin/articles/article/{story.pk}/transition/unpublish/", {"confirm": "yes"})
    story.refresh_from_db()
    assert story.status == Status.UNPUBLISHED
    assert client.get(f"{API}/stories/{story.pk}/").status_code == 404


def test_a_document_and_the_page_parts_live_side_by_side(client):
    story = ArticleFactory()
    client.get(story.get_absolute_url())
    client.get(f"{API}/stories/{story.pk}/")
    kinds = sorted(StoryPart.objects.filter(article=story).values_list("kind", flat=True))
    assert kinds == ["document", "related", "story"]
    # Each reads only its own: the page is drawn from its two parts, the document from its one.
    assert client.get(story.get_absolute_url()).status_code == 200
    assert client.get(f"{API}/stories/{story.pk}/").json()["id"] == story.pk
