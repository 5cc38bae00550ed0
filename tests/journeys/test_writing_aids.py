"""
Writing a story in Debian's chromium with the form's aids: the writer's own byline already in
place, spellcheck on, a live word count and reading time, counters and previews for search and
social sharing, and Ctrl+S to save.
"""

import re

import pytest

from articles.models import Article

from .conftest import expect, log_in, pick_autocomplete, picture

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

HEADLINE = "Rover finds clay near an ancient lake shore on the floor of Jezero crater"
DEK = "Two drill samples held minerals that form only in standing water."


def test_a_writer_sees_the_words_count_and_the_story_as_search_and_social_sites_show_it(newsroom, browser):
    picture("Clay close-up", "Pale clay in a drill hole", "The second drill hole.", "Mission team", (150, 110, 80))

    with browser() as chrome:
        page = log_in(chrome.window(), newsroom.journalist)
        page.goto("/admin/articles/article/add/")

        # Their own byline is there before they type a word.
        expect(page.locator("#id_bylines-0-author")).to_have_value(str(newsroom.columnist.pk))
        expect(page.locator("#bylines-0 .select2-selection__rendered")).to_have_text("Wren Harlow")

        editor = page.locator(".ProseMirror[contenteditable=true]")
        expect(editor).to_be_visible()
        expect(editor).not_to_have_attribute("spellcheck", "false")
        expect(page.get_by_label("Headline")).to_have_attribute("spellcheck", "true")

        figures = page.locator("#body-figures")
        expect(figures).to_have_text("0 words")
        expect(figures).to_have_attribute("aria-live", "polite")
        editor.click()
        page.keyboard.type("The rover drilled twice this week.")
        page.keyboard.press("Enter")
        page.keyboard.type("Both samples held clay.")
        expect(figures).to_have_text("10 words · 1 min read")

        page.get_by_label("Headline").fill(HEADLINE)
        page.get_by_label("Dek").fill(DEK)
        page.get_by_text("Search and sharing").click()
        title_counter = page.locator("#id_seo_title-counter")
        expect(title_counter).to_have_text("Empty: the headline is used (73 of 60 characters).")
        expect(title_counter).to_have_class("help char-counter is-over")
        page.get_by_label("SEO title").fill("Rover finds clay by an old Martian lake")
        expect(title_counter).to_have_text("39 of 60 recommended characters.")
        expect(title_counter).to_have_class("help char-counter")
        description_counter = page.locator("#id_seo_description-counter")
        expect(description_counter).to_have_text("Empty: the dek is used (65 of 160 characters).")
        page.get_by_label("SEO description").fill("Clay " * 35)
        expect(description_counter).to_have_text("174 characters: 14 over the 160 recommended.")
        page.get_by_label("SEO description").fill("")

        search = page.locator(".search-preview")
        expect(search.locator(".search-preview-title")).to_have_text("Rover finds clay by an old Martian lake")
        expect(search.locator(".search-preview-description")).to_have_text(DEK)
        expect(search.locator(".search-preview-address")).to_contain_text(
            "/rover-finds-clay-near-an-ancient-lake-shore-on-the-floor-of-jezero-crater/"
        )
        card = page.locator(".social-card")
        expect(card.locator(".social-card-title")).to_have_text("Rover finds clay by an old Martian lake")
        expect(card.locator(".social-card-picture")).to_be_hidden()
        pick_autocomplete(page, "id_hero_image", "Clay close-up")
        expect(card.locator(".social-card-picture")).to_be_visible()
        expect(card.locator(".social-card-picture")).to_have_attribute("src", re.compile(r"/renditions/.+\.jpg$"))
        chrome.screenshot(page, "counters and previews")

        # Ctrl+S saves and continues editing; the browser's own "Save page" never opens.
        page.keyboard.press("Control+s")
        expect(page.locator(".messagelist")).to_contain_text("was added successfully")
        expect(page).to_have_url(re.compile(r"/admin/articles/article/\d+/change/$"))
        expect(page.get_by_label("Headline")).to_have_value(HEADLINE)
        expect(page.locator("#body-figures")).to_have_text("10 words · 1 min read")

        page.get_by_label("Headline").fill("Rover finds clay by an old lake on Mars")
        editor.click()
        page.keyboard.press("Meta+s")
        expect(page.locator(".messagelist")).to_contain_text("was changed successfully")
        expect(page.get_by_label("Headline")).to_have_value("Rover finds clay by an old lake on Mars")
        chrome.screenshot(page, "saved with the keyboard")

    story = Article.objects.get()
    assert story.headline == "Rover finds clay by an old lake on Mars"
    assert (story.word_count, story.reading_time) == (10, 1)
    assert story.seo_title == "Rover finds clay by an old Martian lake"
    assert story.hero_image.title == "Clay close-up"
    assert [(b.author, b.role, b.order) for b in story.bylines.all()] == [(newsroom.columnist, "", 0)]
    assert story.created_by == newsroom.journalist
