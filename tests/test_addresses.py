"""Addresses kept per process still follow the URLconf and the prefix the site is served under."""

import datetime

import pytest
from django.test import override_settings
from django.urls import clear_script_prefix, include, path, set_script_prefix

from articles.models import Article, Section, Tag

# The reader's site under /news/, for the URLconf test below.
urlpatterns = [path("news/", include("public.urls"))]


@pytest.fixture
def story():
    return Article(publication_date=datetime.date(2026, 3, 1), slug="rover-finds-clay")


def test_addresses_follow_the_script_prefix(story):
    section, tag = Section(slug="science"), Tag(slug="mars")
    assert story.get_absolute_url() == "/2026/03/01/rover-finds-clay/"
    assert (section.get_absolute_url(), tag.get_absolute_url()) == ("/sections/science/", "/tags/mars/")
    set_script_prefix("/site/")
    try:
        assert story.get_absolute_url() == "/site/2026/03/01/rover-finds-clay/"
        assert section.get_absolute_url() == "/site/sections/science/"
    finally:
        clear_script_prefix()
    assert story.get_absolute_url() == "/2026/03/01/rover-finds-clay/"


def test_addresses_follow_the_urlconf(story):
    assert story.get_absolute_url() == "/2026/03/01/rover-finds-clay/"
    with override_settings(ROOT_URLCONF=__name__):
        assert story.get_absolute_url() == "/news/2026/03/01/rover-finds-clay/"
        assert Section(slug="science").get_absolute_url() == "/news/sections/science/"
    assert story.get_absolute_url() == "/2026/03/01/rover-finds-clay/"
