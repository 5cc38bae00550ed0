"""
Share links on the story page: who sees them and their visits.

A share link opens an unpublished story to whoever holds it, so only editors and the story's own
writers (its creator and its bylined authors) may see the addresses, and the guests' addresses and
browsers with them.
"""

import datetime

import pytest
import time_machine
from django.test import Client
from django.utils import timezone

from articles import sharing
from articles.models import ShareLinkVisit, Status
from tests.factories import ArticleFactory, AuthorFactory, editor, journalist

pytestmark = pytest.mark.django_db

GUEST_ADDRESS = "198.51.100.23"
GUEST_BROWSER = "LawFirmBrowser/3.1"
STATES = [Status.DRAFT, Status.IN_REVIEW, Status.APPROVED, Status.PUBLISHED, Status.UNPUBLISHED]


def change_url(story):
    return f"/admin/articles/article/{story.pk}/change/"


def signed_in(user):
    client = Client()
    client.force_login(user)
    return client


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
    ShareLinkVisit.objects.create(link=link, ip_address=GUEST_ADDRESS, user_agent=GUEST_BROWSER)
    return story, link


MAY_SEE = {"editor": True, "bylined": True, "creator": True, "other": False}


@pytest.mark.parametrize("state", STATES)
@pytest.mark.parametrize(("who", "sees"), list(MAY_SEE.items()))
def test_share_links_and_visits_show_only_to_editors_and_the_storys_writers(newsroom, state, who, sees):
    story, link = shared_story(newsroom, state)

    # A token carries the second it was signed: hold the clock so the page signs the same token.
    with time_machine.travel(timezone.now(), tick=False):
        token = sharing.token_for(link)
        response = signed_in(newsroom[who]).get(change_url(story))

    assert response.status_code == 200
    html = response.content.decode()
    assert "Probe lands on the comet" in html
    for shown in (token, f"/preview/{token}/", "outside counsel", GUEST_ADDRESS, GUEST_BROWSER):
        assert (shown in html) is sees, shown
    assert ("/preview/" in html) is sees
    assert ('id="share-heading"' in html) is sees
    # Making and revoking links stays with the editors.
    assert ('name="days"' in html) is (who == "editor")
    assert (f"/share/{link.pk}/revoke/" in html) is (who == "editor")


def test_journalists_still_cannot_make_or_revoke_links(newsroom):
    story, link = shared_story(newsroom, Status.DRAFT)
    writer = Client(raise_request_exception=False)
    writer.force_login(newsroom["bylined"])

    assert writer.post(f"/admin/articles/article/{story.pk}/share/", {"days": "3"}).status_code == 403
    assert writer.post(f"/admin/articles/article/{story.pk}/share/{link.pk}/revoke/").status_code == 403
    assert story.share_links.count() == 1
    link.refresh_from_db()
    assert link.revoked_at is None
