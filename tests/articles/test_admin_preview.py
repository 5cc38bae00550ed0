"""Preview of any story for staff (saved, or the text on the form), View on site, and the hero chooser."""

import datetime
import re

import pytest
from django.contrib.auth.models import Permission
from django.test import Client
from django.utils import timezone
from reversion.models import Version

from articles.models import Article, AuditEntry, RecoveryCopy, Status
from tests.articles.stories import figure_body
from tests.articles.story_form import change_url, story_form
from tests.clients import client_for
from tests.factories import ArticleFactory, AuthorFactory, ImageFactory, TagFactory, UserFactory, editor, journalist


def preview_url(story):
    return f"/admin/articles/article/{story.pk}/preview/"


@pytest.fixture
def draft(db):
    return ArticleFactory(
        headline="Station crew prepares a spacewalk",
        status=Status.DRAFT,
        published_at=None,
        authors=[AuthorFactory(name="Ada Reporter")],
        body="<p>The hatch opens at dawn.</p>",
    )


def test_staff_preview_a_draft_with_the_public_template(client, draft):
    client.force_login(editor())

    response = client.get(preview_url(draft))

    assert response.status_code == 200
    assert response.template_name == "articles/article_detail.html"
    html = response.content.decode()
    assert "Station crew prepares a spacewalk" in html
    assert "Ada Reporter" in html
    assert "The hatch opens at dawn." in html
    # Readers (no session, so through the page cache) still cannot see it where it would appear.
    reader = Client()
    for url in ("/", draft.section.get_absolute_url(), "/feed/"):
        response = reader.get(url)
        assert response.status_code == 200, url
        assert "Station crew prepares a spacewalk" not in response.content.decode(), url


def test_preview_shows_the_related_stories_readers_will_see(client, draft):
    moon = TagFactory(name="Moon")
    draft.tags.add(moon)
    ArticleFactory(headline="Lander picks its crater", tags=[moon])
    client.force_login(editor())

    html = client.get(preview_url(draft)).content.decode()

    assert "Lander picks its crater" in html


def test_preview_is_never_indexed_nor_cached(client, draft):
    client.force_login(editor())

    response = client.get(preview_url(draft))

    assert response["X-Robots-Tag"].startswith("noindex")
    directives = {part.strip() for part in response["Cache-Control"].split(",")}
    assert {"private", "no-store"} <= directives


def test_anonymous_visitors_are_sent_to_the_login_page(client, draft):
    response = client.get(preview_url(draft))

    assert response.status_code == 302
    assert response["Location"].startswith("/admin/login/")


def test_signed_in_readers_without_staff_rights_are_refused(client, draft):
    client.force_login(UserFactory(is_staff=False))

    response = client.get(preview_url(draft))

    assert response.status_code == 302
    assert response["Location"].startswith("/admin/login/")
    assert "The hatch opens at dawn." not in response.content.decode()


def test_staff_without_rights_on_stories_are_refused(client, draft):
    client.force_login(UserFactory())

    assert client.get(preview_url(draft)).status_code == 403


def test_previewing_a_missing_story_is_404(client, db):
    client.force_login(editor())

    assert client.get("/admin/articles/article/999999/preview/").status_code == 404
    assert client.get("/admin/articles/article/not-a-number/preview/").status_code == 404


def test_the_hero_chooser_describes_a_picked_image(client, db):
    client.force_login(journalist())
    image = ImageFactory(
        caption="Booster on the barge.",
        credit="Launch Company",
        usage_expires_on=timezone.localdate() - datetime.timedelta(days=1),
    )

    response = client.get("/admin/articles/article/image-summary/", {"id": image.pk})

    assert response.status_code == 200
    summary = response.json()
    assert summary["id"] == image.pk
    assert (summary["caption"], summary["credit"], summary["alt"]) == (
        "Booster on the barge.",
        "Launch Company",
        "A test picture",
    )
    assert summary["expired"] is True
    assert summary["thumbnail"].startswith("/uploads/")


def test_the_image_description_is_for_the_desk_only(client, db):
    image = ImageFactory()
    url = "/admin/articles/article/image-summary/"

    assert client.get(url, {"id": image.pk}).status_code == 302
    client.force_login(UserFactory())
    assert client.get(url, {"id": image.pk}).status_code == 403
    writer_without_library = UserFactory()
    writer_without_library.user_permissions.set(Permission.objects.filter(codename="change_article"))
    client.force_login(writer_without_library)
    assert client.get(url, {"id": image.pk}).status_code == 403
    client.force_login(editor())
    assert client.get(url, {"id": "nope"}).status_code == 404


# The form's Preview button: the text on screen, saved or not -------------------------------------


def saved_state(story):
    """What a save, a workflow step, autosave or a revision would change."""
    story.refresh_from_db()
    return (
        story.headline,
        story.body,
        story.version,
        story.modified_at,
        list(story.bylines.values_list("author__name", "role")),
        list(story.tags.values_list("name", flat=True)),
        Version.objects.get_for_object(story).count(),
        RecoveryCopy.objects.count(),
        AuditEntry.objects.count(),
    )


def banner_text(html):
    match = re.search(r'<div class="preview-banner[^"]*" role="status">(.*?)</div>', html, re.S)
    assert match, "the page has no preview banner"
    return " ".join(re.sub(r"<[^>]+>", " ", match.group(1)).split())


def test_the_form_offers_a_preview_of_the_text_on_screen(own_draft, writer):
    html = client_for(writer).get(change_url(own_draft)).content.decode()

    button = re.search(r"<button[^>]*>Preview</button>", html).group(0)
    assert f'formaction="/admin/articles/article/{own_draft.pk}/preview/"' in button
    assert 'formmethod="post"' in button and 'formtarget="_blank"' in button
    assert 'form="article_form"' in button


def test_a_reader_of_the_form_who_may_not_edit_gets_the_saved_story(own_draft):
    colleague = journalist(username="colleague")

    html = client_for(colleague).get(change_url(own_draft)).content.decode()

    assert (
        f'<a href="/admin/articles/article/{own_draft.pk}/preview/" target="_blank" rel="noopener">Preview</a>' in html
    )
    assert "formaction" not in html


def test_the_preview_shows_unsaved_text_bylines_and_tags_and_saves_nothing(own_draft, writer):
    moon = TagFactory(name="Moon")
    helper = AuthorFactory(name="Hal Helper")
    picture = ImageFactory(credit="Rover Team")
    before = saved_state(own_draft)
    data = story_form(
        own_draft,
        headline="Rover finds clay near the old lake",
        body="<p>A paragraph typed a minute ago.</p><script>alert(1)</script>"
        + figure_body(picture.pk, caption="Clay under the wheel."),
        tags=[moon.pk],
    )
    data |= {
        "bylines-TOTAL_FORMS": "2",
        "bylines-1-order": "1",
        "bylines-1-author": str(helper.pk),
        "bylines-1-role": "Additional reporting by",
    }

    response = client_for(writer).post(preview_url(own_draft), data)

    assert response.status_code == 200
    assert response.template_name == "articles/article_detail.html"
    html = response.content.decode()
    assert "<h1>Rover finds clay near the old lake</h1>" in html
    assert "A paragraph typed a minute ago." in html
    assert "The rover drilled twice this week." not in html
    assert "<script>alert(1)</script>" not in html
    assert 'Clay under the wheel. <span class="credit">(Image credit: Rover Team)</span>' in html
    assert "Additional reporting by" in html and "Hal Helper" in html
    assert 'rel="tag">Moon</a>' in html
    assert banner_text(html).startswith("Preview — not published")
    assert "not yet saved" in banner_text(html)
    assert response["X-Robots-Tag"].startswith("noindex")
    assert saved_state(own_draft) == before


def test_the_preview_shows_text_typed_over_an_older_version_without_refusing_it(own_draft, writer):
    data = story_form(own_draft, headline="Typed in a tab opened yesterday")
    own_draft.headline = "Saved since by someone else"
    own_draft.version += 1
    own_draft.save()

    response = client_for(writer).post(preview_url(own_draft), data)

    assert response.status_code == 200
    html = response.content.decode()
    assert "<h1>Typed in a tab opened yesterday</h1>" in html
    assert (
        banner_text(html)
        == "Preview — not published Readers cannot see this story. The text on the story form, not yet saved."
    )


def test_what_the_form_refuses_is_shown_as_saved_and_named(own_draft, writer):
    data = story_form(own_draft, headline="", body="<p>New words for the draft.</p>")
    data |= {"bylines-0-DELETE": "on"}

    response = client_for(writer).post(preview_url(own_draft), data)

    assert response.status_code == 200
    html = response.content.decode()
    assert "New words for the draft." in html
    assert "<h1>Rover finds clay</h1>" in html
    assert "Wren Writer" in html
    banner = banner_text(html)
    assert "Headline: This field is required." in banner
    assert "Bylines: Add at least one byline" in banner


def test_a_garbled_post_gets_a_preview_not_an_error(own_draft, writer):
    response = client_for(writer).post(preview_url(own_draft), {"headline": "Only a headline", "section": "x"})

    assert response.status_code == 200
    assert "<h1>Only a headline</h1>" in response.content.decode()


@pytest.mark.parametrize("who", ["colleague", "writer of a story in review"])
def test_only_who_may_edit_the_story_previews_text_for_it(own_draft, writer, who):
    if who == "colleague":
        user = journalist(username="colleague")
    else:
        user = writer
        Article.objects.filter(pk=own_draft.pk).update(status=Status.IN_REVIEW)

    response = client_for(user).post(preview_url(own_draft), story_form(own_draft, headline="Not theirs to write"))

    assert response.status_code == 403
    assert "Not theirs to write" not in response.content.decode()


def test_an_editor_previews_unsaved_text_on_any_story(own_draft):
    response = client_for(editor()).post(
        preview_url(own_draft), story_form(own_draft, headline="A headline from the desk")
    )

    assert response.status_code == 200
    assert "<h1>A headline from the desk</h1>" in response.content.decode()


def test_posting_a_preview_needs_a_signed_in_writer_and_the_forms_token(own_draft, writer):
    data = story_form(own_draft, headline="Posted from elsewhere")

    response = client_for(None).post(preview_url(own_draft), data)
    assert response.status_code == 302
    assert response["Location"].startswith("/admin/login/")

    forged = Client(enforce_csrf_checks=True)
    forged.force_login(writer)
    response = forged.post(preview_url(own_draft), data)
    assert response.status_code == 403
    assert "Posted from elsewhere" not in response.content.decode()


# View on site: the live story's real address, and nothing for others --------------------------------


@pytest.mark.parametrize(
    ("state", "hours_ago"),
    [(Status.PUBLISHED, 1), (Status.PUBLISHED, -24), (Status.DRAFT, None), (Status.UNPUBLISHED, 1)],
    ids=["live", "scheduled", "draft", "unpublished"],
)
def test_view_on_site_leads_to_the_live_storys_public_address(db, settings, state, hours_ago):
    settings.SITE_URL = "https://news.example.org"
    published_at = timezone.now() - datetime.timedelta(hours=hours_ago) if hours_ago is not None else None
    story = ArticleFactory(status=state, published_at=published_at)

    html = client_for(editor()).get(change_url(story)).content.decode()

    if state == Status.PUBLISHED and hours_ago > 0:
        assert f'href="https://news.example.org{story.get_absolute_url()}" class="viewsitelink"' in html
    else:
        assert "View on site" not in html
    assert "example.com" not in html
