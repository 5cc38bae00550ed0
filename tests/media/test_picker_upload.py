"""
Uploading a picture where the story is written: the picker's upload form, and the file kept on a refusal.

A refused upload (no alt text, no credit) shows its errors with everything typed and keeps the accepted
file on the server, named by a signed token in the form, so the next try need not choose it again; the
hero picture's "+" window (the library's add form) does the same.
"""

import datetime
import html
import os
import re

import pytest
import time_machine
from django.contrib.admin.models import ADDITION, LogEntry
from django.contrib.auth.models import Permission
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client, TestCase
from django.urls import reverse
from django.utils import timezone

from media.models import Image, UploadAttempt
from tests.clients import client_for
from tests.factories import UserFactory, journalist

from .conftest import stored_files
from .pictures import drawn, encode, jpeg_with_iptc

pytestmark = pytest.mark.django_db

PICKER = "/admin/media/image/picker/"
JPEG = encode(drawn((1300, 900)), "JPEG", quality=85)
DESCRIBED = {
    "title": "Docking port close-up",
    "alt_text": "A docking port ringed with latches",
    "caption": "The port the new standard describes.",
    "credit": "Harbour Imaging",
}
KEPT_NOTE = "Kept from your last try: <strong>docking-port.jpg</strong> (1300 × 900 pixels)"
GONE = "The file kept from your last try is no longer available: choose it again."


def picture_file(data=JPEG, name="docking-port.jpg"):
    return SimpleUploadedFile(name, data, content_type="image/jpeg")


def post(client, url, form):
    # Renditions are made once the upload commits, as in production.
    with TestCase.captureOnCommitCallbacks(execute=True):
        return client.post(url, form)


def upload_in_picker(client, func_num="7", **fields):
    return post(client, f"{PICKER}?CKEditorFuncNum={func_num}", fields)


def hidden_token(page):
    match = re.search(r'<input type="hidden" name="pending_file" value="([^"]+)"', page)
    assert match, "the form carries no kept file"
    return html.unescape(match.group(1))


def field_value(page, name):
    match = re.search(rf'<input type="text" name="{name}" value="([^"]*)"', page)
    return html.unescape(match.group(1)) if match else None


def pending_files(settings):
    return [name for name in stored_files(settings) if name.startswith("images/pending/")]


# The picker's upload form --------------------------------------------------------------------------------


def test_the_picker_offers_an_upload_form_to_those_who_may_add_pictures(writer):
    page = client_for(writer).get(PICKER, {"CKEditorFuncNum": "7"}).content.decode()

    assert "<summary>Upload a new picture</summary>" in page
    assert 'enctype="multipart/form-data"' in page and 'name="csrfmiddlewaretoken"' in page
    for name in ("file", "title", "alt_text", "caption", "credit"):
        assert f'name="{name}"' in page
    assert 'value="Upload and insert"' in page


def test_an_upload_from_the_picker_is_stored_and_handed_to_the_editor(writer, settings):
    client = client_for(writer)

    response = upload_in_picker(client, file=picture_file(), **DESCRIBED)

    image = Image.objects.get()
    assert response.status_code == 302
    assert response["Location"] == f"{PICKER}?uploaded={image.pk}&CKEditorFuncNum=7"
    assert (image.title, image.alt_text, image.caption, image.credit) == tuple(DESCRIBED.values())
    assert image.uploaded_by == writer and (image.width, image.height) == (1300, 900)
    assert list(UploadAttempt.objects.values_list("user", "outcome")) == [(writer.pk, "new")]
    assert LogEntry.objects.get().action_flag == ADDITION

    page = client.get(response["Location"]).content.decode()
    figure = image.renditions.get(spec="free-1200", format="jpeg")
    assert f'data-picker-uploaded\n       data-id="{image.pk}" data-url="{figure.file.url}"' in page
    assert 'data-alt="A docking port ringed with latches" data-caption="The port the new standard describes."' in page
    assert "“Docking port close-up” is in the library and goes into your story." in page
    history = client.get(reverse("admin:media_image_change", args=[image.pk])).content.decode()
    assert "Uploaded by" in history
    assert pending_files(settings) == []


def test_a_refused_upload_keeps_what_was_typed_and_the_file(writer, settings):
    client = client_for(writer)

    response = upload_in_picker(client, file=picture_file(), title="Docking port close-up", caption="At dusk.")

    page = response.content.decode()
    assert response.status_code == 200 and not Image.objects.exists()
    assert "Please correct the errors below. Your file is kept: no need to choose it again." in page
    assert "This field is required." in page  # the alt text
    assert "Give the credit as readers should see it" in page
    assert field_value(page, "title") == "Docking port close-up"
    assert "At dusk.</textarea>" in page
    assert KEPT_NOTE in page
    assert '<details class="media-picker__upload" open>' in page
    # The next try may leave the file input empty: the browser must not insist on it.
    assert re.search(r'<input type="file" name="file"[^>]*>', page).group(0).find("required") == -1
    assert len(pending_files(settings)) == 1

    token = hidden_token(page)
    response = upload_in_picker(
        client, pending_file=token, title="Docking port close-up", caption="At dusk.", **_rest_of(DESCRIBED)
    )

    image = Image.objects.get()
    assert response.status_code == 302 and f"uploaded={image.pk}" in response["Location"]
    assert (image.width, image.height) == (1300, 900) and image.caption == "At dusk."
    assert image.file.name.startswith("images/originals/")
    assert pending_files(settings) == []
    # Both tries counted against the hourly limit: the refused one and the one that made the picture.
    assert sorted(UploadAttempt.objects.values_list("outcome", flat=True)) == ["new", "refused"]


def _rest_of(fields):
    return {"alt_text": fields["alt_text"], "credit": fields["credit"]}


def test_a_refusal_shows_what_the_files_metadata_supplied(writer):
    client = client_for(writer)
    data = jpeg_with_iptc({(2, 5): "Tiangong crew spacewalk", (2, 110): "China National Space Administration"})

    page = upload_in_picker(client, file=picture_file(data, "crew.jpg"), title="", credit="").content.decode()

    assert field_value(page, "title") == "Tiangong crew spacewalk"
    assert field_value(page, "credit") == "China National Space Administration"

    response = upload_in_picker(
        client,
        pending_file=hidden_token(page),
        title="Tiangong crew spacewalk",
        credit="China National Space Administration",
        alt_text="Two astronauts outside the station",
    )

    assert response.status_code == 302
    assert Image.objects.get().credit == "China National Space Administration"


def test_choosing_another_file_drops_the_kept_one(writer, settings):
    client = client_for(writer)
    page = upload_in_picker(client, file=picture_file(), title="First try").content.decode()
    kept = pending_files(settings)

    response = upload_in_picker(
        client,
        pending_file=hidden_token(page),
        file=picture_file(encode(drawn((700, 500)), "PNG"), "b.png"),
        **DESCRIBED,
    )

    assert response.status_code == 302
    assert (Image.objects.get().width, Image.objects.get().height) == (700, 500)
    assert kept and pending_files(settings) == []


def test_a_kept_file_is_its_uploaders_only(writer):
    page = upload_in_picker(client_for(writer), file=picture_file(), title="Mine").content.decode()
    token = hidden_token(page)

    response = upload_in_picker(client_for(journalist(username="colleague")), pending_file=token, **DESCRIBED)

    assert response.status_code == 200 and not Image.objects.exists()
    assert GONE in response.content.decode()


@pytest.mark.parametrize("token", ["forged-token", "eyJuYW1lIjoiaW1hZ2VzL29yaWdpbmFscy94LmpwZyJ9:1abc:xyz"])
def test_a_forged_token_keeps_nothing(writer, token):
    response = upload_in_picker(client_for(writer), pending_file=token, **DESCRIBED)

    assert response.status_code == 200 and not Image.objects.exists()
    assert GONE in response.content.decode()


def test_a_kept_file_lasts_hours_and_is_pruned_after_a_day(writer, settings):
    client = client_for(writer)
    start = timezone.now()
    with time_machine.travel(start, tick=False):
        token = hidden_token(upload_in_picker(client, file=picture_file(), title="Old").content.decode())
    first = pending_files(settings)

    with time_machine.travel(start + datetime.timedelta(hours=7), tick=False):
        response = upload_in_picker(client, pending_file=token, **DESCRIBED)
    assert GONE in response.content.decode() and not Image.objects.exists()

    # The kept file's own time is the disk's: make it a day old, as the clock would.
    path = settings.MEDIA_ROOT / first[0]
    day_old = (timezone.now() - datetime.timedelta(hours=25)).timestamp()
    os.utime(path, (day_old, day_old))
    upload_in_picker(client, file=picture_file(name="other.jpg"), title="New")

    assert first[0] not in pending_files(settings) and len(pending_files(settings)) == 1


def test_the_hourly_limit_counts_uploads_from_the_picker(writer, settings):
    settings.MEDIA_UPLOADS_PER_HOUR = 2
    client = client_for(writer)
    upload_in_picker(client, file=picture_file(), **DESCRIBED)
    upload_in_picker(client, file=picture_file(), title="Refused for its alt text")

    response = upload_in_picker(client, file=picture_file(), **DESCRIBED)

    assert response.status_code == 200
    assert "You have sent 2 picture files in the last hour" in response.content.decode()
    assert Image.objects.count() == 1 and UploadAttempt.objects.count() == 2


def test_only_staff_who_may_add_pictures_can_upload_from_the_picker():
    form = {**DESCRIBED, "file": picture_file()}

    anonymous = Client().post(PICKER, form)
    assert anonymous.status_code == 302 and "/admin/login/" in anonymous["Location"]

    viewer = UserFactory(username="archivist")
    viewer.user_permissions.set(Permission.objects.filter(codename="view_image"))
    viewer_client = client_for(viewer)
    page = viewer_client.get(PICKER).content.decode()
    assert viewer_client.get(PICKER).status_code == 200 and "Upload a new picture" not in page
    assert viewer_client.post(PICKER, {**DESCRIBED, "file": picture_file()}).status_code == 403

    assert not Image.objects.exists() and not UploadAttempt.objects.exists()


def test_the_picker_upload_needs_the_csrf_token(writer):
    client = Client(enforce_csrf_checks=True)
    client.force_login(writer)

    response = client.post(PICKER, {**DESCRIBED, "file": picture_file()})

    assert response.status_code == 403 and not Image.objects.exists()


# The hero picture's "+" window: the library's add form -------------------------------------------------------


def test_the_hero_add_window_keeps_the_file_on_a_refusal(writer, settings):
    client = client_for(writer)
    url = reverse("admin:media_image_add") + "?_to_field=id&_popup=1"

    page = post(client, url, {"file": picture_file(), "title": "Docking port close-up", "_popup": "1"}).content.decode()

    assert not Image.objects.exists()
    assert KEPT_NOTE in page
    assert field_value(page, "title") == "Docking port close-up"
    token = hidden_token(page)

    response = post(client, url, {"pending_file": token, "_popup": "1", "_to_field": "id", **DESCRIBED})

    image = Image.objects.get()
    assert response.status_code == 200 and "popup_response" in response.content.decode()
    assert (image.width, image.height) == (1300, 900) and image.uploaded_by == writer
    assert pending_files(settings) == []


def test_a_changed_picture_keeps_no_file(writer, settings):
    # Its form has no place for a kept file: a replacement refused for another field is chosen again.
    client = client_for(writer)
    upload_in_picker(client, file=picture_file(), **DESCRIBED)
    image = Image.objects.get()

    response = post(
        client,
        reverse("admin:media_image_change", args=[image.pk]),
        {"file": picture_file(name="replacement.jpg"), "title": "", "alt_text": "x", "credit": "y"},
    )

    assert response.status_code == 200
    page = response.content.decode()
    assert "Give the picture a title" in page and "Kept from your last try" not in page
    assert pending_files(settings) == []
