"""
The newsroom's day in Debian's chromium, against the live test server.

A journalist writes and submits a story, an editor sends it back and later publishes it,
a reader finds it from the home page to the columnist's profile and the feed, a scheduled
story appears only when its time comes, and no public page makes the browser report an error.
"""

import re

import pytest

from tests.factories import jpeg_bytes

from .conftest import expect, log_in, pick_autocomplete

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

HEADLINE = "Space agencies agree to share docking data"
DEK = "The two agencies will publish a common standard for crewed dockings."
LINK_URL = "https://www.example.org/docking-standard"


def story_id(page):
    """The story's id, read from the admin address the page is on."""
    return int(re.search(r"/admin/articles/article/(\d+)/change/", page.url).group(1))


def test_the_journalist_writes_and_submits_a_story(newsroom, browser):
    picture = {"name": "docking-port.jpg", "mimeType": "image/jpeg", "buffer": jpeg_bytes((1600, 1000), (90, 30, 40))}

    with browser() as chrome:
        desk = chrome.window()
        page = log_in(desk, newsroom.journalist)
        chrome.screenshot(page, "logged in")
        page.goto("/admin/articles/article/add/")
        page.get_by_label("Headline").fill(HEADLINE)
        page.get_by_label("Dek").fill(DEK)
        page.get_by_label("Section").select_option(label="Policy")
        pick_autocomplete(page, "id_bylines-0-author", "Wren Harlow")
        page.get_by_role("button", name="Add another Byline").click()
        page.locator("#id_bylines-1-order").fill("1")
        pick_autocomplete(page, "id_bylines-1-author", "Tomas Okafor")

        # A new hero picture, uploaded and described through the image field's "add" window.
        with page.expect_popup() as upload_window:
            page.locator("#add_id_hero_image").click()
        upload = upload_window.value
        upload.locator("#id_file").set_input_files(picture)
        upload.get_by_label("Title").fill("Docking port close-up")
        upload.get_by_label("Alt text").fill("A docking port ringed with latches")
        upload.get_by_role("textbox", name="Caption:").fill("The docking port the new standard describes.")
        upload.get_by_role("textbox", name="Credit:").fill("Harbour Imaging")
        chrome.screenshot(upload, "hero upload")
        with upload.expect_event("close"):
            upload.get_by_role("button", name="Save", exact=True).click()
        expect(page.locator("#id_hero_image + .select2")).to_contain_text("Docking port close-up")

        # The body: a paragraph with a link, then a figure picked from the library.
        body = page.locator(".ProseMirror[contenteditable=true]")
        body.click()
        page.keyboard.type("Both agencies met for the first time in years. Read the agreed standard")
        for _ in "the agreed standard":
            page.keyboard.press("Shift+ArrowLeft")
        page.locator("button[data-name=link]").click()
        link_dialog = page.locator("dialog[open]")
        link_dialog.get_by_label("URL").fill(LINK_URL)
        link_dialog.get_by_role("button", name="Update").click()
        expect(body.locator("a", has_text="the agreed standard")).to_have_attribute("href", LINK_URL)
        body.press("End")
        page.keyboard.type(" before the vote.")
        page.keyboard.press("Enter")
        page.locator("button[data-name=figure]").click()
        figure_dialog = page.locator("dialog[open]")
        with page.expect_popup() as picker_window:
            figure_dialog.get_by_role("button", name="Browse...").click()
        picker = picker_window.value
        picker.wait_for_load_state()
        chrome.screenshot(picker, "figure picker")
        with picker.expect_event("close"):
            picker.get_by_role("button", name="Mission control at night").click()
        expect(figure_dialog.get_by_label("Alternative Text")).to_have_value("Rows of consoles in a dim control room")
        figure_dialog.get_by_role("button", name="Insert").click()
        expect(body.locator("figure img")).to_have_count(1)
        chrome.screenshot(page, "story written")

        page.get_by_role("button", name="Save and continue editing").click()
        expect(page.locator(".messagelist")).to_contain_text("was added successfully")
        article_id = story_id(page)
        chrome.screenshot(page, "story saved")

        # The preview is the reader's page, drafts included.
        page.goto("/admin/articles/article/")
        with page.expect_popup() as preview_window:
            page.get_by_role("link", name=f"Preview {HEADLINE}").click()
        preview = preview_window.value
        expect(preview.get_by_role("heading", level=1)).to_have_text(HEADLINE)
        expect(preview.get_by_role("link", name="the agreed standard")).to_have_attribute("href", LINK_URL)
        expect(preview.locator("article figure img[alt='Rows of consoles in a dim control room']")).to_have_count(1)
        expect(preview.locator("figcaption").first).to_contain_text("Image credit: Harbour Imaging")
        chrome.screenshot(preview, "preview")
        preview.close()

        page.goto(f"/admin/articles/article/{article_id}/change/")
        panel = page.locator(".workflow-panel")
        expect(panel.get_by_role("button", name="Publish")).to_have_count(0)
        panel.get_by_role("button", name="Submit for review").click()
        expect(panel).to_contain_text("State: In review")
        expect(panel.get_by_role("button")).to_have_count(0)
        chrome.screenshot(page, "submitted")

        # A publish request made by hand, with a valid CSRF token, is refused by the server.
        token = page.locator("input[name=csrfmiddlewaretoken]").first.input_value()
        forged = page.request.post(
            f"/admin/articles/article/{article_id}/transition/publish/",
            form={"csrfmiddlewaretoken": token, "publish_at": ""},
            max_redirects=0,
        )
        forged_text = forged.text()
        page.reload()
        chrome.screenshot(page, "forged publish refused")
        expect(page.locator(".workflow-panel")).to_contain_text("State: In review")

    assert forged.status == 403
    assert "CSRF" not in forged_text
