"""
Pictures in S3-compatible object storage, against a live server (moto_server on loopback, ``tests.s3``),
through real boto3 HTTP calls, configured as production is: by ``newsroom.settings`` from the bucket's
environment variables. Upload through the desk, renditions in the bucket, the public page drawing them
from the bucket's public address, the original private there and served through the app, then delete.
"""

import io
import re
import urllib.error
import urllib.request
from html import unescape

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from PIL import Image as PILImage

from media.models import Image, Rendition
from media.renditions import standard_specs
from media.storage import RENDITION_CACHE_CONTROL, PictureStorage
from tests.factories import ArticleFactory
from tests.s3 import CREDENTIALS, production_settings

from .pictures import GPS_IFD, drawn, encode, jpeg_with_gps, xmp_packet

pytestmark = [pytest.mark.django_db, pytest.mark.urls("tests.media.urls_serving_uploads")]


@pytest.fixture
def bucket(object_store, settings, monkeypatch, tmp_path):
    """A new bucket, and the default storage and Content-Security-Policy production derives from it."""
    name = object_store.new_bucket()
    derived = production_settings(object_store.endpoint, name, tmp_path)
    assert derived["serve_uploads"], "originals reach readers through the app"
    monkeypatch.setenv("AWS_ACCESS_KEY_ID", CREDENTIALS["aws_access_key_id"])
    monkeypatch.setenv("AWS_SECRET_ACCESS_KEY", CREDENTIALS["aws_secret_access_key"])
    settings.STORAGES = {**settings.STORAGES, "default": derived["default_storage"]}
    settings.CONTENT_SECURITY_POLICY = derived["content_security_policy"]
    return name


def fetch(url):
    """``url`` fetched as a reader's browser would, with no credentials: (status, headers, body)."""
    try:
        with urllib.request.urlopen(url, timeout=10) as response:
            return response.status, response.headers, response.read()
    except urllib.error.HTTPError as refusal:
        return refusal.code, refusal.headers, b""


def sources(page):
    """Every picture address a page names, in ``src`` and ``srcset``."""
    addresses = re.findall(r'src="([^"]+)"', page)
    for srcset in re.findall(r'srcset="([^"]+)"', page):
        addresses += [candidate.split()[0] for candidate in unescape(srcset).split(",")]
    return addresses


def test_an_upload_lives_in_the_bucket_and_the_story_page_draws_it_from_there(
    upload, desk_client, bucket, object_store, django_capture_on_commit_callbacks
):
    endpoint, reader = object_store.endpoint, Client()
    response = upload(jpeg_with_gps(size=(1600, 900)), name="pad.jpg")

    assert response.status_code == 302
    image = Image.objects.get()
    stored = object_store.names(bucket)
    renditions = [name for name in stored if name.startswith("images/renditions/")]
    assert stored == sorted([image.file.name, *renditions])
    assert len(renditions) == len(standard_specs(image)) == Rendition.objects.filter(image=image).count()

    # The original: private in the bucket, without its GPS block, served to anyone through the app.
    assert fetch(f"{endpoint}/{bucket}/{image.file.name}")[0] == 403
    kept = object_store.client().get_object(Bucket=bucket, Key=image.file.name)["Body"].read()
    assert GPS_IFD not in PILImage.open(io.BytesIO(kept)).getexif()
    assert image.file.url == f"/uploads/{image.file.name}"
    served = reader.get(image.file.url)
    assert served.status_code == 200 and served["Content-Type"] == "image/jpeg"
    assert b"".join(served.streaming_content) == kept
    for elsewhere in ("/uploads/", "/uploads/images/", "/uploads/images/originals/missing.jpg"):
        assert reader.get(elsewhere).status_code == 404, elsewhere

    story = ArticleFactory(headline="Pad at dawn", hero_image=image)
    page = reader.get(story.get_absolute_url())
    assert page.status_code == 200
    drawn_from = [address for address in sources(page.content.decode()) if "/images/" in address]
    assert drawn_from and all(address.startswith(f"{endpoint}/{bucket}/images/renditions/") for address in drawn_from)
    assert f"img-src 'self' data: {endpoint}" in page["Content-Security-Policy"]
    # Each rendition: public, kept a year by browsers and CDNs, the size its row says.
    for address in set(drawn_from):
        status, headers, body = fetch(address)
        assert status == 200 and headers["Cache-Control"] == RENDITION_CACHE_CONTROL
        width = int(re.search(r"-(\d+)-", address.rsplit("/", 1)[1]).group(1))
        assert PILImage.open(io.BytesIO(body)).width <= width

    with_renditions = [address for address in drawn_from if address.endswith(".jpg")][0]
    with django_capture_on_commit_callbacks(execute=True):
        deleted = desk_client.post(reverse("admin:media_image_delete", args=[image.pk]), {"post": "yes"})
    assert deleted.status_code == 302
    assert object_store.names(bucket) == []
    assert fetch(with_renditions)[0] in (403, 404)
    assert reader.get(image.file.url).status_code == 404


def test_a_file_kept_between_two_tries_waits_in_the_bucket_and_the_metadata_fills_the_form(
    desk_client,
    bucket,
    object_store,
    django_capture_on_commit_callbacks,
):
    picture = encode(drawn((1200, 800)), "JPEG", xmp=xmp_packet(credit="Wire Agency", title="Booster"))
    url = reverse("admin:media_image_add")
    form = {"title": "", "alt_text": "", "credit": "", "caption": "", "source": "", "licence": ""}
    refused = desk_client.post(url, {**form, "file": _file(picture)})

    assert refused.status_code == 200
    (kept,) = object_store.names(bucket, "images/pending/")
    assert fetch(f"{object_store.endpoint}/{bucket}/{kept}")[0] == 403
    page = refused.content.decode()
    assert 'value="Wire Agency"' in page and 'value="Booster"' in page
    token = re.search(r'name="pending_file" value="([^"]+)"', page).group(1)

    with django_capture_on_commit_callbacks(execute=True):
        accepted = desk_client.post(
            url, {**form, "title": "Booster", "alt_text": "A booster", "credit": "Wire Agency", "pending_file": token}
        )

    assert accepted.status_code == 302
    image = Image.objects.get()
    assert object_store.names(bucket, "images/pending/") == []
    assert image.file.name in object_store.names(bucket, "images/originals/")
    assert (image.width, image.height) == (1200, 800)


def test_a_new_focal_point_and_a_new_file_replace_the_renditions_in_the_bucket(
    upload,
    desk_client,
    bucket,
    object_store,
    django_capture_on_commit_callbacks,
):
    assert upload(encode(drawn((1600, 900)), "JPEG")).status_code == 302
    image = Image.objects.get()
    first = set(object_store.names(bucket, "images/renditions/"))
    change = reverse("admin:media_image_change", args=[image.pk])
    fields = {"title": image.title, "alt_text": image.alt_text, "credit": image.credit, "focal_x": "0.2"}

    with django_capture_on_commit_callbacks(execute=True):
        assert desk_client.post(change, {**fields, "focal_y": "0.7"}).status_code == 302

    recropped = set(object_store.names(bucket, "images/renditions/"))
    crops = {name for name in first if "-free-" not in name}
    assert crops and not crops & recropped, "the earlier focal point's crops are gone"
    assert {name for name in first if "-free-" in name} <= recropped, "the uncropped ones stay"

    with django_capture_on_commit_callbacks(execute=True):
        replaced = desk_client.post(
            change, {**fields, "focal_y": "0.7", "file": _file(encode(drawn((900, 900)), "PNG"))}
        )

    assert replaced.status_code == 302
    image.refresh_from_db()
    stored = object_store.names(bucket)
    assert [name for name in stored if not name.startswith("images/renditions/")] == [image.file.name]
    assert set(stored) - {image.file.name} == set(Rendition.objects.filter(image=image).values_list("file", flat=True))
    assert not recropped & set(stored)


def _file(data):
    return SimpleUploadedFile("picture.jpg", data, content_type="image/jpeg")


def test_a_cdn_in_front_of_the_bucket_names_the_renditions_and_the_pages_let_it_in(tmp_path):
    derived = production_settings(
        "https://objects.example.net", "pictures", tmp_path, RENDITIONS_URL="https://img.cdn.example"
    )
    options = derived["default_storage"]["OPTIONS"]
    storage = PictureStorage(**options)

    assert storage.url("images/renditions/a-16x9-800.jpg") == "https://img.cdn.example/images/renditions/a-16x9-800.jpg"
    assert storage.url("images/originals/a.jpg") == "/uploads/images/originals/a.jpg"
    assert derived["content_security_policy"]["DIRECTIVES"]["img-src"] == ["'self'", "data:", "https://img.cdn.example"]
    without_cdn = production_settings("https://objects.example.net", "pictures", tmp_path)
    assert without_cdn["default_storage"]["OPTIONS"]["renditions_url"] == "https://objects.example.net/pictures/"
