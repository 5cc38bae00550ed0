"""
Varnish, for real, with the VCL in deploy/varnish in front of a live server: the desk's changes reach
readers through it within a second, and the pages they do not touch stay kept (their Age keeps growing).
"""

import time

import pytest
from django.test import modify_settings

from articles import workflow
from articles.editing import save_story
from articles.models import Status
from tests.factories import ArticleFactory, ImageFactory, SectionFactory
from tests.varnish import varnish_in_front_of

pytestmark = pytest.mark.django_db(transaction=True)

FRESH_WITHIN = 1.0


@pytest.fixture(scope="module")
def varnish(live_server, django_db_blocker):
    """
    Varnish in front of the live server; readers and its probe name the loopback's address as the host.
    Its probe asks for /healthz between tests too, and every request starts by looking at the database
    connection, so the database stays open to the live server meanwhile.
    """
    port = int(live_server.url.rsplit(":", 1)[1])
    hosts = modify_settings(ALLOWED_HOSTS={"append": "127.0.0.1"})
    with django_db_blocker.unblock(), hosts, varnish_in_front_of(port) as varnish:
        yield varnish


@pytest.fixture(autouse=True)
def purged_by_key(settings, varnish):
    settings.PAGE_CACHE_SECONDS = 300
    settings.CDN_PURGE = "varnish"
    settings.VARNISH_URLS = [varnish.url]


def fresh(varnish, path, shows):
    """How long it took ``path`` through Varnish to answer what ``shows`` wants; fails past a second."""
    start = time.monotonic()
    while True:
        answer = varnish.get(path)
        if shows(answer):
            return time.monotonic() - start
        if time.monotonic() - start > FRESH_WITHIN:
            pytest.fail(f"{path} through Varnish still answers {answer.status}: {answer.text[:300]}")
        time.sleep(0.05)


class Unrelated:
    """A page no step touches, kept by Varnish: each look finds it a hit, its Age never going back."""

    def __init__(self, varnish, path):
        self.varnish, self.path = varnish, path
        assert varnish.get(path).status == 200
        first = varnish.get(path)
        assert first.hit, first.headers
        self.ages = [first.age]

    def still_kept(self):
        answer = self.varnish.get(self.path)
        assert answer.hit, f"{self.path} was purged: {answer.headers}"
        assert answer.age >= self.ages[-1]
        self.ages.append(answer.age)


def test_the_desks_changes_reach_readers_through_varnish_at_once_and_nothing_else_is_purged(varnish, desk):
    oceans, launches = SectionFactory(name="Oceans"), SectionFactory(name="Launches")
    ArticleFactory(headline="A reef survey", section=oceans)
    ArticleFactory(headline="An older launch", section=launches)
    picture = ImageFactory(credit="Wrong Agency")
    story = ArticleFactory(
        headline="Lander touches down", section=launches, hero_image=picture, status=Status.APPROVED, published_at=None
    )
    unrelated = Unrelated(varnish, oceans.get_absolute_url())
    assert "Lander touches down" not in varnish.get("/").text
    assert "Lander touches down" not in varnish.get(launches.get_absolute_url()).text
    timings = {}

    time.sleep(1.1)
    workflow.publish(story, desk)
    url = story.get_absolute_url()
    timings["publish"] = fresh(varnish, "/", lambda answer: "Lander touches down" in answer.text)
    fresh(varnish, launches.get_absolute_url(), lambda answer: "Lander touches down" in answer.text)
    fresh(varnish, url, lambda answer: answer.status == 200 and "Lander touches down" in answer.text)
    assert varnish.get(url).hit  # kept again, now that it is drawn
    unrelated.still_kept()

    time.sleep(1.1)
    story.refresh_from_db()
    story.headline = "Lander touches down in the crater"
    save_story(story, desk, story.version)
    timings["edit"] = fresh(varnish, url, lambda answer: "Lander touches down in the crater" in answer.text)
    fresh(varnish, "/", lambda answer: "Lander touches down in the crater" in answer.text)
    unrelated.still_kept()

    time.sleep(1.1)
    picture.credit = "Right Agency"
    picture.save()
    timings["credit"] = fresh(
        varnish, url, lambda answer: "Right Agency" in answer.text and "Wrong Agency" not in answer.text
    )
    unrelated.still_kept()

    time.sleep(1.1)
    workflow.unpublish(story, desk)
    timings["unpublish"] = fresh(varnish, url, lambda answer: answer.status == 404)
    fresh(varnish, "/", lambda answer: "Lander touches down" not in answer.text)
    fresh(varnish, launches.get_absolute_url(), lambda answer: "Lander touches down" not in answer.text)
    unrelated.still_kept()

    assert unrelated.ages[-1] > unrelated.ages[0], unrelated.ages
    print("fresh through Varnish after", {step: f"{seconds:.3f}s" for step, seconds in timings.items()})


def test_a_ban_naming_anything_but_keys_is_refused(varnish):
    """The keys go into a regular expression: a header that is not a list of keys never reaches it."""
    answer = varnish.request("/", method="BAN", headers={"Surrogate-Key": "all) | (.*"})
    assert answer.status == 400
    assert varnish.request("/", method="BAN", headers={"Surrogate-Key": "story:1 latest"}).status == 200


def test_staff_and_the_desk_are_never_answered_from_varnish(varnish):
    ArticleFactory(headline="Kept for readers")
    for _ in range(2):
        assert not varnish.request("/", headers={"Cookie": "sessionid=abc"}).hit
        assert not varnish.get("/admin/login/").hit
    varnish.get("/")
    assert varnish.request("/", headers={"Cookie": "_ga=GA1.2.3"}).hit  # a reader's cookie is not the page's
