"""
The library's scripts in Debian's chromium: the focal-point picker with its shape previews, the editor's
picture picker (choosing and uploading), and the story editor's figures.
"""

import contextlib

import pytest
from django.conf import settings
from django.core.files.base import ContentFile
from django.test import Client

from media.models import Image
from media.renditions import ensure_renditions
from tests.browser import chromium, require_chromium
from tests.factories import ArticleFactory, ImageFactory

from .pictures import drawn, encode

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def editor_page(live_server, desk):
    """
    Open a chromium page signed in as the desk's editor on the live test server.

    The database work happens before the browser starts: Playwright's sync API
    runs the test inside its own context, where Django would open a second
    connection that nobody closes.
    """
    require_chromium()
    client = Client()
    client.force_login(desk)
    cookie = {"name": settings.SESSION_COOKIE_NAME, "value": client.cookies[settings.SESSION_COOKIE_NAME].value}

    @contextlib.contextmanager
    def open_page():
        with chromium() as browser:
            context = browser.new_context(viewport={"width": 1200, "height": 900})
            context.add_cookies([{**cookie, "url": live_server.url}])
            yield context.new_page()

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


def test_the_shape_previews_follow_a_new_focal_point(editor_page, live_server):
    image = ImageFactory(file=ContentFile(encode(drawn((1300, 900)), "JPEG"), name="a.jpg"))
    ensure_renditions(image)

    with editor_page() as page:
        page.goto(f"{live_server.url}/admin/media/image/{image.pk}/change/")
        square = page.locator("[data-shape='1x1'] img")
        stored_crop = square.evaluate("element => element.src")
        picture = page.locator("[data-focal-image]")
        box = picture.bounding_box()
        picture.click(position={"x": box["width"] * 0.05, "y": box["height"] * 0.5})
        moved = {
            "src": square.evaluate("element => element.src"),
            "position": square.evaluate("element => element.style.objectPosition"),
            "note": page.locator("[data-shape-note]").inner_text(),
            "uncropped": picture.evaluate("element => element.src"),
        }

    assert "1x1-480" in stored_crop
    # The square hugs the picture's left edge, shown from the uncropped picture until the save makes it.
    assert moved["src"] == moved["uncropped"] and moved["position"] == "0% 50%"
    assert moved["note"] == "Crops around the new focal point: save to keep them."


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
        choice = popup.get_by_role("button", name="Launch tower")
        choice.wait_for()
        with popup.expect_event("close"):
            # The picker closes its window inside the click handler; a dispatched click does not
            # wait on a window that is already gone, as a simulated mouse click would.
            choice.dispatch_event("click")
        picked = page.evaluate("window.picked")

    assert picked == {
        "num": -2,
        "url": figure_url,
        "data": {"id": str(image.pk), "alternative_text": "The tower at dusk", "caption": "Before the launch."},
    }


def test_the_figure_button_opens_the_picker_and_an_upload_goes_into_the_story(editor_page, live_server):
    upload = {"name": "docking-port.jpg", "mimeType": "image/jpeg", "buffer": encode(drawn((1300, 900)), "JPEG")}
    ImageFactory(title="Launch tower")  # the library has pictures: the upload form starts folded

    with editor_page() as page:
        page.goto(f"{live_server.url}/admin/articles/article/add/")
        body = page.locator(".ProseMirror[contenteditable=true]")
        body.click()
        page.keyboard.type("The port was fitted overnight.")
        page.keyboard.press("Enter")
        with page.expect_popup() as picker_window:
            page.locator("button[data-name=figure]").click()
        picker = picker_window.value
        picker.wait_for_load_state()
        picker.get_by_text("Upload a new picture").click()
        picker.locator("#id_file").set_input_files(upload)
        picker.get_by_label("Title").fill("Docking port close-up")
        picker.get_by_label("Caption").fill("The port the new standard describes.")
        picker.get_by_role("button", name="Upload and insert").click()
        # Refused for its alt text and credit: what was typed is there, and so is the file.
        kept_note = picker.locator(".field-file .help").inner_text()
        kept_title = picker.get_by_label("Title").input_value()
        picker.get_by_label("Alt text").fill("A docking port ringed with latches")
        picker.get_by_label("Credit").fill("Harbour Imaging")
        with picker.expect_event("close"):
            picker.get_by_role("button", name="Upload and insert").click()
        figure = body.locator("figure")
        figure.locator("figcaption").wait_for()
        inserted = {
            "file": figure.locator("img").get_attribute("data-file"),
            "alt": figure.locator("img").get_attribute("alt"),
            "caption": figure.locator("figcaption").inner_text(),
            "stored": page.locator("textarea[name=body]").input_value(),
        }
        asked_for_an_address = page.get_by_text("Image URL").count()

    image = Image.objects.get(title="Docking port close-up")
    assert kept_note.startswith("Kept from your last try: docking-port.jpg (1300 × 900 pixels).")
    assert kept_title == "Docking port close-up"
    assert (image.alt_text, image.credit, image.uploaded_by.username) == (
        "A docking port ringed with latches",
        "Harbour Imaging",
        "edie",
    )
    assert inserted["file"] == str(image.pk) and inserted["alt"] == image.alt_text
    assert inserted["caption"] == "The port the new standard describes."
    assert f'data-file="{image.pk}"' in inserted["stored"] and "<figcaption" in inserted["stored"]
    assert asked_for_an_address == 0


@pytest.mark.parametrize("key", ["Backspace", "Delete"])
def test_removing_a_figure_removes_its_caption(editor_page, live_server, key):
    image = ImageFactory(file=ContentFile(encode(drawn((900, 600)), "JPEG"), name="a.jpg"))
    story = ArticleFactory(
        body=(
            "<p>Before the picture.</p>"
            f'<figure><img src="{image.file.url}" alt="The pad" data-file="{image.pk}">'
            "<figcaption>The pad at dawn.</figcaption></figure><p>After the picture.</p>"
        )
    )

    with editor_page() as page:
        page.goto(f"{live_server.url}/admin/articles/article/{story.pk}/change/")
        body = page.locator(".ProseMirror[contenteditable=true]")
        body.locator("figure img").click()
        page.keyboard.press(key)
        removed = {"html": body.inner_html(), "stored": page.locator("textarea[name=body]").input_value()}
        page.keyboard.press("Control+z")
        restored = body.locator("figure figcaption").inner_text()

    assert "<figure" not in removed["html"] and "The pad at dawn." not in removed["html"]
    assert removed["stored"] == "<p>Before the picture.</p><p>After the picture.</p>"
    assert restored == "The pad at dawn."
