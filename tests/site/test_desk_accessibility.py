"""
axe-core, run in Debian's chromium against a live server, finds no serious or critical WCAG 2.1 A/AA
violation on the desk (each role's home page) and the editor's calendar, signed in, with a story in
every group.
"""

import datetime

import pytest
from django.apps import apps as django_apps
from django.conf import settings
from django.test import Client
from django.utils import timezone

from articles import workflow
from articles.models import Status
from articles.roles import sync_groups
from tests.factories import ArticleFactory, AuthorFactory, editor, journalist
from tests.site.conftest import SERIOUS, axe_findings

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def desk_pages(live_server):
    """A writer's and an editor's session cookies, and the pages each lands on, with a story in every group."""
    # An earlier transactional test may have flushed the groups the role migration made.
    sync_groups(django_apps)
    writer = journalist(username="wren", first_name="Wren", last_name="Harlow")
    desk = editor(username="edie", first_name="Edie", last_name="Marsh")
    author = AuthorFactory(user=writer, name="Wren Harlow")
    now = timezone.now()
    for label, steps in [
        ("A draft", []),
        ("Sent back", [("submit", writer), ("send_back", desk)]),
        ("Waiting for review", [("submit", writer)]),
        ("Approved", [("submit", writer), ("approve", desk)]),
        ("Tomorrow's story", [("submit", writer), ("publish", desk, now + datetime.timedelta(days=1))]),
        ("Yesterday's story", [("submit", writer), ("publish", desk, now - datetime.timedelta(days=1))]),
    ]:
        story = ArticleFactory(
            headline=label, status=Status.DRAFT, published_at=None, created_by=writer, authors=[author]
        )
        for name, who, *at in steps:
            extra = {"note": "Cite the source of the second quote."} if name == "send_back" else {}
            if at:
                extra["at"] = at[0]
            getattr(workflow, name)(story, who, notify=False, **extra)
    pages = []
    for user, paths in [(writer, ["/admin/"]), (desk, ["/admin/", "/admin/articles/article/calendar/"])]:
        client = Client()
        client.force_login(user)
        cookie = client.cookies[settings.SESSION_COOKIE_NAME].value
        pages += [(f"{user.username} {path}", cookie, live_server.url + path) for path in paths]
    return pages


# ``desk_pages`` comes before ``browser``: the database is filled before Playwright's event loop starts.
def test_the_desk_and_the_calendar_have_no_serious_wcag_violations(axe_script, desk_pages, live_server, browser):
    found = {}
    for name, cookie, url in desk_pages:
        context = browser.new_context(bypass_csp=True, viewport={"width": 1280, "height": 900})
        context.add_cookies([{"name": settings.SESSION_COOKIE_NAME, "value": cookie, "url": live_server.url}])
        page = context.new_page()
        page.goto(url)
        assert page.url == url, f"{name}: not signed in"
        # Contrast is only checked for real when the desk's stylesheet has loaded.
        style = "getComputedStyle(document.querySelector('.desk-stories, .calendar-days')).listStyleType"
        assert page.evaluate(style) == "none", f"{name}: the desk's stylesheet did not load"
        assert page.locator(".desk-story, .calendar-story").count() >= 1, name
        violations = axe_findings(page, axe_script, SERIOUS)
        if violations:
            found[name] = violations
        context.close()
    assert found == {}
