"""
What the newsroom-day journeys share: the people and pictures of a small newsroom, and
Debian's chromium driven by Playwright against the live test server.

Every journey builds its newsroom in the database first and only then starts the
browser: while Playwright's sync API runs, the test's own thread sits inside an event
loop, where Django refuses database work. The live server answers from its own thread.
"""

import contextlib
import re
import time
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from django.conf import settings
from django.core.files.base import ContentFile

from articles.models import Section, Status
from tests.browser import chromium, require_chromium
from tests.factories import (
    ArticleFactory,
    AuthorFactory,
    ImageFactory,
    authenticator,
    code_from,
    editor,
    journalist,
    jpeg_bytes,
)

try:
    from playwright.sync_api import expect
except ImportError:  # the browser fixture reports it: a skip on a laptop, a failure on CI
    expect = None

SCREENSHOTS = Path(settings.BASE_DIR) / "test-artifacts" / "screenshots"
PASSWORD = "correct-horse-battery"  # what tests.factories.UserFactory gives every account


@dataclass
class ConsoleLog:
    """Errors the browser reported (console errors, CSP refusals, uncaught exceptions), by page address."""

    errors: list = field(default_factory=list)

    def watch(self, page):
        page.on("console", lambda message: self._console(page, message))
        page.on("pageerror", lambda error: self.errors.append((page.url, f"uncaught: {error}")))

    def _console(self, page, message):
        if message.type != "error":
            return
        if message.text.startswith("Failed to load resource") and message.location.get("url") == page.url:
            return  # the page's own status (a 404 page, say) is for the test to check, not an error in it
        self.errors.append((page.url, f"{message.text} ({message.location.get('url')})"))

    def on_public_pages(self):
        """The errors reported on readers' pages (the admin has its own scripts and rules)."""
        return [(url, text) for url, text in self.errors if "/admin/" not in url]


class Browser:
    """One chromium with a window per person; every page's console is watched and screenshots are named."""

    def __init__(self, chromium, live_server_url, journey):
        self.url = live_server_url
        self.journey = journey
        self.console = ConsoleLog()
        self.chromium = chromium
        self.shots = 0

    def window(self):
        """A fresh browser profile (its own cookies): one person at one desk."""
        context = self.chromium.new_context(base_url=self.url, viewport={"width": 1280, "height": 900})
        context.set_default_timeout(15_000)
        context.on("page", self.console.watch)
        return context

    def screenshot(self, page, step):
        """Save the whole page as ``<journey>-<nn>-<step>.png``."""
        self.shots += 1
        name = re.sub(r"[^a-z0-9]+", "-", step.lower()).strip("-")
        page.screenshot(path=SCREENSHOTS / f"{self.journey}-{self.shots:02d}-{name}.png", full_page=True)


@pytest.fixture
def browser(request, live_server):
    """
    Start chromium for this journey; use it as ``with browser() as chrome:`` after the database work.

    Screenshots go to test-artifacts/screenshots/, named after the test.
    """
    require_chromium("the browser journeys need it (.ci/run installs it)")
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    journey = request.node.name.removeprefix("test_")
    for earlier in SCREENSHOTS.glob(f"{journey}-*.png"):
        earlier.unlink()  # the folder shows the last run's steps only

    @contextlib.contextmanager
    def open_browser():
        with chromium() as launched:
            yield Browser(launched, live_server.url, journey)

    return open_browser


@dataclass
class Newsroom:
    journalist: object
    editor: object
    columnist: object
    colleague: object
    section: object
    editor_key: bytes  # the secret in the editor's authenticator app


@pytest.fixture
def newsroom(transactional_db):
    """
    A journalist who is also a columnist, a colleague to share a byline with, an editor (with an
    authenticator app set up: editors sign in with a code) and a section.
    """
    writer = journalist(username="wren", first_name="Wren", last_name="Harlow", email="wren@newsroom.example")
    desk = editor(username="edie", first_name="Edie", last_name="Marsh", email="edie@newsroom.example")
    return Newsroom(
        journalist=writer,
        editor=desk,
        editor_key=authenticator(desk).bin_key,
        columnist=AuthorFactory(
            user=writer,
            name="Wren Harlow",
            slug="wren-harlow",
            title="Space Policy Columnist",
            is_columnist=True,
        ),
        colleague=AuthorFactory(name="Tomas Okafor", slug="tomas-okafor", title="Launch Reporter"),
        section=Section.objects.create(name="Policy", slug="policy"),
    )


def picture(title, alt_text, caption, credit, colour):
    """
    A library picture, small enough to need few renditions.

    Its renditions are made as soon as it is saved: these tests commit every save, as the site does.
    """
    return ImageFactory(
        title=title,
        alt_text=alt_text,
        caption=caption,
        credit=credit,
        file=ContentFile(jpeg_bytes((900, 600), colour), name="picture.jpg"),
    )


_steps_used = {}


def fresh_code(key, step=30):
    """
    A code from the authenticator app holding ``key`` that the desk has not seen yet: it takes each
    code once, so a second sign-in within 30 seconds types the next one (the desk allows one step
    ahead), and a third waits for the clock.
    """
    now = int(time.time() // step)
    wanted = max(now, _steps_used.get(key, -1) + 1)
    if wanted > now + 1:
        time.sleep((wanted - 1) * step - time.time() + 0.1)
    _steps_used[key] = wanted
    return code_from(key, at=wanted * step)


def log_in(context, user, password=PASSWORD, authenticator_key=None):
    """
    Log in through the admin's own login form, and the code step with ``authenticator_key``'s
    app where the account has one; returns the page, on the admin index.
    """
    page = context.new_page()
    page.goto("/admin/login/")
    page.get_by_label("Username").fill(user.get_username())
    page.get_by_label("Password").fill(password)
    page.get_by_role("button", name="Log in").click()
    if authenticator_key is not None:
        page.wait_for_url("**/admin/two-factor/?next=*")
        page.get_by_label("Code").fill(fresh_code(authenticator_key))
        page.get_by_role("button", name="Verify").click()
    page.wait_for_url("**/admin/")
    return page


def pick_autocomplete(page, select_id, search):
    """Choose ``search`` in the admin's autocomplete (select2) box for the ``<select id=select_id>``."""
    page.locator(f"#{select_id} + .select2").click()
    page.locator(".select2-container--open .select2-search__field").fill(search)
    page.locator(".select2-results__option", has_text=search).click()


def type_at_end_of_body(page, text):
    """Type ``text`` at the very end of the story's rich-text body, as a writer clicking into it would."""
    paragraph = page.locator(".ProseMirror[contenteditable=true] p").last
    box = paragraph.bounding_box()
    # Past the last word of its last line: the caret lands after it.
    paragraph.click(position={"x": box["width"] - 1, "y": box["height"] - 1})
    page.keyboard.type(text)


@pytest.fixture
def own_draft(newsroom):
    """The columnist's draft, created by the journalist: theirs to edit."""
    return ArticleFactory(
        headline="Rover finds clay",
        slug="rover-finds-clay",
        section=newsroom.section,
        body="<p>The rover drilled twice this week.</p>",
        status=Status.DRAFT,
        published_at=None,
        created_by=newsroom.journalist,
        authors=[newsroom.columnist],
    )
