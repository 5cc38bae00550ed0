"""Malformed, oversized and nonsensical requests get a form error, a 400 or a 404: never a 500."""

import pytest
from django.test import Client
from django.utils import timezone

from articles.models import Article, AuditEntry, RecoveryCopy, ShareLink, Status
from authors.models import Author
from media.models import Image
from tests.articles.story_form import change_url, story_form
from tests.authors.profile_form import profile_form
from tests.factories import ArticleFactory, AuthorFactory, ImageFactory, SectionFactory, journalist

# Values no numeric field should take: not whole numbers, not numbers at all, or past any column.
NOT_WHOLE_NUMBERS = ["abc", "1e9", "7.5", "nan", "inf", "-inf", "²", "0x10"]
OUT_OF_RANGE = ["-1", "99999999999999999999", "-99999999999999999999", "9223372036854775808"]
# And values a lookup may well answer, that must not crash it either.
HOSTILE_NUMBERS = ["", *NOT_WHOLE_NUMBERS, *OUT_OF_RANGE, "0", "2147483648", "٣"]

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _crashes_answered_as_500(client):
    """The test client answers a crash with the 500 page, as a browser would get it, for the test to name."""
    client.raise_request_exception = False


@pytest.fixture
def story():
    return ArticleFactory(headline="Steady headline")


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
def test_bad_fields_are_form_errors(desk_client, story, field, value, message):
    response = desk_client.post(change_url(story), story_form(story, **{field: value}))
    assert response.status_code == 200
    assert message in response.content.decode()
    story.refresh_from_db()
    assert story.headline == "Steady headline"


def test_bad_inline_rows_are_form_errors(desk_client, story):
    data = story_form(story)
    data["bylines-0-author"] = "999999"
    data["corrections-TOTAL_FORMS"] = "1"
    data |= {"corrections-0-kind": "rumour", "corrections-0-text": "x"}
    data |= {"corrections-0-published_at_0": "yesterday", "corrections-0-published_at_1": "10:00"}
    response = desk_client.post(change_url(story), data)
    assert response.status_code == 200
    html = response.content.decode()
    assert "Select a valid choice." in html
    assert "Enter a valid date." in html


def test_missing_management_forms_are_an_error_not_a_crash(desk_client, story):
    data = {key: value for key, value in story_form(story).items() if "TOTAL_FORMS" not in key}
    response = desk_client.post(change_url(story), data)
    assert response.status_code == 200
    assert "ManagementForm data is missing or has been tampered with" in response.content.decode()


def test_unknown_status_and_time_fields_are_ignored(desk_client, story):
    data = story_form(story) | {"status": "on-fire", "published_at_0": "garbage", "version": "999"}
    assert desk_client.post(change_url(story), data).status_code == 302
    story.refresh_from_db()
    assert story.status == "published" and story.version == 2


def test_an_oversized_body_is_refused_with_400(desk_client, story):
    response = desk_client.post(change_url(story), story_form(story, body="<p>" + "x" * (6 * 1024 * 1024) + "</p>"))
    assert response.status_code == 400


def test_too_many_fields_is_refused_with_400(desk_client, story):
    data = story_form(story) | {f"extra-{n}": "x" for n in range(2500)}
    assert desk_client.post(change_url(story), data).status_code == 400


def test_workflow_and_desk_posts_with_garbage(desk_client, story):
    base = f"/admin/articles/article/{story.pk}"
    assert desk_client.post(f"{base}/transition/reschedule/", {"publish_at": "\x00\x01"}).status_code == 302
    assert (
        desk_client.post(f"{base}/transition/unpublish/", {"note": "n" * 100_000, "confirm": "yes"}).status_code == 302
    )
    assert desk_client.post(f"{base}/notes/", {"text": "t" * 100_000}).status_code == 302
    assert desk_client.post(f"{base}/share/", {"days": "forever"}).status_code == 302
    assert desk_client.post(f"{base}/share/", {"days": "-3"}).status_code == 302
    assert desk_client.post(f"{base}/share/999999/revoke/").status_code == 404
    assert desk_client.post("/admin/articles/article/autosave/", {"article": "abc"}).status_code == 400
    assert desk_client.post("/admin/articles/article/autosave/", {"article": "999999"}).status_code == 404
    assert desk_client.get(f"{base}/compare/?from=abc").status_code == 404
    assert desk_client.get(f"{base}/revisions/999999/preview/").status_code == 404
    assert desk_client.get("/admin/articles/article/999999/change/").status_code == 302  # the admin's "not found"
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
def test_share_link_days_out_of_range_are_form_errors(desk_client, story, days):
    response = desk_client.post(
        f"/admin/articles/article/{story.pk}/share/", {"days": days, "label": "legal"}, follow=True
    )
    assert response.status_code == 200
    assert "A share link lives between 1 and 30 days: give a whole number of days." in response.content.decode()
    assert not ShareLink.objects.exists()


@pytest.mark.parametrize("days", ["1", " 30 ", "٣"])
def test_share_link_days_in_range_make_a_link(desk_client, story, days):
    response = desk_client.post(f"/admin/articles/article/{story.pk}/share/", {"days": days}, follow=True)
    assert "Share link made; send this address:" in response.content.decode()
    assert ShareLink.objects.count() == 1


@pytest.mark.parametrize(
    ("when", "message"),
    [
        ("99999-01-01T00:00", "Give the publication time as a date and a time."),
        ("0000-01-01T00:00", "Give the publication time as a date and a time."),
        ("2026-13-01T00:00", "Give the publication time as a date and a time."),
        ("nan", "Give the publication time as a date and a time."),
        ("1e9", "Give the publication time as a date and a time."),
        ("0001-01-01T00:00", "Give a publication time between the years 1900 and 2999."),
        ("0001-01-01T00:00+14:00", "Give a publication time between the years 1900 and 2999."),
        ("9999-12-31T23:59", "Give a publication time between the years 1900 and 2999."),
        ("9999-12-31T23:59-12:00", "Give a publication time between the years 1900 and 2999."),
        ("3000-01-01T00:00", "Give a publication time between the years 1900 and 2999."),
        ("1899-12-31T23:59", "Give a publication time between the years 1900 and 2999."),
    ],
)
@pytest.mark.parametrize("step", ["publish", "reschedule"])
def test_publication_times_out_of_range_are_refused_with_a_message(desk_client, step, when, message):
    scheduled = ArticleFactory(status=Status.PUBLISHED if step == "reschedule" else Status.APPROVED)
    before = Article.objects.get(pk=scheduled.pk)
    response = desk_client.post(
        f"/admin/articles/article/{scheduled.pk}/transition/{step}/", {"publish_at": when}, follow=True
    )
    assert response.status_code == 200
    assert message in response.content.decode()
    after = Article.objects.get(pk=scheduled.pk)
    assert (after.status, after.published_at) == (before.status, before.published_at)
    assert not AuditEntry.objects.filter(article=scheduled).exists()


@pytest.mark.parametrize("when", ["1900-01-01T00:00", "2999-12-31T23:59"])
def test_publication_times_at_the_ends_of_the_range_are_taken(desk_client, when):
    approved = ArticleFactory(status=Status.APPROVED, published_at=None)
    desk_client.post(
        f"/admin/articles/article/{approved.pk}/transition/publish/", {"publish_at": when, "confirm": "yes"}
    )
    approved.refresh_from_db()
    assert approved.status == Status.PUBLISHED
    assert timezone.localtime(approved.published_at).strftime("%Y-%m-%dT%H:%M") == when


@pytest.mark.parametrize("version", NOT_WHOLE_NUMBERS + OUT_OF_RANGE)
@pytest.mark.parametrize("new_story", [False, True])
def test_autosave_refuses_versions_out_of_range(desk_client, story, version, new_story):
    data = {"headline": "Typed so far", "started_from_version": version}
    if not new_story:
        data["article"] = story.pk
    response = desk_client.post("/admin/articles/article/autosave/", data)
    assert response.status_code == 400
    assert not RecoveryCopy.objects.exists()


@pytest.mark.parametrize("value", HOSTILE_NUMBERS)
def test_desk_story_list_filters_ignore_values_they_do_not_offer(desk_client, story, value):
    for parameter in ("author", "when", "mine", "section__id__exact", "status__exact", "p"):
        response = desk_client.get("/admin/articles/article/", {parameter: value})
        assert response.status_code in (200, 302), (parameter, value)


def test_the_author_filter_still_filters_by_an_offered_author(desk_client, story):
    other = ArticleFactory(headline="Someone else's story")
    author = story.bylines.get().author
    listed = desk_client.get("/admin/articles/article/", {"author": str(author.pk)}).context["cl"].result_list
    assert [row.pk for row in listed] == [story.pk] and other.pk not in [row.pk for row in listed]


@pytest.mark.parametrize("value", HOSTILE_NUMBERS)
def test_desk_lookups_by_number_answer_404(desk_client, story, value):
    base = f"/admin/articles/article/{story.pk}"
    assert desk_client.get("/admin/articles/article/image-summary/", {"id": value}).status_code == 404
    for parameter in ("since", "from", "to"):
        assert desk_client.get(f"{base}/compare/", {parameter: value}).status_code in (200, 404), parameter
    assert desk_client.post("/admin/articles/article/autosave/", {"article": value}).status_code in (200, 400, 404)


@pytest.mark.parametrize("value", ["", "abc", "nan", "inf", "-inf", "²", "0x10", "1.5", "-0.2", "1e400", "-1e400"])
@pytest.mark.parametrize("field", ["focal_x", "focal_y"])
def test_focal_points_out_of_range_are_form_errors(desk_client, field, value):
    image = ImageFactory()
    data = {
        "title": image.title,
        "alt_text": image.alt_text,
        "credit": image.credit,
        "focal_x": "0.5",
        "focal_y": "0.5",
    }
    response = desk_client.post(f"/admin/media/image/{image.pk}/change/", data | {field: value})
    assert response.status_code == 200
    assert field in response.context["adminform"].form.errors
    assert Image.objects.values_list("focal_x", "focal_y").get(pk=image.pk) == (0.5, 0.5)


@pytest.mark.parametrize("value", NOT_WHOLE_NUMBERS + OUT_OF_RANGE)
def test_orders_out_of_range_are_form_errors(desk_client, story, value):
    author = AuthorFactory(order=4)
    section = SectionFactory(order=2)
    changelist = {"form-TOTAL_FORMS": "1", "form-INITIAL_FORMS": "1", "form-MIN_NUM_FORMS": "0"}
    changelist |= {"form-MAX_NUM_FORMS": "1000", "_save": "Save"}
    posts = [
        (f"/admin/authors/author/{author.pk}/change/", profile_form(author, order=value)),
        ("/admin/authors/author/", changelist | {"form-0-id": author.pk, "form-0-order": value}),
        ("/admin/articles/section/", changelist | {"form-0-id": section.pk, "form-0-order": value}),
        (f"/admin/articles/section/{section.pk}/change/", {"name": section.name, "slug": section.slug, "order": value}),
        (change_url(story), story_form(story, **{"bylines-0-order": value})),
    ]
    for url, data in posts:
        response = desk_client.post(url, data)
        assert response.status_code == 200, url
        assert "Enter a whole number." in response.content.decode() or "Ensure this value" in response.content.decode()
    assert Author.objects.get(pk=author.pk).order == 4
    section.refresh_from_db()
    assert section.order == 2


@pytest.mark.parametrize("figure", ["²", "99999999999999999999", "٣", "-1", "1e9", "0x10"])
def test_figures_naming_no_possible_picture_are_dropped_not_a_crash(desk_client, figure):
    story = ArticleFactory(headline="Figures in the body")
    body = f'<p>Words.</p><figure data-file="{figure}"><img src="/x.jpg" alt="" data-file="{figure}"></figure>'
    assert desk_client.post(change_url(story), story_form(story, body=body)).status_code == 302
    page = Client(raise_request_exception=False).get(story.get_absolute_url())
    assert page.status_code == 200
    assert "Words." in page.content.decode() and "<picture" not in page.content.decode()


@pytest.mark.parametrize("page", [*HOSTILE_NUMBERS, "2", "100000"])
def test_public_listings_and_search_pages_are_200_or_404(client, story, page):
    client.raise_request_exception = False
    for path in [
        "/",
        "/search/?q=story",
        "/corrections/",
        f"/sections/{story.section.slug}/",
        f"/tags/{story.section.slug}/",
        f"/authors/{story.bylines.get().author.slug}/",
        "/authors/",
    ]:
        separator = "&" if "?" in path else "?"
        response = client.get(f"{path}{separator}page={page}")
        assert response.status_code in (200, 404), (path, page)
