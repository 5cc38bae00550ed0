"""Fixtures for the media tests: a way to post pictures through the admin, as the desk's editor."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from tests.s3 import object_store  # noqa: F401 (the live S3-compatible server, a fixture)


@pytest.fixture
def upload(desk_client, django_capture_on_commit_callbacks):
    """Post a file through the admin's add form, as a journalist's browser would; renditions follow the commit."""

    def post(data, name="picture.jpg", content_type="image/jpeg", **fields):
        form = {
            "title": "Launch pad at dawn",
            "alt_text": "A rocket on its launch pad at dawn",
            "credit": "Orbital Desk Photo",
            "caption": "",
            "source": "",
            "licence": "",
            "usage_expires_on": "",
            **fields,
            "file": SimpleUploadedFile(name, data, content_type=content_type),
        }
        with django_capture_on_commit_callbacks(execute=True):
            return desk_client.post(reverse("admin:media_image_add"), form)

    return post


def stored_files(settings):
    """Every file under MEDIA_ROOT, relative to it."""
    root = settings.MEDIA_ROOT
    return sorted(str(path.relative_to(root)) for path in root.rglob("*") if path.is_file()) if root.exists() else []
