"""
Listings keep their teasers drawn (``public.teasers``): a listing made again draws only the teasers of
stories that changed, and any change a reader would see on a teaser shows at once.
"""

import datetime

import pytest
import time_machine
from django.utils import timezone

from articles.models import Status
from public.teasers import store
from tests.factories import ArticleFactory, AuthorFactory, ImageFactory, SectionFactory
from tests.pages import get, headlines

pytestmark = pytest.mark.django_db


@pytest.fixture
def story():
    """A live story in Launches by Ada, with a picture, and a second story beside it."""
    section = SectionFactory(name="Launches", slug="launches")
    ArticleFactory(headline="Pad cleared", section=section, published_at=timezone.now() - datetime.timedelta(hours=3))
    return ArticleFactory(
        headline="Lander lifts off",
        section=section,
        authors=[AuthorFactory(name="Ada Writer")],
        hero_image=ImageFactory(alt_text="The lander on its pad"),
        published_at=timezone.now() - datetime.timedelta(hours=1),
    )


def section_page(client):
    return get(client, "/sections/launches/")


def test_a_listing_made_again_shows_its_kept_teasers(client, story, django_assert_num_queries):
    drawn = section_page(client)
    assert {kept.pk for kept in store.get_many([story.pk]).values()} == {story.pk}

    with django_assert_num_queries(4):  # section, the page's ids, which kept teasers changed, sections
        assert section_page(client) == drawn


def test_a_headline_edit_shows_at_once(client, story):
    section_page(client)
    story.headline = "Lander lifts off at dawn"
    story.save()

    assert headlines(section_page(client))[0] == "Lander lifts off at dawn"


def test_a_byline_name_change_shows_at_once(client, story):
    section_page(client)
    ada = story.bylines.get().author
    ada.name = "Ada Lovelace"
    ada.save()

    assert "Ada Lovelace" in section_page(client)


def test_a_picture_description_fix_shows_at_once(client, story):
    assert 'alt="The lander on its pad"' in section_page(client)
    story.hero_image.alt_text = "The lander rising from its pad"
    story.hero_image.save()

    assert 'alt="The lander rising from its pad"' in section_page(client)


def test_a_section_rename_shows_at_once_where_teasers_name_it(client, story):
    kicker = '<p class="kicker"><a href="/sections/launches/">{}</a></p>'
    assert kicker.format("Launches") in get(client, "/")
    story.section.name = "Launch pad"
    story.section.save()

    assert kicker.format("Launch pad") in get(client, "/")


def test_a_picture_leaves_its_teaser_the_day_after_its_rights_end(client, story):
    today = timezone.localdate()
    story.hero_image.usage_expires_on = today
    story.hero_image.save()
    assert 'alt="The lander on its pad"' in section_page(client)

    with time_machine.travel(timezone.now() + datetime.timedelta(days=1), tick=False):
        assert 'alt="The lander on its pad"' not in section_page(client)


def test_a_story_taken_down_leaves_its_listings(client, story):
    section_page(client)
    story.status = Status.UNPUBLISHED
    story.save()

    assert headlines(section_page(client)) == ["Pad cleared"]


def test_teasers_kept_one_way_are_drawn_another_way_from_one_read_of_their_stories(
    client, story, django_assert_num_queries
):
    # The home page shows the newest story as its lead (a wide picture), the next among the latest
    # (no picture): kept that way, the section page draws them again with their pictures.
    get(client, "/")
    # section, the page's ids, which kept teasers changed, then both stories and their pictures'
    # renditions, and sections.
    with django_assert_num_queries(6):
        html = section_page(client)
    assert 'alt="The lander on its pad"' in html
    assert headlines(html) == ["Lander lifts off", "Pad cleared"]


def test_each_process_keeps_so_many_teasers(client, story, settings):
    settings.KEPT_TEASERS = 1
    section_page(client)

    assert len(store.teasers) == 1
    assert headlines(section_page(client)) == ["Lander lifts off", "Pad cleared"]
