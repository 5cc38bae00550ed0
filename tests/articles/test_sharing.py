"""Share links: who may make them, when they stop working, and how their visits are counted."""

import datetime

import pytest
import time_machine
from django.core.exceptions import PermissionDenied
from django.test import Client, RequestFactory
from django.utils import timezone

from articles import sharing
from articles.models import ShareLinkVisit, Status
from tests.factories import ArticleFactory, editor, journalist

pytestmark = pytest.mark.django_db


@pytest.fixture
def draft():
    return ArticleFactory(status=Status.DRAFT, published_at=None)


def test_only_editors_make_and_revoke_links(draft):
    with pytest.raises(PermissionDenied):
        sharing.create_link(draft, journalist())
    link = sharing.create_link(draft, editor(), label="legal review")
    with pytest.raises(PermissionDenied):
        sharing.revoke(link, journalist())


def test_a_token_names_its_link_and_cannot_be_forged(draft):
    link = sharing.create_link(draft, editor())
    token = sharing.token_for(link)
    assert sharing.usable_link(token) == link
    position = len(token) - 6  # a character well inside the signature
    forged = token[:position] + ("A" if token[position] != "A" else "B") + token[position + 1 :]
    assert forged != token
    assert sharing.usable_link(forged) is None
    assert sharing.usable_link("1") is None
    assert sharing.url_for(link) == f"http://127.0.0.1:8000/preview/{token}/"


def test_links_expire_and_can_be_revoked(draft):
    desk = editor()
    link = sharing.create_link(draft, desk, lifetime=datetime.timedelta(hours=2))
    token = sharing.token_for(link)
    assert sharing.usable_link(token, now=timezone.now() + datetime.timedelta(hours=1))
    assert sharing.usable_link(token, now=timezone.now() + datetime.timedelta(hours=3)) is None
    sharing.revoke(link, desk)
    assert sharing.usable_link(token) is None


def test_lifetime_is_bounded(draft):
    with pytest.raises(ValueError, match="30 days"):
        sharing.create_link(draft, editor(), lifetime=datetime.timedelta(days=90))


# Visits ---------------------------------------------------------------------------------------------


def open_link(link, times=1, address="203.0.113.5", browser="GuestBrowser/1.0"):
    guest = Client(REMOTE_ADDR=address, HTTP_USER_AGENT=browser)
    for _ in range(times):
        assert guest.get(f"/preview/{sharing.token_for(link)}/").status_code == 200


def next_hour(minutes=0, seconds=0):
    """A moment in the coming hour (UTC), while a link made now still works."""
    start = timezone.now().replace(minute=0, second=0, microsecond=0) + datetime.timedelta(hours=1)
    return start + datetime.timedelta(minutes=minutes, seconds=seconds)


def test_visits_from_one_address_within_an_hour_make_one_row_with_a_count(draft):
    link = sharing.create_link(draft, editor())

    with time_machine.travel(next_hour(minutes=5), tick=False):
        open_link(link, times=49)
    with time_machine.travel(next_hour(minutes=59, seconds=59), tick=False):
        open_link(link, browser="GuestBrowser/2.0")

    visit = ShareLinkVisit.objects.get()
    assert visit.visit_count == 50
    assert visit.ip_address == "203.0.113.5" and visit.user_agent == "GuestBrowser/2.0"
    assert visit.hour == next_hour()
    assert visit.first_visited_at == next_hour(minutes=5)
    assert visit.last_visited_at == next_hour(minutes=59, seconds=59)


def test_a_new_hour_another_address_or_another_link_makes_a_new_row(draft):
    desk = editor()
    link, other_link = sharing.create_link(draft, desk), sharing.create_link(draft, desk)

    with time_machine.travel(next_hour(minutes=30), tick=False):
        open_link(link, times=3)
        open_link(link, times=2, address="2001:db8::7")
        open_link(other_link)
    with time_machine.travel(next_hour(minutes=60), tick=False):
        open_link(link)

    first, second = next_hour(), next_hour(minutes=60)
    assert {(row.link_id, row.hour, row.ip_address, row.visit_count) for row in ShareLinkVisit.objects.all()} == {
        (link.pk, first, "2001:db8::7", 2),
        (link.pk, first, "203.0.113.5", 3),
        (link.pk, second, "203.0.113.5", 1),
        (other_link.pk, first, "203.0.113.5", 1),
    }


def test_visits_without_a_usable_address_are_counted_together(draft):
    link = sharing.create_link(draft, editor())

    open_link(link, times=2, address="")
    open_link(link, times=2, address="not-an-address")

    visit = ShareLinkVisit.objects.get()
    assert visit.ip_address is None and visit.visit_count == 4


def test_the_visitor_address_is_read_in_one_place():
    request = RequestFactory(REMOTE_ADDR="198.51.100.4").get("/")
    assert sharing.visitor_address(request) == "198.51.100.4"
    assert sharing.visitor_address(RequestFactory(REMOTE_ADDR="2001:DB8::1").get("/")) == "2001:db8::1"
    assert sharing.visitor_address(RequestFactory(REMOTE_ADDR="").get("/")) is None


def test_behind_the_proxy_each_guest_is_counted_at_their_own_address(draft, settings):
    settings.TRUSTED_PROXY_COUNT = 1
    link = sharing.create_link(draft, editor())
    for guest in ("203.0.113.5", "198.51.100.4"):
        # The guest may write anything in front; the proxy appends the address it heard from.
        Client(REMOTE_ADDR="10.0.0.2", HTTP_X_FORWARDED_FOR=f"192.0.2.1, {guest}").get(
            f"/preview/{sharing.token_for(link)}/"
        )
    assert sorted(ShareLinkVisit.objects.values_list("ip_address", flat=True)) == ["198.51.100.4", "203.0.113.5"]
