"""Preview of any story for staff, and the picked-image description behind the hero chooser."""

import datetime

import pytest
from django.contrib.auth.models import Permission
from django.utils import timezone

from articles.models import Status
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
    assert [template.name for template in response.templates][0] == "articles/article_detail.html"
    html = response.content.decode()
    assert "Station crew prepares a spacewalk" in html
    assert "Ada Reporter" in html
    assert "The hatch opens at dawn." in html
    # Readers still cannot see it.
    assert client.get("/").content.decode().count("Station crew prepares a spacewalk") == 0


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
