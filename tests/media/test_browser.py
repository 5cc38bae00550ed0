"""The library's two scripts in Debian's chromium: the focal-point picker and the editor's picture picker."""

import contextlib
import os

import pytest
from django.conf import settings
from django.core.files.base import ContentFile
from django.test import Client

from media.renditions import ensure_renditions
from tests.factories import ImageFactory, editor
from tests.tools import require_tool

from .pictures import drawn, encode

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

CHROMIUM = "/usr/bin/chromium"


@pytest.fixture
def editor_page(live_server):
    """
    Open a chromium page logged in as an editor of the live test server.

    The database work happens before the browser starts: Playwright's sync API
    runs the test inside its own context, where Django would open a second
    connection that nobody closes.
    """
    require_tool(os.path.exists(CHROMIUM), "Debian's chromium (/usr/bin/chromium)")
    try:
        from playwright import sync_api
    except ImportError:
        sync_api = None
    require_tool(sync_api is not None, "Playwright for Python (requirements-dev.txt)")
    client = Client()
    client.force_login(editor(username="browser-desk"))
    cookie = {"name": settings.SESSION_COOKIE_NAME, "value": client.cookies[settings.SESSION_COOKIE_NAME].value}

    @contextlib.contextmanager
    def open_page():
        with sync_api.sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox", "--disable-gpu"])
            context = browser.new_context(viewport={"width": 1200, "height": 900})
            context.add_cookies([{**cookie, "url": live_server.url}])
            try:
                yield context.new_page()
            finally:
                browser.close()

    return open_page


def test_a_click_on_the_picture_sets_the_focal_point(editor_page, live_server):
    image = ImageFactory(file=ContentFile(encode(drawn((900, 600)), "JPEG"), name="a.jpg"))

    with editor_page() as page:
        page.goto(f"{live_server.url}/admin/media/image/{image.pk}/change/")
        picture = page.locator("[data-focal-image]")
        box = picture.bounding_box()
        picture.click(position={"x": box["width"] * 0.25, "y": box["height"] * 0.75})
        focal = (float(page.input_value("#id_focal_x")), float(page.input_value("#id_focal_y")))
        marker_shown = page.locator("[data-focal-marker]").is_visible()

    assert focal == (pytest.approx(0.25, abs=0.01), pytest.approx(0.75, abs=0.01))
    assert marker_shown


def test_the_picker_hands_the_picture_to_the_editor_that_opened_it(editor_page, live_server):
    image = ImageFactory(
        title="Launch tower",
        alt_text="The tower at dusk",
        caption="Before the launch.",
        file=ContentFile(encode(drawn((1300, 900)), "JPEG"), name="t.jpg"),
    )
    ensure_renditions(image)
    figure_url = image.renditions.get(spec="free-1200", format="jpeg").file.url

    with editor_page() as page:
        page.goto(f"{live_server.url}/admin/")
        # What the rich-text editor's Figure button sets up before it opens the picker window.
        page.evaluate(
            "window.CKEDITOR = {tools: {callFunction: (num, url, data) => { window.picked = {num, url, data}; }}}"
        )
        with page.expect_popup() as popup_info:
            page.evaluate("window.open('/admin/media/image/picker/?CKEditorFuncNum=-2', '_blank', 'width=800')")
        popup = popup_info.value
        popup.wait_for_load_state()
        with popup.expect_event("close"):
            popup.get_by_role("button", name="Launch tower").click()
        picked = page.evaluate("window.picked")

    assert picked == {
        "num": -2,
        "url": figure_url,
        "data": {"id": str(image.pk), "alternative_text": "The tower at dusk", "caption": "Before the launch."},
    }
