"""
What an uploaded picture must be, checked on the server whatever the browser said.

The bytes decide, never the file name or the declared content type: a JPEG,
PNG, GIF or WebP that Pillow decodes completely, no larger than
``MEDIA_MAX_UPLOAD_BYTES`` and with no more than ``MEDIA_MAX_PIXELS`` pixels.
An animation has at most ``MEDIA_MAX_FRAMES`` frames and, all frames together,
at most ``MEDIA_MAX_TOTAL_PIXELS`` pixels. Sizes and frames are counted from
the file's structure before any decoding, so a small file that claims a
gigantic picture, or a flood of tiny frames, is refused before it can take the
memory or the time.
"""

import io
import struct
import warnings
from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import ValidationError
from django.template.defaultfilters import filesizeformat
from PIL import Image as PILImage
from PIL import UnidentifiedImageError

from .frames import gif_frames, header_frames, is_gif

# Pillow's format name -> the extension the stored file gets.
ALLOWED_FORMATS = {"JPEG": "jpg", "PNG": "png", "GIF": "gif", "WEBP": "webp"}

DEFAULT_MAX_UPLOAD_BYTES = 20 * 1024 * 1024
DEFAULT_MAX_PIXELS = 50_000_000
DEFAULT_MAX_FRAMES = 200
# Frames x canvas: every frame is decoded on the full canvas, and re-encoding an animation costs about
# 2.7 s a worker for 50 million pixels (8 s for 200 million), so an animation costs what a still may.
DEFAULT_MAX_TOTAL_PIXELS = 50_000_000

ACCEPTED = "Upload a JPEG, PNG, GIF or WebP picture."


def max_upload_bytes():
    return getattr(settings, "MEDIA_MAX_UPLOAD_BYTES", DEFAULT_MAX_UPLOAD_BYTES)


def max_pixels():
    return getattr(settings, "MEDIA_MAX_PIXELS", DEFAULT_MAX_PIXELS)


def max_frames():
    return getattr(settings, "MEDIA_MAX_FRAMES", DEFAULT_MAX_FRAMES)


def max_total_pixels():
    return getattr(settings, "MEDIA_MAX_TOTAL_PIXELS", DEFAULT_MAX_TOTAL_PIXELS)


@dataclass(frozen=True)
class CheckedPicture:
    """What the bytes of an accepted upload turned out to be."""

    data: bytes
    format: str
    width: int
    height: int

    @property
    def extension(self):
        return ALLOWED_FORMATS[self.format]


def check_picture(upload):
    """
    Read an uploaded file and return a ``CheckedPicture``, or raise ``ValidationError`` saying what is wrong.

    ``upload`` is any Django ``File`` (an ``UploadedFile`` from a form).
    """
    size = upload.size
    if not size:
        raise ValidationError("The file is empty. " + ACCEPTED, code="empty")
    if size > max_upload_bytes():
        raise ValidationError(
            "This file is %(size)s; the library takes pictures up to %(limit)s.",
            code="too_large",
            params={"size": filesizeformat(size), "limit": filesizeformat(max_upload_bytes())},
        )
    upload.seek(0)
    data = upload.read()
    if _looks_like_markup(data):
        raise ValidationError(
            "This file is SVG or HTML, not a picture, whatever its name says. " + ACCEPTED, code="markup"
        )

    with warnings.catch_warnings():
        # Pillow only warns between its own limit and twice that; here a bomb is always an error.
        warnings.simplefilter("error", PILImage.DecompressionBombWarning)
        try:
            return _decode(data)
        except (PILImage.DecompressionBombError, PILImage.DecompressionBombWarning):
            raise _too_many_pixels() from None
        except UnidentifiedImageError:
            raise ValidationError("This file is not a picture the library takes. " + ACCEPTED, code="format") from None
        except (OSError, SyntaxError, ValueError, EOFError, IndexError, TypeError, struct.error) as error:
            raise ValidationError(
                "This picture is damaged or incomplete (perhaps cut short while copying); export or download it again.",
                code="damaged",
            ) from error


def _decode(data):
    formats = list(ALLOWED_FORMATS)
    # A GIF's blocks are walked before Pillow parses any of them (Pillow walks them in Python, frame by frame).
    frames = gif_frames(data, limit=max_frames()) if is_gif(data) else None
    with PILImage.open(io.BytesIO(data), formats=formats) as picture:
        width, height = picture.size
        frames = frames or header_frames(picture)
        if frames.canvas_pixels > max_pixels():
            raise _too_many_pixels()
        if frames.count > max_frames():
            raise ValidationError(
                "This animation has more than %(limit)s frames, the most the library takes. "
                "Shorten it, or upload a still picture.",
                code="too_many_frames",
                params={"limit": max_frames()},
            )
        # Every frame is decoded below on the whole canvas, so all of them count.
        if frames.total_pixels > max_total_pixels():
            raise ValidationError(
                "This animation has %(frames)s frames of %(width)s × %(height)s pixels, %(total)s million pixels "
                "in all; the library takes %(limit)s million at most across all frames. "
                "Shorten it or scale it down.",
                code="too_many_total_pixels",
                params={
                    "frames": frames.count,
                    "width": frames.width,
                    "height": frames.height,
                    "total": f"{frames.total_pixels / 1_000_000:.3g}",
                    "limit": f"{max_total_pixels() / 1_000_000:g}",
                },
            )
        # Pillow names a JPEG holding several pictures "MPO"; it is a JPEG to every browser.
        found = "JPEG" if picture.format == "MPO" else picture.format
        picture.verify()
    # verify() leaves the file unusable and misses truncated pixel data: decode for real from a fresh handle.
    with PILImage.open(io.BytesIO(data), formats=formats) as picture:
        for frame in range(frames.count):
            picture.seek(frame)
            picture.load()
        if _has_frame(picture, frames.count):
            # Pillow found a frame the count missed: never decode (or store) what was not counted.
            raise ValueError("more frames than counted")
    return CheckedPicture(data=data, format=found, width=width, height=height)


def _has_frame(picture, index):
    """Whether Pillow can move to frame ``index`` (without decoding it)."""
    try:
        picture.seek(index)
    except EOFError:
        return False
    return True


def _too_many_pixels():
    return ValidationError(
        "This picture claims more pixels than the library takes (%(limit)s million at most); "
        "it may be a decompression bomb. Scale it down and upload it again.",
        code="too_many_pixels",
        params={"limit": f"{max_pixels() / 1_000_000:g}"},
    )


def _looks_like_markup(data):
    head = data[:512].lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    return head.startswith(b"<")
