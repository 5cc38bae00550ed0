"""
Live coverage in Debian's chromium: an editor switches a published story to live; a reader has it open;
the journalist on its byline posts a key event from the story's desk page; the reader's page offers
"1 new update" without a reload, with the key event already in the summary; a second reader, without
JavaScript, sees it on reloading. Readers' pages come through the page cache, as in production.
"""

import pytest

from articles.models import LiveEntry, Status
from tests.factories import ArticleFactory

from .conftest import expect, log_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

# The page asks every 15 s; the test allows that and the cache's round trip.
POLL_WAIT_MS = 25_000


def test_a_posted_update_reaches_an_open_page_without_a_reload(newsroom, browser, settings):
    settings.PAGE_CACHE_SECONDS = 300
    story = ArticleFactory(
        headline="Crew launch day at Jiuquan",
        slug="crew-launch-day",
        section=newsroom.section,
        status=Status.PUBLISHED,
        authors=[newsroom.columnist],
    )
    change_page = f"/admin/articles/article/{story.pk}/change/"

    with browser() as chrome:
        desk = log_in(chrome.window(), newsroom.editor, authenticator_key=newsroom.editor_key)
        desk.goto(change_page)
        desk.get_by_role("button", name="Switch to live coverage").click()
        expect(desk.locator(".messagelist")).to_contain_text("is covered live")
        expect(desk.locator("#live-updates")).to_contain_text("live since")
        chrome.screenshot(desk, "the editor switched the story to live")

        reader = chrome.window().new_page()
        reader.goto(story.get_absolute_url())
        expect(reader.locator("#live")).to_contain_text("No updates yet.")
        expect(reader.locator(".key-events")).to_be_hidden()

        writer = log_in(chrome.window(), newsroom.journalist)
        writer.goto(change_page)
        form = writer.locator(".live-update-form")
        form.get_by_label("Title (optional)").fill("Liftoff")
        form.locator(".ProseMirror[contenteditable=true]").click()
        writer.keyboard.type("The rocket cleared the tower on time.")
        expect(form.get_by_label("Wren Harlow")).to_be_checked()
        form.get_by_label("Key event").check()
        chrome.screenshot(writer, "the journalist writes an update")
        form.get_by_role("button", name="Post update").click()
        expect(writer.locator(".messagelist")).to_contain_text("Update posted: readers see it now.")
        expect(writer.locator(".live-update-list")).to_contain_text("Liftoff")

        button = reader.locator(".live-news").get_by_role("button", name="1 new update")
        expect(button).to_be_visible(timeout=POLL_WAIT_MS)
        expect(reader.locator(".key-events")).to_contain_text("Liftoff")
        expect(reader.locator(".live-updates")).not_to_contain_text("The rocket cleared the tower")
        chrome.screenshot(reader, "the reader is offered the new update")
        button.click()
        expect(reader.locator(".live-updates .live-update").first).to_contain_text("The rocket cleared the tower")
        expect(reader.locator(".live-news button")).to_have_count(0)
        expect(reader.locator(".live-updates")).not_to_contain_text("No updates yet.")
        chrome.screenshot(reader, "the reader reads it")

        without_script = chrome.chromium.new_context(base_url=chrome.url, java_script_enabled=False)
        plain = without_script.new_page()
        plain.goto(story.get_absolute_url())
        expect(plain.locator(".live-updates")).to_contain_text("The rocket cleared the tower on time.")
        expect(plain.locator(".key-events")).to_contain_text("Liftoff")
        chrome.screenshot(plain, "a reader without JavaScript reloads")

    assert chrome.console.on_public_pages() == []
    entry = LiveEntry.objects.get(article=story)
    assert entry.key_event and [author.name for author in entry.authors.all()] == ["Wren Harlow"]
