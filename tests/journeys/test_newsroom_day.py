"""
The newsroom's day in Debian's chromium, against the live test server.

A journalist writes and submits a story, an editor sends it back and later publishes it,
a reader finds it from the home page to the columnist's profile and the feed, a scheduled
story appears only when its time comes, and no public page makes the browser report an error.
"""

import datetime
import re
from urllib.parse import urlsplit

import pytest
import time_machine
from defusedxml import ElementTree as ET
from django.utils import timezone

from articles import workflow
from articles.models import Status, Tag
from tests.factories import ArticleFactory, jpeg_bytes

from .conftest import expect, log_in, pick_autocomplete, picture, type_at_end_of_body

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

HEADLINE = "Space agencies agree to share docking data"
DEK = "The two agencies will publish a common standard for crewed dockings."
LINK_URL = "https://www.example.org/docking-standard"
BODY = (
    "<p>Both agencies met for the first time in years. Read "
    f'<a href="{LINK_URL}">the agreed standard</a> before the vote.</p>'
)
SEND_BACK_NOTE = "Say when the standard takes effect, and name it in the headline."
FIXED_HEADLINE = "Space agencies agree a common docking standard"
SCHEDULED_HEADLINE = "Crew named for the autumn docking trial"


@pytest.fixture
def library_picture(newsroom):
    return picture(
        "Mission control at night",
        "Rows of consoles in a dim control room",
        "The control room before the docking.",
        "Orbital Desk Archive",
        (20, 40, 90),
    )


@pytest.fixture
def hero_picture(newsroom):
    return picture(
        "Docking port close-up",
        "A docking port ringed with latches",
        "The docking port the new standard describes.",
        "Harbour Imaging",
        (90, 30, 40),
    )


def draft_by(newsroom, headline, slug, **fields):
    """A draft written by the newsroom's journalist, bylined to them and their colleague."""
    return ArticleFactory(
        headline=headline,
        slug=slug,
        section=newsroom.section,
        status=Status.DRAFT,
        published_at=None,
        created_by=newsroom.journalist,
        authors=[newsroom.columnist, newsroom.colleague],
        **fields,
    )


@pytest.fixture
def story_in_review(newsroom):
    """The journalist's story as the first journey leaves it: written and submitted."""
    story = draft_by(newsroom, HEADLINE, "space-agencies-agree-to-share-docking-data", dek=DEK, body=BODY)
    return workflow.submit(story, newsroom.journalist)


@pytest.fixture
def published_story(newsroom, story_in_review, hero_picture):
    """The story as the second journey leaves it: with its hero picture and a tag, approved and published."""
    story_in_review.hero_image = hero_picture
    story_in_review.save()
    story_in_review.tags.add(Tag.objects.create(name="Docking", slug="docking"))
    workflow.approve(story_in_review, newsroom.editor)
    return workflow.publish(story_in_review, newsroom.editor)


def story_id(page):
    """The story's id, read from the admin address the page is on."""
    return int(re.search(r"/admin/articles/article/(\d+)/change/", page.url).group(1))


def test_the_journalist_writes_and_submits_a_story(newsroom, library_picture, browser):
    new_picture = {"name": "docking-port.jpg", "mimeType": "image/jpeg", "buffer": jpeg_bytes((900, 600), (90, 30, 40))}

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
        upload.locator("#id_file").set_input_files(new_picture)
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
        type_at_end_of_body(page, " before the vote.")
        page.keyboard.press("Enter")
        # The Figure button opens the library's picker; the chosen picture comes with its alt text and caption.
        with page.expect_popup() as picker_window:
            page.locator("button[data-name=figure]").click()
        picker = picker_window.value
        picker.wait_for_load_state()
        chrome.screenshot(picker, "figure picker")
        choice = picker.get_by_role("button", name="Mission control at night")
        expect(choice).to_be_enabled()
        with picker.expect_event("close"):
            # The picker closes its window inside the click handler; a dispatched click does not
            # wait on a window that is already gone, as a simulated mouse click would.
            choice.dispatch_event("click")
        expect(body.locator("figure img")).to_have_attribute("alt", "Rows of consoles in a dim control room")
        expect(body.locator("figure figcaption")).to_have_text("The control room before the docking.")
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
        # Until the desk acts on it, the only step left to the writer is taking it back.
        expect(panel.get_by_role("button")).to_have_text(["Withdraw from review"])
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


def test_the_editor_sends_the_story_back_and_later_publishes_it(newsroom, story_in_review, browser):
    change_page = f"/admin/articles/article/{story_in_review.pk}/change/"

    with browser() as chrome:
        desk = log_in(chrome.window(), newsroom.editor, authenticator_key=newsroom.editor_key)
        desk.goto("/admin/articles/article/")
        desk.locator("#changelist-filter").get_by_role("link", name="In review").click()
        expect(desk.locator("#result_list tbody tr")).to_have_count(1)
        chrome.screenshot(desk, "stories in review")
        desk.locator("#result_list").get_by_role("link", name=HEADLINE, exact=True).click()
        panel = desk.locator(".workflow-panel")
        expect(panel).to_contain_text("State: In review")
        panel.get_by_label("What needs to change").fill(SEND_BACK_NOTE)
        panel.get_by_role("button", name="Send back").click()
        expect(panel).to_contain_text("State: Draft")
        chrome.screenshot(desk, "sent back")

        writer = log_in(chrome.window(), newsroom.journalist)
        writer.goto(change_page)
        expect(writer.locator(".editorial-notes")).to_contain_text(SEND_BACK_NOTE)
        chrome.screenshot(writer, "note read")
        writer.get_by_label("Headline").fill(FIXED_HEADLINE)
        type_at_end_of_body(writer, " It takes effect on the first of March.")
        writer.get_by_role("button", name="Save and continue editing").click()
        expect(writer.locator(".messagelist")).to_contain_text("was changed successfully")
        writer.locator(".workflow-panel").get_by_role("button", name="Submit for review").click()
        expect(writer.locator(".workflow-panel")).to_contain_text("State: In review")
        chrome.screenshot(writer, "resubmitted")

        desk.goto(change_page)
        expect(desk.get_by_label("Headline")).to_have_value(FIXED_HEADLINE)
        panel.get_by_role("button", name="Approve").click()
        expect(panel).to_contain_text("State: Approved")
        panel.get_by_role("button", name="Publish").click()
        expect(desk.locator(".confirm-step-list")).to_contain_text("Publish now")
        chrome.screenshot(desk, "confirm publish")
        desk.get_by_role("button", name="Confirm: publish").click()
        expect(panel).to_contain_text("State: Published")
        audit_trail = desk.locator("section[aria-labelledby=history-heading] tbody tr.history-step")
        expect(audit_trail).to_have_count(5)
        chrome.screenshot(desk, "published")
        reader = chrome.window().new_page()
        reader.goto("/")
        reader.get_by_role("link", name=FIXED_HEADLINE).first.click()
        expect(reader.get_by_role("heading", level=1)).to_have_text(FIXED_HEADLINE)
        expect(reader.locator("article")).to_contain_text("before the vote. It takes effect on the first of March.")
        chrome.screenshot(reader, "read")
        errors = chrome.console.on_public_pages()

    assert errors == []


def test_a_reader_finds_the_story_its_columnist_and_its_feed_entry(published_story, browser):
    with browser() as chrome:
        page = chrome.window().new_page()
        page.goto("/")
        chrome.screenshot(page, "home")
        page.get_by_role("link", name=HEADLINE).first.click()
        expect(page.get_by_role("heading", level=1)).to_have_text(HEADLINE)
        hero = page.locator("figure").first
        expect(hero.get_by_role("img", name="A docking port ringed with latches")).to_be_visible()
        expect(hero).to_contain_text("The docking port the new standard describes.")
        expect(hero).to_contain_text("Image credit: Harbour Imaging")
        hero_drawn = hero.get_by_role("img").evaluate("image => image.complete && image.naturalWidth > 0")
        story_url = page.url
        chrome.screenshot(page, "story")

        page.locator(".byline").get_by_role("link", name="Wren Harlow").click()
        expect(page).to_have_url(re.compile(r"/authors/wren-harlow/$"))
        expect(page.get_by_role("heading", level=1)).to_contain_text("Wren Harlow")
        expect(page.get_by_role("link", name=HEADLINE)).to_have_attribute("href", re.compile(r"/\d{4}/\d\d/\d\d/"))
        chrome.screenshot(page, "columnist")

        feed = page.request.get("/feed/")
        feed_items = {item.findtext("title"): item.findtext("link") for item in ET.fromstring(feed.body()).iter("item")}
        errors = chrome.console.on_public_pages()

    assert hero_drawn
    assert feed.headers["content-type"].startswith("application/rss+xml")
    assert urlsplit(feed_items[HEADLINE]).path == urlsplit(story_url).path
    assert errors == []


def test_a_scheduled_story_appears_when_its_time_comes(newsroom, browser):
    # The site's clock stands still until the test moves it past the story's time: however long the
    # steps before take, the story is not due early.
    start = timezone.localtime().replace(microsecond=0)
    due = start + datetime.timedelta(minutes=2)

    with time_machine.travel(start, tick=False):
        ArticleFactory(headline=HEADLINE, section=newsroom.section, authors=[newsroom.columnist])
        scheduled = draft_by(newsroom, SCHEDULED_HEADLINE, "crew-named-for-the-autumn-docking-trial", body=BODY)
        workflow.submit(scheduled, newsroom.journalist)
        workflow.approve(scheduled, newsroom.editor)
        story_path = f"/{due:%Y/%m/%d}/{scheduled.slug}/"

        with browser() as chrome:
            desk = log_in(chrome.window(), newsroom.editor, authenticator_key=newsroom.editor_key)
            desk.goto(f"/admin/articles/article/{scheduled.pk}/change/")
            panel = desk.locator(".workflow-panel")
            panel.get_by_label("Publish at").fill(f"{due:%Y-%m-%dT%H:%M:%S}")
            panel.get_by_role("button", name="Publish").click()
            expect(desk.locator(".confirm-step-list")).to_contain_text(f"Scheduled for {due:%a %-d %b}")
            desk.get_by_role("button", name="Confirm: publish").click()
            expect(desk.locator(".messagelist")).to_contain_text("is scheduled: readers see it from")
            expect(panel).to_contain_text("scheduled for")
            chrome.screenshot(desk, "scheduled")

            reader = chrome.window().new_page()
            reader.goto("/")
            expect(reader.get_by_role("link", name=HEADLINE).first).to_be_visible()
            expect(reader.get_by_role("link", name=SCHEDULED_HEADLINE)).to_have_count(0)
            early = reader.request.get(story_path).status
            chrome.screenshot(reader, "not yet due")

            # A second before its time, still nothing. The server runs in this process: the clock moves for it too.
            with time_machine.travel(due - datetime.timedelta(seconds=1), tick=False):
                still_early = reader.request.get(story_path).status
            with time_machine.travel(due, tick=False):
                reader.goto("/")
                reader.get_by_role("link", name=SCHEDULED_HEADLINE).first.click()
                expect(reader.get_by_role("heading", level=1)).to_have_text(SCHEDULED_HEADLINE)
                due_path = reader.url.removeprefix(chrome.url)
                chrome.screenshot(reader, "due")
            errors = chrome.console.on_public_pages()

    assert early == still_early == 404
    assert due_path == story_path
    assert errors == []


def test_public_pages_report_no_browser_errors(published_story, browser):
    pages = [
        "/",
        published_story.get_absolute_url(),
        "/authors/",
        "/authors/wren-harlow/",
        "/sections/policy/",
        "/tags/docking/",
        "/search/?q=docking",
        "/corrections/",
        "/no/such/page/",
    ]

    with browser() as chrome:
        page = chrome.window().new_page()
        for path in pages:
            page.goto(path)
            chrome.screenshot(page, path.strip("/") or "home")
        errors = chrome.console.on_public_pages()

    assert errors == []
