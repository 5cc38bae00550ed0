"""
Share links on the story page: who sees them and their visits, and how many visits a page shows.

A share link opens an unpublished story to whoever holds it, so only editors and the story's own
writers (its creator and its bylined authors) may see the addresses, and the guests' addresses and
browsers with them.
"""

import datetime

import pytest
import time_machine
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from articles import sharing
from articles.models import ShareLinkVisit, Status
from tests.articles.story_form import change_url
from tests.clients import client_for
from tests.factories import ArticleFactory, AuthorFactory, editor, journalist

pytestmark = pytest.mark.django_db

GUEST_ADDRESS = "198.51.100.23"
GUEST_BROWSER = "LawFirmBrowser/3.1"
STATES = [Status.DRAFT, Status.IN_REVIEW, Status.APPROVED, Status.PUBLISHED, Status.UNPUBLISHED]


def visits_url(story, link):
    return f"/admin/articles/article/{story.pk}/share/{link.pk}/visits/"


@pytest.fixture
def newsroom():
    bylined = journalist(username="bylined")
    return {
        "editor": editor(username="desk"),
        "bylined": bylined,
        "creator": journalist(username="creator"),
        "other": journalist(username="other"),
        "author": AuthorFactory(user=bylined),
    }


def shared_story(newsroom, state):
    """A story in ``state`` started by the creator, bylined to the bylined journalist, with a visited link."""
    published = state in (Status.PUBLISHED, Status.UNPUBLISHED)
    story = ArticleFactory(
        headline="Probe lands on the comet",
        status=state,
        published_at=timezone.now() - datetime.timedelta(hours=1) if published else None,
        created_by=newsroom["creator"],
        authors=[newsroom["author"]],
    )
    link = sharing.create_link(story, newsroom["editor"], label="outside counsel")
    ShareLinkVisit.objects.create(
        link=link,
        hour=timezone.now().replace(minute=0, second=0, microsecond=0),
        ip_address=GUEST_ADDRESS,
        user_agent=GUEST_BROWSER,
    )
    return story, link


MAY_SEE = {"editor": True, "bylined": True, "creator": True, "other": False}


@pytest.mark.parametrize("state", STATES)
@pytest.mark.parametrize(("who", "sees"), list(MAY_SEE.items()))
def test_share_links_and_visits_show_only_to_editors_and_the_storys_writers(newsroom, state, who, sees):
    story, link = shared_story(newsroom, state)

    # A token carries the second it was signed: hold the clock so the page signs the same token.
    with time_machine.travel(timezone.now(), tick=False):
        token = sharing.token_for(link)
        response = client_for(newsroom[who]).get(change_url(story))

    assert response.status_code == 200
    html = response.content.decode()
    assert "Probe lands on the comet" in html
    for shown in (token, f"/preview/{token}/", "outside counsel", GUEST_ADDRESS, GUEST_BROWSER):
        assert (shown in html) is sees, shown
    # No share link's address at all (the desk's own preview of the story is another page).
    assert ("/preview/" in html.replace(f"/admin/articles/article/{story.pk}/preview/", "")) is sees
    assert ('id="share-heading"' in html) is sees
    # Making and revoking links stays with the editors.
    assert ('name="days"' in html) is (who == "editor")
    assert (f"/share/{link.pk}/revoke/" in html) is (who == "editor")


@pytest.mark.parametrize(("who", "sees"), list(MAY_SEE.items()))
def test_the_visit_list_answers_only_those_who_may_see_the_links(newsroom, who, sees):
    story, link = shared_story(newsroom, Status.DRAFT)

    response = Client(raise_request_exception=False)
    response.force_login(newsroom[who])
    response = response.get(visits_url(story, link))

    assert response.status_code == (200 if sees else 403)
    assert (GUEST_ADDRESS in response.content.decode()) is sees


def test_journalists_still_cannot_make_or_revoke_links(newsroom):
    story, link = shared_story(newsroom, Status.DRAFT)
    writer = Client(raise_request_exception=False)
    writer.force_login(newsroom["bylined"])

    assert writer.post(f"/admin/articles/article/{story.pk}/share/", {"days": "3"}).status_code == 403
    assert writer.post(f"/admin/articles/article/{story.pk}/share/{link.pk}/revoke/").status_code == 403
    assert story.share_links.count() == 1
    link.refresh_from_db()
    assert link.revoked_at is None


# Many visits ------------------------------------------------------------------------------------


def many_visits(link, count):
    """``count`` visit rows, one per address, the newest from 10.0.0.0 and a second older each."""
    now = timezone.now()
    ShareLinkVisit.objects.bulk_create(
        ShareLinkVisit(
            link=link,
            hour=(now - datetime.timedelta(seconds=n)).replace(minute=0, second=0, microsecond=0),
            ip_address=f"10.0.{n // 256}.{n % 256}",
            visit_count=3,
            first_visited_at=now - datetime.timedelta(seconds=n + 60),
            last_visited_at=now - datetime.timedelta(seconds=n),
            user_agent="GuestBrowser/1.0",
        )
        for n in range(count)
    )


def shown_addresses(html):
    return [part.split("<", 1)[0] for part in html.split("<td>10.0.")[1:]]


@pytest.mark.parametrize("visits", [30, 2000])
def test_the_story_page_shows_one_page_of_visits_and_their_totals(newsroom, django_assert_max_num_queries, visits):
    story, link = shared_story(newsroom, Status.DRAFT)
    ShareLinkVisit.objects.all().delete()
    many_visits(link, visits)
    desk = client_for(newsroom["editor"])

    with django_assert_max_num_queries(30):
        html = desk.get(change_url(story)).content.decode()

    assert f"{visits * 3:,} visits from {visits:,} addresses" in html
    assert shown_addresses(html) == [f"0.{n}" for n in range(20)]
    assert "10.0.0.20<" not in html
    assert f'href="{visits_url(story, link)}?page=2">Older visits</a>' in html


def test_the_story_pages_queries_do_not_grow_with_visits(newsroom, django_assert_num_queries):
    story, link = shared_story(newsroom, Status.DRAFT)
    desk = client_for(newsroom["editor"])
    desk.get(change_url(story))  # sessions and caches settle on the first request

    with CaptureQueriesContext(connection) as few:
        desk.get(change_url(story))
    many_visits(link, 500)
    with django_assert_num_queries(len(few)):
        desk.get(change_url(story))


def test_older_visits_are_paged_newest_first(newsroom):
    story, link = shared_story(newsroom, Status.DRAFT)
    ShareLinkVisit.objects.all().delete()
    many_visits(link, 45)
    desk = Client(raise_request_exception=False)
    desk.force_login(newsroom["editor"])

    second = desk.get(visits_url(story, link), {"page": "2"}).content.decode()
    third = desk.get(visits_url(story, link), {"page": "3"}).content.decode()

    assert "135 visits from 45 addresses" in second
    assert shown_addresses(second) == [f"0.{n}" for n in range(20, 40)]
    assert "Page 2 of 3" in second and "?page=1" in second and "?page=3" in second
    assert shown_addresses(third) == [f"0.{n}" for n in range(40, 45)]
    for page in ("4", "0", "-1", "abc", "99999999999999999999"):
        assert desk.get(visits_url(story, link), {"page": page}).status_code == 404, page


def test_a_link_with_no_visits_says_so(newsroom):
    story, link = shared_story(newsroom, Status.DRAFT)
    ShareLinkVisit.objects.all().delete()

    html = client_for(newsroom["editor"]).get(change_url(story)).content.decode()

    assert "not opened yet" in html and "Older visits" not in html


def test_another_storys_link_has_no_visit_list_here(newsroom):
    story, _ = shared_story(newsroom, Status.DRAFT)
    _, elsewhere = shared_story(newsroom, Status.DRAFT)
    desk = Client(raise_request_exception=False)
    desk.force_login(newsroom["editor"])

    assert desk.get(visits_url(story, elsewhere)).status_code == 404
