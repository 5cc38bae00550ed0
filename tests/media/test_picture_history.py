"""A picture's history on its change page: every change through the library, who made it, from what, to what, when."""

import datetime
import re

import pytest
from django.utils import timezone

from media.models import Image
from tests.clients import client_for
from tests.factories import ImageFactory, editor, journalist

from .picture_form import change_url, picture_form, png_upload, small_picture

pytestmark = pytest.mark.django_db


def history(client, image):
    """The picture's history as the change page shows it: one text line per save, newest first."""
    html = client.get(change_url(image)).content.decode()
    block = html.split('<ol class="media-history">')[1].split("</ol>")[0]
    return [re.sub(r"\s+", " ", entry).strip() for entry in block.split('<li><time datetime="')[1:]]


def test_each_change_shows_who_changed_which_field_from_what_to_what(client, desk):
    image = small_picture(ImageFactory(credit="Wire Agency", caption="", usage_expires_on=None))
    client.force_login(desk)
    expiry = timezone.localdate() + datetime.timedelta(days=30)

    client.post(change_url(image), picture_form(image, credit="NASA/JPL", caption="Spacewalk, day two"))
    client.post(
        change_url(image),
        picture_form(Image.objects.get(pk=image.pk), usage_expires_on=f"{expiry:%Y-%m-%d}", file=png_upload()),
    )

    newest, older, baseline = history(client, image)
    assert "Changed by Edie Tor" in newest
    assert '<span class="media-history__field">File</span>: <del>JPG, 300 × 200 pixels,' in newest
    assert "<ins>PNG, 240 × 240 pixels," in newest
    assert f"Usage expires on</span>: <del>no expiry</del> → <ins>{expiry:%-d %b %Y}</ins>" in newest
    assert "Credit" not in newest
    assert "Changed by Edie Tor" in older
    assert "Credit</span>: <del>Wire Agency</del> → <ins>NASA/JPL</ins>" in older
    assert "Caption</span>: <del>(empty)</del> → <ins>Spacewalk, day two</ins>" in older
    assert "As it stood before its first change in the library" in baseline
    # When: the time of each save.
    assert newest.startswith(timezone.localtime().strftime("%Y-%m-%d"))


def test_an_upload_and_a_journalists_own_change_are_recorded_too(client):
    writer = journalist(username="wren")
    client.force_login(writer)
    client.post(
        "/admin/media/image/add/",
        picture_form(
            Image(title="Pad", alt_text="A launch pad", credit="Desk Photo"),
            file=png_upload(),
        ),
    )
    image = Image.objects.get(title="Pad")

    client.post(change_url(image), picture_form(image, alt_text="A launch pad at dawn"))

    changed, uploaded = history(client, image)
    assert "Changed by wren" in changed
    assert "Alt text</span>: <del>A launch pad</del> → <ins>A launch pad at dawn</ins>" in changed
    assert "Uploaded by wren" in uploaded


def test_the_history_is_escaped(client):
    image = small_picture(ImageFactory())
    client.force_login(editor())

    client.post(change_url(image), picture_form(image, credit='<script>alert("credit")</script>'))

    html = client.get(change_url(image)).content.decode()
    assert '<script>alert("credit")</script>' not in html
    assert "&lt;script&gt;alert(&quot;credit&quot;)&lt;/script&gt;" in html


def test_a_refused_change_leaves_no_trace_and_the_journalist_still_reads_the_history(client, desk):
    image = small_picture(ImageFactory(credit="Wire Agency"))
    client_for(desk).post(change_url(image), picture_form(image, credit="Pool Photo"))
    client.force_login(journalist())

    assert client.post(change_url(image), picture_form(image, credit="Forged")).status_code == 403

    entries = history(client, image)
    assert len(entries) == 2
    assert "Forged" not in "".join(entries)
    assert "<del>Wire Agency</del> → <ins>Pool Photo</ins>" in entries[0]


def test_a_picture_never_changed_says_so(client):
    image = small_picture(ImageFactory())
    client.force_login(editor())

    assert "No change recorded since the upload." in client.get(change_url(image)).content.decode()
