"""
Who may change a library picture, through the admin: the permission matrix.

A journalist changes a picture they uploaded while nothing the desk controls shows it (no story past
draft, no colleague's draft, no headshot); otherwise they see it read-only, with the reason, and a
change posted anyway is refused with nothing changed. Editors change every picture. Nobody but an
editor deletes one, and nobody signed out gets past the login page.
"""

import datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.utils import timezone
from django.utils.html import escape
from reversion.models import Version

from articles.models import Status
from media.models import Image
from tests.clients import client_for
from tests.factories import ArticleFactory, AuthorFactory, ImageFactory, editor, journalist, jpeg_bytes

from .picture_form import ADD_URL, change_url, delete_url, picture_form, png_upload, small_picture, stored

pytestmark = pytest.mark.django_db


YESTERDAY = timezone.localdate() - datetime.timedelta(days=1)

# field: (what is posted, how the stored row shows it was taken)
CHANGES = {
    "title": ({"title": "Renamed picture"}, lambda row: row["title"] == "Renamed picture"),
    "alt_text": ({"alt_text": "Someone else entirely"}, lambda row: row["alt_text"] == "Someone else entirely"),
    "caption": ({"caption": "A different caption"}, lambda row: row["caption"] == "A different caption"),
    "credit": ({"credit": "Another Agency"}, lambda row: row["credit"] == "Another Agency"),
    "source": ({"source": "Another Source"}, lambda row: row["source"] == "Another Source"),
    "licence": ({"licence": "Editorial use only"}, lambda row: row["licence"] == "Editorial use only"),
    # A past expiry would pull the picture off every live page at once.
    "usage_expires_on": (
        {"usage_expires_on": f"{YESTERDAY:%Y-%m-%d}"},
        lambda row: row["usage_expires_on"] == YESTERDAY,
    ),
    "focal point": ({"focal_x": "0.2", "focal_y": "0.7"}, lambda row: (row["focal_x"], row["focal_y"]) == (0.2, 0.7)),
    "file": ({"file": png_upload}, lambda row: row["file"].endswith(".png")),
}
FORM_INPUTS = [
    'name="file"',
    'name="title"',
    'name="alt_text"',
    'name="caption"',
    'name="credit"',
    'name="source"',
    'name="licence"',
    'name="usage_expires_on"',
    'name="focal_x"',
    'name="focal_y"',
]


def posted(fields):
    return {name: value() if callable(value) else value for name, value in fields.items()}


@pytest.fixture
def people():
    writer = journalist(username="writer")
    return {
        "writer": writer,
        "writer_profile": AuthorFactory(name="Wren Writer", user=writer),
        "colleague": journalist(username="colleague"),
        "editor": editor(username="editor"),
    }


def figure(image):
    return f'<p>Text.</p><figure><img src="{image.file.url}" alt="" data-file="{image.pk}"></figure>'


def draft(**fields):
    return ArticleFactory(status=Status.DRAFT, published_at=None, **fields)


# Where the picture is used, and why the writer may not change their own picture then ("" if they may).
USAGES = {
    "unused": (lambda image, people: None, ""),
    "hero of their draft": (
        lambda image, people: draft(hero_image=image, created_by=people["writer"], authors=[people["writer_profile"]]),
        "",
    ),
    "body of a draft they are bylined on": (
        lambda image, people: draft(
            body=figure(image), created_by=people["editor"], authors=[people["writer_profile"]]
        ),
        "",
    ),
    "hero of a colleague's draft": (
        lambda image, people: draft(hero_image=image, created_by=people["colleague"]),
        "Used in a draft you do not write",
    ),
    "hero of their story in review": (
        lambda image, people: ArticleFactory(
            hero_image=image, status=Status.IN_REVIEW, published_at=None, created_by=people["writer"]
        ),
        "Used on a story the desk is reviewing",
    ),
    "hero of a live story": (
        lambda image, people: ArticleFactory(hero_image=image, created_by=people["writer"]),
        "Used on a live story",
    ),
    "body of a live story": (lambda image, people: ArticleFactory(body=figure(image)), "Used on a live story"),
    "hero of a scheduled story": (
        lambda image, people: ArticleFactory(
            hero_image=image, published_at=timezone.now() + datetime.timedelta(days=1)
        ),
        "Used on a story scheduled to go live",
    ),
    "hero of an unpublished story": (
        lambda image, people: ArticleFactory(hero_image=image, status=Status.UNPUBLISHED),
        "Used on an unpublished story",
    ),
    "their own headshot": (
        lambda image, people: _headshot(people["writer_profile"], image),
        "Used as an author's headshot",
    ),
    "a columnist's headshot": (
        lambda image, people: AuthorFactory(name="Stella Columnist", is_columnist=True, headshot=image),
        "Used as an author's headshot",
    ),
}


def _headshot(profile, image):
    profile.headshot = image
    profile.save()


def picture(people, owner, usage):
    image = small_picture(ImageFactory(uploaded_by=people[owner]))
    USAGES[usage][0](image, people)
    return image


def lock_for(owner, usage):
    return USAGES[usage][1] if owner == "writer" else "Uploaded by someone else"


# The journalist's matrix -------------------------------------------------------------------------


@pytest.mark.parametrize("usage", list(USAGES))
@pytest.mark.parametrize("owner", ["writer", "colleague"])
def test_the_change_page_is_editable_or_read_only_with_the_reason(people, owner, usage):
    image = picture(people, owner, usage)
    lock = lock_for(owner, usage)

    response = client_for(people["writer"]).get(change_url(image))

    assert response.status_code == 200
    html = response.content.decode()
    for form_input in FORM_INPUTS:
        assert (form_input in html) is not lock, form_input
    assert ('name="_save"' in html) is not lock
    if lock:
        assert escape(f"{lock}: ask an editor to change it.") in html
    else:
        assert "ask an editor" not in html


@pytest.mark.parametrize("field", list(CHANGES))
@pytest.mark.parametrize("usage", list(USAGES))
@pytest.mark.parametrize("owner", ["writer", "colleague"])
def test_a_posted_change_is_saved_or_refused_with_nothing_changed(people, owner, usage, field):
    image = picture(people, owner, usage)
    before = stored(image)
    revisions_before = Version.objects.get_for_object(image).count()
    fields, taken = CHANGES[field]

    response = client_for(people["writer"]).post(change_url(image), picture_form(image, **posted(fields)))

    if lock_for(owner, usage):
        assert response.status_code == 403
        assert stored(image) == before
        assert Version.objects.get_for_object(image).count() == revisions_before
    else:
        assert response.status_code == 302, response.context["adminform"].form.errors
        assert taken(stored(image))


# Editors ----------------------------------------------------------------------------------------


@pytest.mark.parametrize("usage", list(USAGES))
def test_an_editor_changes_every_field_and_the_file_wherever_the_picture_is_used(people, usage):
    image = picture(people, "colleague", usage)
    client = client_for(people["editor"])
    html = client.get(change_url(image)).content.decode()
    assert all(form_input in html for form_input in FORM_INPUTS)
    assert "ask an editor" not in html
    every_change = {}
    for fields, _ in CHANGES.values():
        every_change |= posted(fields)

    response = client.post(change_url(image), picture_form(image, **every_change))

    assert response.status_code == 302
    row = stored(image)
    assert all(taken(row) for _, taken in CHANGES.values())


def test_what_readers_see_changes_only_when_an_editor_changes_it(people):
    image = picture(people, "writer", "unused")
    story = ArticleFactory(hero_image=image, headline="Crew steps outside")
    page = story.get_absolute_url()
    assert "Library Credit Agency" in client_for(None).get(page).content.decode()

    client_for(people["writer"]).post(change_url(image), picture_form(image, credit="Forged Credit"))
    assert "Forged Credit" not in client_for(None).get(page).content.decode()

    client_for(people["editor"]).post(change_url(image), picture_form(image, credit="Corrected Credit"))
    assert "Corrected Credit" in client_for(None).get(page).content.decode()


def test_a_picture_returns_to_its_uploader_when_the_draft_using_it_is_dropped(people):
    image = picture(people, "writer", "unused")
    story = draft(hero_image=image, created_by=people["colleague"])
    writer = client_for(people["writer"])
    assert writer.post(change_url(image), picture_form(image, caption="Mine again")).status_code == 403

    story.delete()

    assert writer.post(change_url(image), picture_form(image, caption="Mine again")).status_code == 302
    assert stored(image)["caption"] == "Mine again"


# Adding and deleting: journalists and people signed out -----------------------------------------


def upload_form():
    return picture_form(
        Image(title="Launch pad", alt_text="A rocket on its pad", credit="Orbital Desk Photo"),
        file=SimpleUploadedFile("pad.jpg", jpeg_bytes((300, 200)), content_type="image/jpeg"),
    )


def test_a_journalist_uploads_pictures_that_are_theirs(people):
    client = client_for(people["writer"])
    assert client.get(ADD_URL).status_code == 200

    assert client.post(ADD_URL, upload_form()).status_code == 302

    image = Image.objects.get(title="Launch pad")
    assert image.uploaded_by == people["writer"]
    assert client.get(change_url(image)).content.decode().count('name="credit"') == 1


@pytest.mark.parametrize("usage", ["unused", "hero of their draft"])
def test_a_journalist_never_deletes_a_picture_not_even_their_own(people, usage):
    image = picture(people, "writer", usage)
    client = client_for(people["writer"])

    assert 'name="_save"' in client.get(change_url(image)).content.decode()
    assert client.get(delete_url(image)).status_code == 403
    assert client.post(delete_url(image), {"post": "yes"}).status_code == 403
    response = client.post("/admin/media/image/", {"action": "delete_selected", "_selected_action": [image.pk]})
    assert response.status_code in (200, 302)
    assert Image.objects.filter(pk=image.pk).exists()


@pytest.mark.parametrize(
    ("method", "url", "data"),
    [
        ("get", lambda image: ADD_URL, None),
        ("post", lambda image: ADD_URL, upload_form),
        ("get", change_url, None),
        ("post", change_url, lambda: {"title": "Anonymous title", "credit": "x", "alt_text": "x"}),
        ("get", delete_url, None),
        ("post", delete_url, lambda: {"post": "yes"}),
    ],
)
def test_nobody_signed_out_adds_changes_or_deletes_a_picture(people, method, url, data):
    image = picture(people, "writer", "unused")
    before = stored(image)

    response = getattr(Client(), method)(url(image), data() if data else None)

    assert response.status_code == 302
    assert response["Location"].startswith("/admin/login/")
    assert list(Image.objects.values_list("pk", flat=True)) == [image.pk]
    assert stored(image) == before
