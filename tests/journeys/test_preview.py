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

        # The form is still open with its unsaved words: leaving it keeps them as a recovery copy.
        page.goto("about:blank")
        # The beacon leaves as the page goes; give the server a moment to store it.
        page.wait_for_timeout(3000)

    story.refresh_from_db()
    assert story.headline == "Rover finds clay"
    copy = RecoveryCopy.objects.get(article=story, user=newsroom.journalist)
    assert copy.data["headline"] == TYPED_HEADLINE
