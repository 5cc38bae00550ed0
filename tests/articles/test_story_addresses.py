"""A story's address is the URL conf's, however many times a page writes it out."""

import datetime
from urllib.parse import unquote

import pytest
from django.urls import resolve, reverse, set_script_prefix

from articles.models import article_url
from public import views

DAYS = [datetime.date(2024, 5, 1), datetime.date(1999, 12, 31), datetime.date(2024, 2, 29)]
SLUGS = ["moon-landing", "mission_2-update", "café-orbit", "x"]


def by_the_url_conf(day, slug):
    kwargs = {"year": f"{day:%Y}", "month": f"{day:%m}", "day": f"{day:%d}", "slug": slug}
    return reverse("articles:detail", kwargs=kwargs)


@pytest.mark.parametrize("day", DAYS)
@pytest.mark.parametrize("slug", SLUGS)
def test_an_address_is_the_one_the_url_conf_reverses_and_resolves(day, slug):
    address = article_url(day, slug)
    assert address == by_the_url_conf(day, slug)
    # The server hands the view the path unquoted.
    assert resolve(unquote(address)).func is views.article_detail


def test_an_address_under_a_script_prefix_carries_it():
    day = datetime.date(2024, 5, 1)
    article_url(day, "before")  # the day's part remembered without the prefix
    set_script_prefix("/news/")
    try:
        assert (
            article_url(day, "moon-landing") == "/news/2024/05/01/moon-landing/" == by_the_url_conf(day, "moon-landing")
        )
    finally:
        set_script_prefix("/")
