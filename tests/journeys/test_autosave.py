"""
Autosave in Debian's chromium: text typed into a story and never saved survives a closed tab.

The form's script keeps a recovery copy every few seconds; the story page offers it back
when the writer returns, and saving the restored form makes it the story.
"""

import pytest

from articles.models import RecoveryCopy

from .conftest import expect, log_in, type_at_end_of_body

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

TYPED_HEADLINE = "Rover finds clay near the old lake shore"
TYPED_SENTENCE = "Both samples held water-bearing minerals."


def test_unsaved_text_survives_a_closed_tab(newsroom, own_draft, browser, settings):
    # Two seconds apart, each recovery copy shows a new time in the status line.
    settings.ADMIN_AUTOSAVE_SECONDS = 2
    change_page = f"/admin/articles/article/{own_draft.pk}/change/"

    with browser() as chrome:
        window = chrome.window()
        # The pages' timers run on a clock the test can move on: the autosave's periods pass at once.
        window.clock.install()
        page = log_in(window, newsroom.journalist)
        page.goto(change_page)
        expect(page.locator(".recovery-banner")).to_have_count(0)
        page.get_by_label("Headline").fill(TYPED_HEADLINE)
        type_at_end_of_body(page, f" {TYPED_SENTENCE}")
        # The editor keeps the form's hidden field in step: that field is what the script sends.
        expect(page.locator("#id_body")).to_have_value(f"<p>The rover drilled twice this week. {TYPED_SENTENCE}</p>")
        status = page.locator("#autosave-status")
        typed_when = status.text_content()
        expect(status).to_contain_text("Unsaved text kept at")
        expect(status).not_to_have_text(typed_when)
        chrome.screenshot(page, "typed and kept")
        page.close()

        page = window.new_page()
        page.goto(change_page)
        banner = page.locator(".recovery-banner")
        expect(banner).to_contain_text("You have unsaved text for this story")
        expect(page.get_by_label("Headline")).to_have_value("Rover finds clay")
        chrome.screenshot(page, "offered back")
        banner.get_by_role("link", name="Restore my unsaved text").click()
        expect(page.get_by_label("Headline")).to_have_value(TYPED_HEADLINE)
        expect(page.locator(".ProseMirror[contenteditable=true]")).to_contain_text(TYPED_SENTENCE)
        chrome.screenshot(page, "restored")
        page.get_by_role("button", name="Save and continue editing").click()
        expect(page.locator(".messagelist")).to_contain_text("was changed successfully")
        expect(page.get_by_label("Headline")).to_have_value(TYPED_HEADLINE)
        expect(page.locator(".recovery-banner")).to_have_count(0)
        chrome.screenshot(page, "saved")

        # Left open for a few autosave periods and then left, the untouched story sends and keeps no copy.
        copies_sent = []
        page.on("request", lambda request: copies_sent.append(request.url) if "/autosave/" in request.url else None)
        page.clock.run_for(3 * settings.ADMIN_AUTOSAVE_SECONDS * 1000)
        # A request the page makes after those periods: once it is answered, any copy they sent has been seen.
        assert page.evaluate("() => fetch('/admin/').then((response) => response.status)") == 200
        assert copies_sent == []
        page.goto(change_page)
        expect(page.locator(".recovery-banner")).to_have_count(0)

    own_draft.refresh_from_db()
    assert own_draft.headline == TYPED_HEADLINE
    assert TYPED_SENTENCE in own_draft.body
    assert not RecoveryCopy.objects.filter(article=own_draft).exists()


def test_text_saved_with_the_story_is_not_offered_back(newsroom, own_draft, browser):
    change_page = f"/admin/articles/article/{own_draft.pk}/change/"

    with browser() as chrome:
        page = log_in(chrome.window(), newsroom.journalist)
        page.goto(change_page)
        type_at_end_of_body(page, f" {TYPED_SENTENCE}")
        page.get_by_role("button", name="Save and continue editing").click()
        expect(page.locator(".messagelist")).to_contain_text("was changed successfully")
        page.goto("/admin/articles/article/")
        page.goto(change_page)
        expect(page.locator(".ProseMirror[contenteditable=true]")).to_contain_text(TYPED_SENTENCE)
        expect(page.locator(".recovery-banner")).to_have_count(0)
        chrome.screenshot(page, "saved and reopened")

    assert not RecoveryCopy.objects.filter(article=own_draft).exists()


def test_text_of_a_refused_save_is_kept_and_offered_back(newsroom, own_draft, browser, settings):
    settings.ADMIN_AUTOSAVE_SECONDS = 2
    change_page = f"/admin/articles/article/{own_draft.pk}/change/"

    with browser() as chrome:
        writer = log_in(chrome.window(), newsroom.journalist)
        writer.goto(change_page)
        desk = log_in(chrome.window(), newsroom.editor, authenticator_key=newsroom.editor_key)
        desk.goto(change_page)
        desk.get_by_label("Dek").fill("Two drill holes, one week.")
        desk.get_by_role("button", name="Save and continue editing").click()
        expect(desk.locator(".messagelist")).to_contain_text("was changed successfully")

        writer.get_by_label("Headline").fill(TYPED_HEADLINE)
        writer.get_by_role("button", name="Save and continue editing").click()
        expect(writer.locator("#article_form")).to_contain_text("Nothing of yours was saved")
        expect(writer.get_by_label("Headline")).to_have_value(TYPED_HEADLINE)
        expect(writer.locator("#autosave-status")).to_contain_text("Unsaved text kept at")
        chrome.screenshot(writer, "refused and kept")
        context = writer.context
        writer.close()

        writer = context.new_page()
        writer.goto(change_page)
        banner = writer.locator(".recovery-banner")
        expect(banner).to_contain_text("You have unsaved text for this story")
        banner.get_by_role("link", name="Restore my unsaved text").click()
        expect(writer.get_by_label("Headline")).to_have_value(TYPED_HEADLINE)
        chrome.screenshot(writer, "refused text restored")
