"""
Attachments as library pictures, and the pictures a story's body and hero name.

A picture's file comes from the copy of ``wp-content/uploads`` given to the import (matched by the part
of its address after ``/uploads/``), or, only when asked, from the one host named with ``--fetch-from``.
It then goes through the library's own upload check and cleaning (``media.fields.checked_upload``), as a
file sent through the desk does: anything that is not a picture the library takes is refused. The
picture's words come from WordPress (title, alt text, caption) and, where the file carries them, from its
IPTC or XMP data (credit, source); a caption ending "Photo: …" or "Credit: …" gives the credit when the
file does not. The picture is checked and stored here, where its file is; its renditions are the library's
task (``media.tasks``), handed over as the picture's transaction commits: with the database queue, the
import leaves them to the workers and goes on.
"""

import html
import re
import urllib.request
from pathlib import Path
from urllib.parse import unquote, urlsplit

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile, File
from django.utils.html import strip_tags
from PIL import Image as PILImage

from media.fields import checked_upload
from media.models import Image
from media.validators import max_upload_bytes

from . import report
from .session import Kind

FETCH_TIMEOUT_SECONDS = 30
_SIZE_SUFFIX = re.compile(r"-(?:\d+x\d+|scaled|rotated)(?=\.[A-Za-z0-9]+$)")
# "… (Photo: Jane Doe)", "Credit: AP", "Image credit: NASA", "Photograph by J. Doe": the credit line of a caption.
_CREDIT_LINE = re.compile(
    r"(?P<open>[(\[]\s*)?\b(?:(?:photo(?:graph)?|picture|image)\s+)?(?:credit|photo(?:graph)?|picture|image)s?"
    r"\s*(?::|\bby\b)\s*(?P<credit>[^()\[\]\n]+?)\s*(?(open)[)\]])[\s.]*$",
    re.IGNORECASE,
)


def plain_text(value):
    """WordPress's HTML-ish text (titles, excerpts, captions) as plain words."""
    return " ".join(html.unescape(strip_tags(value or "")).split())


def uploads_path(url):
    """Where a file named by ``url`` sits in a copy of ``wp-content/uploads``: its path after ``/uploads/``."""
    path = unquote(urlsplit(url.strip()).path)
    marker = path.rfind("/uploads/")
    return (path[marker + len("/uploads/") :] if marker != -1 else path).lstrip("/")


def credit_line(text):
    """The credit ``text`` gives in its last words ("… (Photo: Jane Doe)") and the text before it; or "", ``text``."""
    match = _CREDIT_LINE.search(text)
    if match is None or not match.group("credit").strip(" .,;"):
        return "", text
    return match.group("credit").strip(" .,;"), text[: match.start()].rstrip(" -–—|,;")


class FileSource:
    """Where picture files come from: the uploads copy, and the one host the import may fetch from."""

    def __init__(self, uploads=None, fetch_from=""):
        self.uploads = Path(uploads).resolve() if uploads else None
        self.fetch_from = fetch_from.lower()

    def read(self, url):
        """The file at ``url`` as a Django ``File``, or None when it is in neither place."""
        found = self._in_uploads(uploads_path(url))
        if found is not None:
            return File(found.open("rb"), name=found.name)
        if self.fetch_from and (urlsplit(url).hostname or "").lower() == self.fetch_from:
            return self._fetched(url)
        return None

    def _in_uploads(self, path):
        if self.uploads is None or not path:
            return None
        candidate = (self.uploads / path).resolve()
        # A path that climbs out of the copy ("../../etc/passwd") finds nothing.
        if not candidate.is_relative_to(self.uploads) or not candidate.is_file():
            return None
        return candidate

    @staticmethod
    def _fetched(url):
        if urlsplit(url).scheme not in ("http", "https"):
            return None
        request = urllib.request.Request(url, headers={"User-Agent": "newsroom-import_wordpress"})  # noqa: S310 (http or https, to the one named host)
        try:
            with urllib.request.urlopen(request, timeout=FETCH_TIMEOUT_SECONDS) as response:  # noqa: S310
                # One byte past the library's limit is enough for the upload check to refuse the file.
                data = response.read(max_upload_bytes() + 1)
        except OSError:
            return None
        return ContentFile(data, name=Path(urlsplit(url).path).name or "picture")


def import_picture(item, session, files):
    """
    One attachment into the library, in the caller's transaction: created, or left as the desk has it
    when an earlier import brought it (a library picture is the desk's once it is in), or skipped with
    the reason (no file, or a file the library refuses).
    """
    label = f"attachment {item.wordpress_id} ({item.attachment_url or 'no file'})"
    if session.origin(Kind.ATTACHMENT, item.wordpress_id) is not None:
        session.report.count(report.PICTURES, report.UNCHANGED)
        return None
    upload = files.read(item.attachment_url) if item.attachment_url else None
    if upload is None:
        session.report.count(report.PICTURES, report.SKIPPED)
        session.report.note("Picture files not found (stories import without them)", label)
        return None
    try:
        with upload:
            checked = checked_upload(upload)
    except ValidationError as refusal:
        session.report.count(report.PICTURES, report.SKIPPED)
        session.report.note(f"Files the library refused: {refusal.messages[0]}", label)
        return None
    image = _described(item, checked.metadata)
    image.uploaded_by = session.editor
    if not image.credit:
        session.report.note("Pictures without a credit (the desk adds one)", label)
    if session.dry_run:
        # Checked like any other, but never stored: the dry run's rows are rolled back, and files would not be.
        image.width, image.height = _dimensions(checked)
        image.file.name = f"dry-run/{item.wordpress_id}"
    else:
        Image._meta.get_field("file").save_form_data(image, checked)
    image.save()
    _remember(item, image, session)
    session.report.count(report.PICTURES, report.CREATED)
    return image


def _described(item, metadata):
    """A new library picture with WordPress's words for it, the file's own filling what WordPress left empty."""
    title = plain_text(item.title) or Path(uploads_path(item.attachment_url)).stem
    credit, caption = credit_line(plain_text(item.excerpt))
    if not credit:
        credit, _description = credit_line(plain_text(item.content))
    alt_text = plain_text(item.meta.get("_wp_attachment_image_alt", "")) or title
    return Image(
        title=title[:200],
        alt_text=alt_text[:300],
        caption=caption or metadata.caption,
        credit=(metadata.credit or credit)[:200],
        source=metadata.source[:200],
    )


def _dimensions(checked):
    with PILImage.open(checked) as picture:
        return picture.size


def _remember(item, image, session):
    """The picture's origin by its attachment ID, and by each path under uploads its bodies may name it by."""
    session.record_new(
        Kind.ATTACHMENT, item.wordpress_id, image, wordpress_id=item.wordpress_id, old_url=item.attachment_url[:2000]
    )
    path = uploads_path(item.attachment_url)
    if path:
        session.record(Kind.FILE, path, image, wordpress_id=item.wordpress_id)
    # Bodies name resized copies ("photo-300x200.jpg"); the name without the size finds the first picture it fits.
    unsized = _SIZE_SUFFIX.sub("", path)
    if unsized != path and session.origin(Kind.FILE, unsized) is None:
        session.record(Kind.FILE, unsized, image, wordpress_id=item.wordpress_id)


class PictureFinder:
    """The library pictures this site's import brought, found as a body or a hero names them."""

    def __init__(self, session):
        self.session = session

    def __call__(self, src, wordpress_id=None):
        path = uploads_path(src) if src else ""
        unsized = _SIZE_SUFFIX.sub("", path)
        for kind, key in (
            (Kind.FILE, path),
            (Kind.FILE, unsized if unsized != path else ""),
            (Kind.ATTACHMENT, wordpress_id),
        ):
            if key:
                image = self.session.imported(kind, key, Image)
                if image is not None:
                    return image
        return None
