"""
The desk's working day in Debian's chromium, from each role's home page to the reader's.

A journalist lands on their desk, writes a story with a picture uploaded from the body editor's
picker, types one more sentence and submits without saving (the sentence goes with it). The editor
finds it under "Needs review", adds a byline, compares two revisions that show it, and sends it
back; the journalist reads "Changes requested" and the note at the top, fixes and resubmits. The
editor previews it under its banner, publishes it through the confirmation page, and a reader
finds it; then the editor schedules another story for tomorrow and finds it on the calendar.
"""

import datetime
import threading

import pytest
from django.db import connection
from django.utils import timezone

from articles import workflow
from articles.models import Article, Status
from tests.factories import ArticleFactory, jpeg_bytes

from .conftest import expect, log_in, pick_autocomplete, picture, type_at_end_of_body

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

HEADLINE = "Lunar rover wakes after the long night"
FIRST_PARAGRAPH = "The rover answered the first call from mission control at dawn."
UNSAVED_SENTENCE = "Its batteries held through fourteen days of cold."
FIXED_SENTENCE = "Engineers expect it to drive again on Monday."
SEND_BACK_NOTE = "Say when it will drive again, and credit the agency for the picture."
SCHEDULED_HEADLINE = "Rover team names its next crater"
UPLOAD = {
    "title": "Rover at first light",
    "alt": "A six-wheeled rover on grey regolith at sunrise",
    "caption": "The rover after its first night on the Moon.",
    "credit": "Lunar Agency Imaging",
}


def from_the_database(read):
    """
    Run ``read`` (a function using the ORM) on a thread of its own and return what it returns.

    The test's thread sits inside Playwright's event loop, where Django refuses database work; the
    live server answers from a thread of its own in the same way.
    """
    result = {}

    def run():
        try:
            result["value"] = read()
        except BaseException as error:  # handed back to the test, not lost with the thread
            result["error"] = error
        finally:
            connection.close()

    thread = threading.Thread(target=run)
    thread.start()
    thread.join()
    if "error" in result:
        raise result["error"]
    return result["value"]


@pytest.fixture
def approved_story(newsroom):
    """Another of the journalist's stories, approved and waiting for a time."""
    story = ArticleFactory(
        headline=SCHEDULED_HEADLINE,
        slug="rover-team-names-its-next-crater",
        section=newsroom.section,
        body="<p>The crater on the rover's route gets a name.</p>",
        status=Status.DRAFT,
        published_at=None,
        created_by=newsroom.journalist,
        authors=[newsroom.columnist],
    )
    workflow.submit(story, newsroom.journalist, notify=False)
    return workflow.approve(story, newsroom.editor, notify=False)


def test_a_day_at_the_desk(newsroom, approved_story, browser):
    # The library already holds a picture: the picker opens on it, its upload form folded.
    picture("Mission control at night", "Rows of consoles", "The control room.", "Orbital Desk Archive", (20, 40, 90))
    upload_file = {"name": "rover.jpg", "mimeType": "image/jpeg", "buffer": jpeg_bytes((1200, 800), (120, 110, 90))}
    today = timezone.localdate()
    tomorrow = today + datetime.timedelta(days=1)
    # As the confirmation page names a day: the year only when it is not this one.
    tomorrow_named = f"{tomorrow:%a %-d %b}" if tomorrow.year == today.year else f"{tomorrow:%a %-d %b %Y}"
    next_calendar_week = tomorrow.isocalendar()[:2] != today.isocalendar()[:2]

    with browser() as chrome:
        # The journalist signs in and lands on their own desk.
        writer = log_in(chrome.window(), newsroom.journalist)
        expect(writer.get_by_role("heading", level=1)).to_have_text("My stories")
        expect(writer.locator("#desk-in_review")).to_contain_text(SCHEDULED_HEADLINE)
        chrome.screenshot(writer, "journalist desk")
        writer.get_by_role("link", name="Write a story").click()
        writer.wait_for_url("**/admin/articles/article/add/")

        # A new story: headline, section, their own byline already first, and body text.
        writer.get_by_label("Headline").fill(HEADLINE)
        writer.get_by_label("Section").select_option(label="Policy")
        expect(writer.locator("#id_bylines-0-author + .select2")).to_contain_text("Wren Harlow")
        body = writer.locator(".ProseMirror[contenteditable=true]")
        body.click()
        writer.keyboard.type(FIRST_PARAGRAPH)
        writer.keyboard.press("Enter")

        # A picture uploaded from the picker the body editor's figure button opens, described there.
        with writer.expect_popup() as picker_window:
            writer.locator("button[data-name=figure]").click()
        picker = picker_window.value
        picker.wait_for_load_state()
        picker.get_by_text("Upload a new picture").click()
        picker.locator("#id_file").set_input_files(upload_file)
        picker.get_by_label("Title").fill(UPLOAD["title"])
        picker.get_by_label("Alt text").fill(UPLOAD["alt"])
        picker.get_by_label("Caption").fill(UPLOAD["caption"])
        picker.get_by_label("Credit").fill(UPLOAD["credit"])
        chrome.screenshot(picker, "picker upload")
        with picker.expect_event("close"):
            picker.get_by_role("button", name="Upload and insert").click()
        expect(body.locator("figure img")).to_have_attribute("alt", UPLOAD["alt"])
        expect(body.locator("figure figcaption")).to_have_text(UPLOAD["caption"])
        writer.get_by_role("button", name="Save and continue editing").click()
        expect(writer.locator(".messagelist")).to_contain_text("was added successfully")
        writer.wait_for_url("**/admin/articles/article/*/change/")
        change_page = writer.url.removeprefix(chrome.url)
        chrome.screenshot(writer, "story written")

        # One more sentence, and "Submit for review" without saving: the sentence goes with the story.
        type_at_end_of_body(writer, f" {UNSAVED_SENTENCE}")
        writer.locator(".workflow-panel").get_by_role("button", name="Submit for review").click()
        expect(writer.locator(".workflow-panel")).to_contain_text("State: In review")
        expect(writer.locator("#content-main")).to_contain_text(UNSAVED_SENTENCE)
        chrome.screenshot(writer, "submitted unsaved text")
        submitted = from_the_database(lambda: Article.objects.values("status", "body").get(headline=HEADLINE))
        assert submitted["status"] == Status.IN_REVIEW
        assert f"{FIRST_PARAGRAPH} {UNSAVED_SENTENCE}</p>" in submitted["body"]
        assert "<figcaption" in submitted["body"]

        # The editor signs in and finds it under "Needs review" on the desk.
        desk = log_in(chrome.window(), newsroom.editor, authenticator_key=newsroom.editor_key)
        expect(desk.get_by_role("heading", level=1)).to_have_text("The desk")
        needs_review = desk.locator("#desk-needs_review")
        expect(needs_review).to_contain_text("Submitted by Wren Harlow")
        chrome.screenshot(desk, "editor desk")
        needs_review.get_by_role("link", name=HEADLINE).click()
        desk.wait_for_url(f"**{change_page}")
        panel = desk.locator(".workflow-panel")
        expect(panel).to_contain_text("State: In review")

        # A second byline, with its role, saved.
        desk.get_by_role("button", name="Add another Byline").click()
        pick_autocomplete(desk, "id_bylines-1-author", "Tomas Okafor")
        desk.locator("#id_bylines-1-role").fill("Additional reporting by")
        desk.get_by_role("button", name="Save and continue editing").click()
        expect(desk.locator(".messagelist")).to_contain_text("was changed successfully")

        # The full history: the story's first revision against the newest shows the new byline.
        desk.get_by_role("link", name="Full history", exact=False).click()
        revisions = desk.locator("tr.history-revision")
        expect(revisions).to_have_count(3)
        revisions.last.locator("input[name=from]").check()
        revisions.first.locator("input[name=to]").check()
        chrome.screenshot(desk, "history")
        desk.get_by_role("button", name="Compare the chosen revisions").click()
        desk.wait_for_url("**/compare/?*")
        changes = desk.locator("dl.revision-changes")
        bylines = changes.locator("dt", has_text="Bylines").locator("xpath=following-sibling::dd[1]")
        expect(bylines.locator("ins")).to_contain_text("Additional reporting by Tomas Okafor")
        body_change = changes.locator("dt", has_text="Body").locator("xpath=following-sibling::dd[1]")
        expect(body_change.locator("ins")).to_contain_text(UNSAVED_SENTENCE)
        chrome.screenshot(desk, "compare")

        # Sent back with a note.
        desk.get_by_role("link", name="Back to the story").click()
        panel.get_by_label("What needs to change").fill(SEND_BACK_NOTE)
        panel.get_by_role("button", name="Send back").click()
        expect(panel).to_contain_text("State: Draft")
        chrome.screenshot(desk, "sent back")

        # The journalist's desk and the story itself say so, the note at the top of the story.
        writer.goto("/admin/")
        sent_back = writer.locator("#desk-sent_back")
        expect(sent_back).to_contain_text(SEND_BACK_NOTE)
        sent_back.get_by_role("link", name=HEADLINE).click()
        requested = writer.locator("section.changes-requested")
        expect(requested.get_by_role("heading", level=2)).to_have_text("Changes requested")
        expect(requested).to_contain_text(SEND_BACK_NOTE)
        above_the_form = requested.bounding_box()["y"] < writer.get_by_label("Headline").bounding_box()["y"]
        chrome.screenshot(writer, "changes requested")
        type_at_end_of_body(writer, f" {FIXED_SENTENCE}")
        writer.locator(".workflow-panel").get_by_role("button", name="Submit for review").click()
        expect(writer.locator(".workflow-panel")).to_contain_text("State: In review")
        expect(writer.locator("section.changes-requested")).to_have_count(0)
        chrome.screenshot(writer, "resubmitted")

        # The editor previews it: the public layout under a banner that says it is not live.
        desk.goto(change_page)
        expect(desk.get_by_role("link", name="View on site")).to_have_count(0)
        with desk.context.expect_page() as opened:
            desk.get_by_role("button", name="Preview").click()
        preview = opened.value
        expect(preview.get_by_role("heading", level=1)).to_have_text(HEADLINE)
        expect(preview.get_by_role("status")).to_contain_text("Preview — not published")
        expect(preview.locator("article")).to_contain_text(FIXED_SENTENCE)
        chrome.screenshot(preview, "preview")
        preview.close()

        # Published through the confirmation page.
        panel.get_by_role("button", name="Publish").click()
        expect(desk.locator(".confirm-step-list")).to_contain_text(HEADLINE)
        expect(desk.locator(".confirm-step-list")).to_contain_text("Publish now")
        chrome.screenshot(desk, "confirm publish")
        desk.get_by_role("button", name="Confirm: publish").click()
        expect(panel).to_contain_text("State: Published")
        expect(desk.get_by_role("link", name="View on site")).to_be_visible()

        # A reader finds it on the home page, with the picture, its caption and credit.
        reader = chrome.window().new_page()
        reader.goto("/")
        reader.get_by_role("link", name=HEADLINE).first.click()
        expect(reader.get_by_role("heading", level=1)).to_have_text(HEADLINE)
        story = reader.locator("article")
        expect(story).to_contain_text(f"{UNSAVED_SENTENCE} {FIXED_SENTENCE}")
        expect(story.get_by_role("img", name=UPLOAD["alt"])).to_be_visible()
        expect(story.locator("figcaption")).to_contain_text(UPLOAD["caption"])
        expect(story.locator("figcaption")).to_contain_text(f"Image credit: {UPLOAD['credit']}")
        chrome.screenshot(reader, "live")

        # Another story scheduled for tomorrow morning, confirmed, and found on the calendar.
        desk.goto("/admin/")
        desk.locator("#desk-approved").get_by_role("link", name=SCHEDULED_HEADLINE).click()
        panel.get_by_label("Publish at").fill(f"{tomorrow:%Y-%m-%d}T09:00:00")
        panel.get_by_role("button", name="Publish").click()
        expect(desk.locator(".confirm-step-list")).to_contain_text(f"Scheduled for {tomorrow_named}, 09:00")
        chrome.screenshot(desk, "confirm schedule")
        desk.get_by_role("button", name="Confirm: publish").click()
        expect(desk.locator(".messagelist")).to_contain_text("is scheduled: readers see it from")
        desk.goto("/admin/")
        expect(desk.locator("#desk-scheduled")).to_contain_text(SCHEDULED_HEADLINE)
        desk.get_by_role("link", name="This week's calendar").click()
        if next_calendar_week:
            desk.get_by_role("link", name="Next week").click()
        day = desk.locator(".calendar-day", has=desk.locator(f"h2 time[datetime='{tomorrow:%Y-%m-%d}']"))
        entry = day.locator(".calendar-story", has_text=SCHEDULED_HEADLINE)
        expect(entry).to_contain_text("09:00")
        expect(entry.locator(".calendar-state")).to_contain_text("Scheduled")
        chrome.screenshot(desk, "calendar")
        errors = chrome.console.on_public_pages()

    assert above_the_form
    assert errors == []
