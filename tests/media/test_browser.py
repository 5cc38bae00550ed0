"""The library's two scripts in Debian's chromium: the focal-point picker and the editor's picture picker."""

import os

import pytest
from django.conf import settings
from django.core.files.base import ContentFile
from django.test import Client

from media.renditions import ensure_renditions
from tests.factories import ImageFactory, editor

from .pictures import drawn, encode

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

CHROMIUM = "/usr/bin/chromium"


@pytest.fixture
def browser_page(live_server, monkeypatch):
    """A chromium page logged in as an editor of the live test server."""
    sync_api = pytest.importorskip("playwright.sync_api")
    if not os.path.exists(CHROMIUM):
        pytest.skip("Debian's chromium is not installed")
    # Playwright's sync API runs an event loop in this thread; the test's own ORM calls are still synchronous.
    monkeypatch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    client = Client()
    client.force_login(editor(username="browser-desk"))
    session = client.cookies[settings.SESSION_COOKIE_NAME].value
    with sync_api.sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox", "--disable-gpu"])
        context = browser.new_context(viewport={"width": 1200, "height": 900})
        context.add_cookies([{"name": settings.SESSION_COOKIE_NAME, "value": session, "url": live_server.url}])
        yield context.new_page()
        browser.close()


def test_a_click_on_the_picture_sets_the_focal_point(browser_page, live_server):
    image = ImageFactory(file=ContentFile(encode(drawn((900, 600)), "JPEG"), name="a.jpg"))
    page = browser_page

    page.goto(f"{live_server.url}/admin/media/image/{image.pk}/change/")
    picture = page.locator("[data-focal-image]")
    box = picture.bounding_box()
    picture.click(position={"x": box["width"] * 0.25, "y": box["height"] * 0.75})

    assert float(page.input_value("#id_focal_x")) == pytest.approx(0.25, abs=0.01)
    assert float(page.input_value("#id_focal_y")) == pytest.approx(0.75, abs=0.01)
    assert page.locator("[data-focal-marker]").is_visible()


def test_the_picker_hands_the_picture_to_the_editor_that_opened_it(browser_page, live_server):
    image = ImageFactory(
        title="Launch tower",
        alt_text="The tower at dusk",
        caption="Before the launch.",
        file=ContentFile(encode(drawn((1300, 900)), "JPEG"), name="t.jpg"),
    )
    ensure_renditions(image)
    figure_url = image.renditions.get(spec="free-1200", format="jpeg").file.url
    page = browser_page
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
