"""
The story form's Preview button in Debian's chromium: the text on screen, not yet saved, opens in a
new tab in the public layout under a preview banner, and the form keeps its unsaved text safe.
"""

import pytest

from articles.models import RecoveryCopy, Status
from tests.factories import ArticleFactory

from .conftest import expect, log_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

TYPED_HEADLINE = "Rover finds clay near the old lake shore"
# Asks for the story form every tenth of a second until it offers a recovery copy back (ten seconds at most).
ASK_UNTIL_OFFERED = """async (url) => {
    for (let tries = 0; tries < 100; tries += 1) {
        const form = await (await fetch(url)).text();
        if (form.includes("You have unsaved text for this story")) {
            return true;
        }
        await new Promise((resolve) => setTimeout(resolve, 100));
    }
    return false;
}"""


def test_preview_shows_the_text_on_screen_and_the_form_still_keeps_it(newsroom, browser, settings):
    # No periodic copy during the test: only leaving the form keeps the text.
    settings.ADMIN_AUTOSAVE_SECONDS = 600
    story = ArticleFactory(
        headline="Rover finds clay",
        slug="rover-finds-clay",
        section=newsroom.section,
        status=Status.DRAFT,
        published_at=None,
        created_by=newsroom.journalist,
        authors=[newsroom.columnist],
    )

    with browser() as chrome:
        window = chrome.window()
        page = log_in(window, newsroom.journalist)
        page.goto(f"/admin/articles/article/{story.pk}/change/")
        page.get_by_label("Headline").fill(TYPED_HEADLINE)
        chrome.screenshot(page, "typed")
        with window.expect_page() as opened:
            page.get_by_role("button", name="Preview").click()
        preview = opened.value
        expect(preview.get_by_role("heading", level=1)).to_have_text(TYPED_HEADLINE)
        expect(preview.get_by_role("status")).to_contain_text("Preview — not published")
        chrome.screenshot(preview, "preview")

        # The form is still open with its unsaved words: leaving it keeps them as a recovery copy, sent
        # as the page goes. The form, asked for again, offers the copy back once the server has stored it.
        page.goto("about:blank")
        offered_back = preview.evaluate(ASK_UNTIL_OFFERED, f"/admin/articles/article/{story.pk}/change/")

    assert offered_back
    story.refresh_from_db()
    assert story.headline == "Rover finds clay"
    copy = RecoveryCopy.objects.get(article=story, user=newsroom.journalist)
    assert copy.data["headline"] == TYPED_HEADLINE
