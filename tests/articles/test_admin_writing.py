"""
The story form as a writer meets it: their own byline first, bylines saved in the rows' order,
roles from a short list or typed, and what the form's writing aids read from the page.
"""

import re

import pytest
from django.utils import timezone

from articles.models import Article, Status
from newsroom.richtext import reading_minutes, word_count
from tests.articles.story_form import ADD_URL, change_url, errors_of, inline_rows, story_form
from tests.clients import client_for
from tests.factories import ArticleFactory, AuthorFactory, editor, journalist

DRAFT = {"status": Status.DRAFT, "published_at": None}


@pytest.fixture
def writer(db):
    user = journalist(first_name="Wren", last_name="Harlow")
    AuthorFactory(user=user, name="Wren Harlow")
    return user


def byline_rows(rows, initial=0):
    return inline_rows("bylines", rows, initial=initial)


def new_story(rows, **fields):
    return story_form(bylines=[], headline="Ice found in the crater", slug="ice-in-the-crater", **fields) | (
        byline_rows(rows)
    )


def selected_author(html, row):
    select = re.search(rf'<select name="bylines-{row}-author".*?</select>', html, re.S).group(0)
    return re.findall(r'<option value="(\d+)" selected>([^<]*)</option>', select)


def test_a_new_story_starts_with_the_writer_as_its_first_byline(writer):
    html = client_for(writer).get(ADD_URL).content.decode()

    assert selected_author(html, 0) == [(str(writer.author.pk), "Wren Harlow")]
    assert 'name="bylines-TOTAL_FORMS" value="1"' in html


def test_the_writer_keeps_the_first_byline_without_touching_the_row(writer):
    client = client_for(writer)
    html = client.get(ADD_URL).content.decode()
    # The browser posts the pre-filled row as it stands: the writer, no role, no order typed.
    order_box = re.search(r'<input[^>]*name="bylines-0-order"[^>]*>', html).group(0)
    assert "value=" not in order_box

    response = client.post(ADD_URL, new_story([{"order": "", "author": writer.author.pk, "role": ""}]))

    assert response.status_code == 302, errors_of(response)
    story = Article.objects.get(slug="ice-in-the-crater")
    assert [(b.author, b.role, b.order) for b in story.bylines.all()] == [(writer.author, "", 0)]


def test_someone_without_an_author_profile_starts_with_an_empty_row(db):
    html = client_for(editor()).get(ADD_URL).content.decode()

    assert selected_author(html, 0) == []
    assert 'name="bylines-TOTAL_FORMS" value="1"' in html


def test_an_existing_story_keeps_its_own_bylines_not_the_writer(writer):
    colleague = AuthorFactory(name="Tomas Okafor")
    story = ArticleFactory(created_by=writer, authors=[colleague, writer.author], **DRAFT)

    html = client_for(writer).get(change_url(story)).content.decode()

    assert selected_author(html, 0) == [(str(colleague.pk), "Tomas Okafor")]
    assert selected_author(html, 1) == [(str(writer.author.pk), "Wren Harlow")]


def test_bylines_are_saved_in_the_rows_order_whatever_the_order_boxes_say(writer):
    first, second, third = AuthorFactory(), AuthorFactory(), AuthorFactory()
    rows = [
        {"order": "0", "author": first.pk, "role": ""},
        {"order": "0", "author": second.pk, "role": "With"},
        {"order": "", "author": third.pk, "role": "Photos by"},
    ]

    response = client_for(writer).post(ADD_URL, new_story(rows))

    assert response.status_code == 302, errors_of(response)
    story = Article.objects.get(slug="ice-in-the-crater")
    assert [(b.author, b.role, b.order) for b in story.bylines.all()] == [
        (first, "", 0),
        (second, "With", 1),
        (third, "Photos by", 2),
    ]


def test_a_typed_number_moves_a_row_and_the_rest_are_renumbered(client, db):
    client.force_login(editor())
    first, second, third = AuthorFactory(), AuthorFactory(), AuthorFactory()
    story = ArticleFactory(authors=[first, second])
    data = story_form(story)
    # The stored rows post 0 and 1; a third row is added and typed to come first.
    data |= byline_rows(
        [
            {"id": byline.pk, "article": story.pk, "order": byline.order, "author": byline.author_id, "role": ""}
            for byline in story.bylines.all()
        ]
        + [{"order": "0", "author": third.pk, "role": ""}],
        initial=2,
    )

    response = client.post(change_url(story), data)

    assert response.status_code == 302, errors_of(response)
    assert [(b.author, b.order) for b in story.bylines.all()] == [(first, 0), (third, 1), (second, 2)]

    # Moving a row renumbers the ones whose boxes were not touched.
    story.refresh_from_db()
    data = story_form(story)
    data["bylines-2-order"] = "0"
    response = client.post(change_url(story), data)
    assert response.status_code == 302, errors_of(response)
    assert [(b.author, b.order) for b in story.bylines.all()] == [(first, 0), (second, 1), (third, 2)]


def test_a_role_is_offered_from_a_short_list_or_typed(writer):
    html = client_for(writer).get(ADD_URL).content.decode()

    assert 'list="id_bylines-0-role-suggestions"' in html
    suggestions = re.search(r'<datalist id="id_bylines-0-role-suggestions">(.*?)</datalist>', html).group(1)
    assert re.findall(r'value="([^"]*)"', suggestions) == ["By", "With", "Photos by", "Additional reporting by"]


def test_a_typed_role_is_kept_and_by_is_stored_as_the_default(writer):
    colleague = AuthorFactory()
    rows = [
        {"order": "", "author": writer.author.pk, "role": "by"},
        {"order": "", "author": colleague.pk, "role": "Graphics by"},
    ]

    response = client_for(writer).post(ADD_URL, new_story(rows))

    assert response.status_code == 302, errors_of(response)
    story = Article.objects.get(slug="ice-in-the-crater")
    assert [b.role for b in story.bylines.all()] == ["", "Graphics by"]


def test_a_role_too_long_is_refused_on_its_row_and_nothing_is_lost(writer):
    rows = [{"order": "", "author": writer.author.pk, "role": "R" * 81}]

    response = client_for(writer).post(ADD_URL, new_story(rows, dek="Kept dek."))

    assert response.status_code == 200
    formset = response.context["inline_admin_formsets"][0].formset
    assert formset.forms[0].errors["role"] == ["Ensure this value has at most 80 characters (it has 81)."]
    assert "Kept dek." in response.content.decode()
    assert not Article.objects.exists()


def test_the_form_switches_spellcheck_on_and_gives_the_writing_aids_their_figures(writer, settings):
    settings.SITE_URL = "https://news.example"
    story = ArticleFactory(created_by=writer, authors=[writer.author], **DRAFT)

    html = client_for(writer).get(change_url(story)).content.decode()

    for name in ["headline", "dek", "seo_title", "seo_description"]:
        tag = re.search(rf'<(?:input|textarea)[^>]*id="id_{name}"[^>]*>', html).group(0)
        assert 'spellcheck="true"' in tag, name
    # The body's editor is told to leave the browser's spellcheck on.
    body = re.search(r'<textarea[^>]*id="id_body"[^>]*>', html).group(0)
    assert "NoSpellCheck" not in body
    assert 'data-words-per-minute="230"' in body
    assert 'data-recommended-length="60"' in re.search(r'<input[^>]*id="id_seo_title"[^>]*>', html).group(0)
    assert 'data-recommended-length="160"' in re.search(r'<input[^>]*id="id_seo_description"[^>]*>', html).group(0)
    assert "Search results and social cards show about 60 characters." in html
    # A draft's address takes the day it goes out: today, as far as the form knows.
    address = f"https://news.example/{timezone.localdate():%Y/%m/%d}/"
    assert f'data-address-prefix="{address}"' in html
    for script in ["writing-aids.js", "search-preview.js", "bylines.js"]:
        assert f"admin/articles/{script}" in html


def test_word_count_counts_each_block_and_reading_time_rounds_half_a_minute_up(writer):
    body = "<p>One two</p><p>three</p><h2>Four</h2><ul><li>five</li><li>six<br>seven</li></ul>"
    rows = [{"order": "", "author": writer.author.pk, "role": ""}]

    response = client_for(writer).post(ADD_URL, new_story(rows, body=body))

    assert response.status_code == 302, errors_of(response)
    story = Article.objects.get(slug="ice-in-the-crater")
    assert (story.word_count, story.reading_time) == (7, 1)
    assert word_count("<p>Emphasis <strong>in</strong>side a word: <em>un</em>broken</p>") == 5
    assert [reading_minutes(words) for words in (0, 1, 344, 345, 574, 575)] == [0, 1, 1, 2, 2, 3]
