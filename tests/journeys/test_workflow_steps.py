"""
The workflow panel in Debian's chromium: a step takes the text on screen with it.

A writer types a new headline and a sentence into the body and clicks "Submit for review"
without saving: the story that reaches the desk is the one on screen. Enter in a text box
still saves without making a step, and a writer may take a submission back.
"""

import pytest

from articles.models import Article, AuditEntry, Status

from .conftest import expect, log_in, type_at_end_of_body

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

TYPED_HEADLINE = "Rover finds clay near the old lake shore"
TYPED_SENTENCE = "Both samples held water-bearing minerals."
ENTER_HEADLINE = "Rover finds clay, and a second site"


def test_submit_takes_the_unsaved_text_with_it(newsroom, own_draft, browser):
    change_page = f"/admin/articles/article/{own_draft.pk}/change/"

    with browser() as chrome:
        page = log_in(chrome.window(), newsroom.journalist)
        page.goto(change_page)

        # Enter in the headline saves, as it always did, and makes no step.
        page.get_by_label("Headline").fill(ENTER_HEADLINE)
        page.get_by_label("Headline").press("Enter")
        expect(page.locator(".messagelist")).to_contain_text("was changed successfully")
        page.goto(change_page)
        expect(page.locator(".workflow-panel")).to_contain_text("State: Draft")

        page.get_by_label("Headline").fill(TYPED_HEADLINE)
        type_at_end_of_body(page, f" {TYPED_SENTENCE}")
        chrome.screenshot(page, "typed, not saved")
        page.locator(".workflow-panel").get_by_role("button", name="Submit for review").click()
        expect(page.locator(".workflow-panel")).to_contain_text("State: In review")
        expect(page.locator(".messagelist")).to_contain_text(f"“{TYPED_HEADLINE}” is now in review.")
        expect(page.locator("#content-main")).to_contain_text(TYPED_SENTENCE)
        expect(page.get_by_role("heading", level=2, name="Changes requested")).to_have_count(0)
        chrome.screenshot(page, "submitted with the text")

        page.locator(".workflow-panel").get_by_role("button", name="Withdraw from review").click()
        expect(page.locator(".workflow-panel")).to_contain_text("State: Draft")
        expect(page.get_by_label("Headline")).to_have_value(TYPED_HEADLINE)

    story = Article.objects.get(pk=own_draft.pk)
    assert story.headline == TYPED_HEADLINE
    assert story.body == f"<p>The rover drilled twice this week. {TYPED_SENTENCE}</p>"
    assert story.status == Status.DRAFT
    steps = AuditEntry.objects.filter(article=story).order_by("created_at", "id").values_list("action", flat=True)
    assert list(steps) == ["submit", "withdraw"]
