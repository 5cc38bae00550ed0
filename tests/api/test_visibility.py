"""
The content API shows what the site shows, and nothing else: the same scheduled, draft, unpublished
and expired matrix the public pages are tested with (tests/articles/test_public_visibility.py).
"""

import datetime

import pytest
from django.utils import timezone

from articles.models import Status
from tests.api.stories import API
from tests.articles.hidden_story import HIDDEN_STATES
from tests.articles.hidden_story import hidden_story as make_hidden_story
from tests.articles.stories import figure_body
from tests.factories import ArticleFactory, AuthorFactory, ImageFactory

pytestmark = pytest.mark.django_db

LISTS = [
    "/stories/",
    "/stories/?section=orbit",
    "/stories/?tag=secret-tag",
    "/stories/?author=hidden-writer",
    "/stories/?updated_since=2000-01-01T00:00:00Z",
    "/corrections/",
    "/authors/hidden-writer/",
    "/tags/",
]


@pytest.fixture(params=list(HIDDEN_STATES), ids=list(HIDDEN_STATES))
def hidden_story(request):
    return make_hidden_story(request.param)


def test_its_document_is_a_404_by_id_address_and_format(client, hidden_story):
    path = hidden_story.get_absolute_url().strip("/")
    for address in (
        f"/stories/{hidden_story.pk}/",
        f"/stories/{hidden_story.pk}/?format=ninjs",
        f"/stories/at/{path}/",
    ):
        assert client.get(f"{API}{address}").status_code == 404, address


@pytest.mark.parametrize("address", LISTS)
def test_no_list_mentions_it(client, hidden_story, address):
    answer = client.get(f"{API}{address}")
    assert answer.status_code == 200
    text = answer.content.decode()
    assert "Zanzibarian" not in text and "zanzibarian-secret-plans" not in text
    if "stories" in address or "authors" in address:
        assert "Visible sibling" in text


def test_its_picture_is_not_shown_by_the_api(client, hidden_story):
    assert client.get(f"{API}/pictures/{hidden_story.hero_image_id}/").status_code == 404


def test_a_live_story_shows_once_due(client, time_machine):
    story = ArticleFactory(headline="Due at noon", published_at=timezone.now() + datetime.timedelta(minutes=5))
    assert client.get(f"{API}/stories/{story.pk}/").status_code == 404
    time_machine.move_to(timezone.now() + datetime.timedelta(minutes=6))
    assert client.get(f"{API}/stories/{story.pk}/").status_code == 200
    assert "Due at noon" in client.get(f"{API}/stories/").content.decode()


class TestPictures:
    """A picture shows where a reader can see it: in a live story or as a headshot, while its rights hold."""

    def test_a_picture_of_a_live_story_shows_with_every_rendition(self, client, make_renditions):
        hero, figure = ImageFactory(licence="CC BY 4.0"), ImageFactory()
        make_renditions(hero, figure)
        ArticleFactory(hero_image=hero, body=figure_body(figure.pk))
        answer = client.get(f"{API}/pictures/{hero.pk}/").json()
        assert answer["licence"] == "CC BY 4.0"
        assert len(answer["renditions"]) == 8  # four shapes, two formats, the one width made
        assert client.get(f"{API}/pictures/{figure.pk}/").status_code == 200

    def test_a_headshot_shows(self, client):
        author = AuthorFactory(headshot=ImageFactory())
        assert client.get(f"{API}/pictures/{author.headshot_id}/").status_code == 200

    @pytest.mark.parametrize("use", ["none", "draft", "scheduled", "unpublished"])
    def test_a_picture_no_reader_sees_is_a_404(self, client, use):
        picture = ImageFactory()
        states = {
            "draft": {"status": Status.DRAFT},
            "scheduled": {"published_at": timezone.now() + datetime.timedelta(hours=1)},
            "unpublished": {"status": Status.UNPUBLISHED},
        }
        if use != "none":
            ArticleFactory(hero_image=picture, **states[use])
            ArticleFactory(body=figure_body(picture.pk), **states[use])
        assert client.get(f"{API}/pictures/{picture.pk}/").status_code == 404

    def test_a_picture_whose_rights_ended_is_gone_everywhere(self, client, make_renditions):
        picture = ImageFactory(usage_expires_on=timezone.localdate() - datetime.timedelta(days=1))
        make_renditions(picture)
        story = ArticleFactory(hero_image=picture, body=figure_body(picture.pk, caption="Expired figure."))
        assert client.get(f"{API}/pictures/{picture.pk}/").status_code == 404
        document = client.get(f"{API}/stories/{story.pk}/").json()
        assert document["hero"] is None and document["figures"] == []
        assert "Expired figure." not in document["body"]
        summary = client.get(f"{API}/stories/").json()["items"][0]
        assert summary["hero"] is None
        ninjs = client.get(f"{API}/stories/{story.pk}/?format=ninjs").json()
        assert "associations" not in ninjs

    def test_a_picture_drops_off_the_kept_document_at_midnight_after_its_last_day(self, client, time_machine):
        picture = ImageFactory(usage_expires_on=timezone.localdate())
        story = ArticleFactory(hero_image=picture)
        assert client.get(f"{API}/stories/{story.pk}/").json()["hero"]["id"] == picture.pk
        time_machine.move_to(timezone.now() + datetime.timedelta(days=1))
        assert client.get(f"{API}/stories/{story.pk}/").json()["hero"] is None
        assert client.get(f"{API}/pictures/{picture.pk}/").status_code == 404
