"""
A picture file kept between two tries of an upload form.

A browser cannot fill a file input again, so when an upload form is refused for
another field (no alt text, no credit) the accepted file would be lost with the
page. Instead the cleaned file (already checked, with no GPS or XMP left) is
kept in storage under a random name, like a library original, and the form
carries a signed token for it in a hidden field: the next try sends the token
and need not send the file again. A token works for the person who uploaded
the file only and for a few hours; a kept file is removed once a picture is
made from it, and files nobody came back for are pruned after a day.
"""

import datetime
import io
import posixpath
import uuid
from dataclasses import dataclass

from django.core import signing
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from PIL import Image as PILImage

FOLDER = "images/pending"
TOKEN_MAX_AGE = datetime.timedelta(hours=6)
KEPT_FOR = datetime.timedelta(days=1)
SALT = "media.pending-upload"

CONTENT_TYPES = {"jpg": "image/jpeg", "png": "image/png", "gif": "image/gif", "webp": "image/webp"}


@dataclass(frozen=True)
class PendingUpload:
    """A kept file: where it is stored, what the uploader's computer called it, and its size in pixels."""

    token: str
    name: str
    filename: str
    width: int
    height: int

    def as_upload(self):
        """The kept file as an upload, for the form's next try."""
        with default_storage.open(self.name, "rb") as handle:
            data = handle.read()
        extension = posixpath.splitext(self.name)[1].lstrip(".")
        return SimpleUploadedFile(self.filename, data, content_type=CONTENT_TYPES.get(extension, ""))


def keep(checked, uploader, filename):
    """Store an accepted upload (a ``media.fields.CheckedUpload``) for ``uploader``'s next try."""
    prune()
    with PILImage.open(io.BytesIO(checked.read())) as picture:
        width, height = picture.size
    checked.seek(0)
    name = default_storage.save(f"{FOLDER}/{uuid.uuid4().hex}.{checked.extension}", ContentFile(checked.read()))
    checked.seek(0)
    filename = posixpath.basename((filename or "").replace("\\", "/"))[:200] or f"picture.{checked.extension}"
    payload = {"name": name, "user": uploader.pk, "filename": filename, "width": width, "height": height}
    token = signing.dumps(payload, salt=SALT, compress=True)
    return PendingUpload(token=token, name=name, filename=filename, width=width, height=height)


def take(token, uploader):
    """The file ``token`` names if it is ``uploader``'s, recent and still stored; otherwise None."""
    if not token or uploader is None:
        return None
    try:
        payload = signing.loads(token, salt=SALT, max_age=TOKEN_MAX_AGE)
    except signing.BadSignature:
        return None
    name = payload.get("name", "")
    if payload.get("user") != uploader.pk or posixpath.dirname(name) != FOLDER or not default_storage.exists(name):
        return None
    return PendingUpload(
        token=token, name=name, filename=payload["filename"], width=payload["width"], height=payload["height"]
    )


def discard(pending):
    """Remove a kept file that is no longer needed."""
    default_storage.delete(pending.name)


def prune(now=None):
    """Remove kept files older than a day: the uploads nobody came back for."""
    cutoff = (now or timezone.now()) - KEPT_FOR
    try:
        _folders, files = default_storage.listdir(FOLDER)
    except FileNotFoundError:
        return 0
    removed = 0
    for filename in files:
        name = f"{FOLDER}/{filename}"
        if default_storage.get_modified_time(name) < cutoff:
            default_storage.delete(name)
            removed += 1
    return removed
