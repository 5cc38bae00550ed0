"""Malformed, oversized and nonsensical requests get a form error, a 400 or a 404: never a 500."""

import pytest
from django.test import Client

from articles.models import Article, ShareLink
from tests.articles.test_admin_articles import story_form
from tests.factories import ArticleFactory, editor, journalist

pytestmark = pytest.mark.django_db


@pytest.fixture
def desk():
    client = Client(raise_request_exception=False)
    client.force_login(editor(username="malformed-desk"))
    return client


@pytest.fixture
def story():
    return ArticleFactory(headline="Steady headline")


def change_url(story):
    return f"/admin/articles/article/{story.pk}/change/"


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("headline", "x" * 5000, "Ensure this value has at most 200 characters"),
        ("headline", "", "This field is required."),
        ("slug", "not a slug!", "Enter a valid “slug”"),
        ("section", "999999", "Select a valid choice."),
        ("section", "abc", "Select a valid choice."),
        ("hero_image", "-1", "Select a valid choice."),
        ("tags", ["abc"], "is not a valid value"),
        ("updated_at_0", "2026-02-31", "Enter a valid date."),
        ("updated_at_1", "25:61", "Enter a valid time."),
        ("started_from_version", "many", "Enter a whole number."),
        ("dek", "d" * 5000, "Ensure this value has at most 500 characters"),
    ],
)
def test_bad_fields_are_form_errors(desk, story, field, value, message):
    response = desk.post(change_url(story), story_form(story, **{field: value}))
    assert response.status_code == 200
    assert message in response.content.decode()
    story.refresh_from_db()
    assert story.headline == "Steady headline"


def test_bad_inline_rows_are_form_errors(desk, story):
    data = story_form(story)
    data["bylines-0-author"] = "999999"
    data["corrections-TOTAL_FORMS"] = "1"
    data |= {"corrections-0-kind": "rumour", "corrections-0-text": "x"}
    data |= {"corrections-0-published_at_0": "yesterday", "corrections-0-published_at_1": "10:00"}
    response = desk.post(change_url(story), data)
    assert response.status_code == 200
    html = response.content.decode()
    assert "Select a valid choice." in html
    assert "Enter a valid date." in html


def test_missing_management_forms_are_an_error_not_a_crash(desk, story):
    data = {key: value for key, value in story_form(story).items() if "TOTAL_FORMS" not in key}
    response = desk.post(change_url(story), data)
    assert response.status_code == 200
    assert "ManagementForm data is missing or has been tampered with" in response.content.decode()


def test_unknown_status_and_time_fields_are_ignored(desk, story):
    data = story_form(story) | {"status": "on-fire", "published_at_0": "garbage", "version": "999"}
    assert desk.post(change_url(story), data).status_code == 302
    story.refresh_from_db()
    assert story.status == "published" and story.version == 2


def test_an_oversized_body_is_refused_with_400(desk, story):
    response = desk.post(change_url(story), story_form(story, body="<p>" + "x" * (6 * 1024 * 1024) + "</p>"))
    assert response.status_code == 400


def test_too_many_fields_is_refused_with_400(desk, story):
    data = story_form(story) | {f"extra-{n}": "x" for n in range(2500)}
    assert desk.post(change_url(story), data).status_code == 400


def test_workflow_and_desk_posts_with_garbage(desk, story):
    base = f"/admin/articles/article/{story.pk}"
    assert desk.post(f"{base}/transition/reschedule/", {"publish_at": "\x00\x01"}).status_code == 302
    assert desk.post(f"{base}/transition/unpublish/", {"note": "n" * 100_000}).status_code == 302
    assert desk.post(f"{base}/notes/", {"text": "t" * 100_000}).status_code == 302
    assert desk.post(f"{base}/share/", {"days": "forever"}).status_code == 302
    assert desk.post(f"{base}/share/", {"days": "-3"}).status_code == 302
    assert desk.post(f"{base}/share/999999/revoke/").status_code == 404
    assert desk.post("/admin/articles/article/autosave/", {"article": "abc"}).status_code == 400
    assert desk.post("/admin/articles/article/autosave/", {"article": "999999"}).status_code == 404
    assert desk.get(f"{base}/compare/?from=abc").status_code == 404
    assert desk.get(f"{base}/revisions/999999/preview/").status_code == 404
    assert desk.get("/admin/articles/article/999999/change/").status_code == 302  # the admin's "not found"
    assert Article.objects.get(pk=story.pk).status == "unpublished"


def test_public_pages_answer_calmly(client, story):
    client.raise_request_exception = False
    for path in [
        "/search/?q=" + "a" * 10_000,
        "/search/?q=%00%01%02",
        "/search/?q=%FF%FE",
        "/search/?q=' OR 1=1 --",
        "/search/?q=<script>alert(1)</script>",
        "/search/?q=nasa&page=abc",
        "/search/?q=nasa&page=-1",
        "/?page=99999",
        "/2026/13/45/anything/",
        "/sections/no-such-section/",
        "/tags/" + "t" * 300 + "/",
        "/authors/nobody/feed/",
        "/preview/%00/",
    ]:
        response = client.get(path)
        assert response.status_code in (200, 301, 400, 404), path


def test_journalists_forged_admin_urls_are_refused(story):
    client = Client(raise_request_exception=False)
    client.force_login(journalist(username="forger"))
    base = f"/admin/articles/article/{story.pk}"
    assert client.post(f"{base}/transition/unpublish/").status_code == 403
    assert client.post(f"{base}/share/", {"days": "3"}).status_code == 403
    assert client.post(change_url(story), story_form(story, headline="Defaced")).status_code == 403
    assert client.post(f"{base}/delete/", {"post": "yes"}).status_code == 403
    story.refresh_from_db()
    assert story.headline == "Steady headline" and story.status == "published"


# Out-of-range values ---------------------------------------------------------------------------------


@pytest.mark.parametrize("days", ["", "abc", "0", "-1", "31", "99999999999999999999", "1e9", "7.5", "nan", "²"])
def test_share_link_days_out_of_range_are_form_errors(desk, story, days):
    response = desk.post(f"/admin/articles/article/{story.pk}/share/", {"days": days, "label": "legal"}, follow=True)
    assert response.status_code == 200
    assert "A share link lives between 1 and 30 days: give a whole number of days." in response.content.decode()
    assert not ShareLink.objects.exists()


@pytest.mark.parametrize("days", ["1", " 30 ", "٣"])
def test_share_link_days_in_range_make_a_link(desk, story, days):
    response = desk.post(f"/admin/articles/article/{story.pk}/share/", {"days": days}, follow=True)
    assert "Share link made; send this address:" in response.content.decode()
    assert ShareLink.objects.count() == 1
