"""
Making renditions: resized, cropped copies of library images, made once and stored.

Pages only ever read existing ``Rendition`` rows (``Image.rendition``); the
pixels are made by a task (``media.tasks``) when an image is uploaded or its
focal point moves, or by the ``regenerate_renditions`` command. Every rendition is upright, cropped around
the focal point for fixed ratios, never larger than its source, and carries no
EXIF, XMP or GPS data.
"""

import io
import posixpath
from dataclasses import dataclass

from django.core.files.base import ContentFile
from django.db import IntegrityError, transaction
from django.dispatch import Signal
from PIL import Image as PILImage

from .imaging import displayable, on_white
from .models import Rendition
from .specs import (
    FORMATS,
    RATIOS,
    RENDITIONS_FOLDER,
    STANDARD_RATIOS,
    THUMBNAIL_RATIO,
    THUMBNAIL_WIDTH,
    WIDTHS,
    focal_key,
    spec_name,
)

# Sent (with ``image``) when ``ensure_renditions`` has stored a picture's missing renditions, once for the set.
renditions_made = Signal()

_SAVE_OPTIONS = {
    "jpeg": {"format": "JPEG", "quality": 82, "optimize": True, "progressive": True},
    "webp": {"format": "WEBP", "quality": 78, "method": 4},
}


def crop_box(size, ratio, focal=(0.5, 0.5)):
    """
    The largest box of ``ratio`` inside ``size``, centred on the focal point as far as the edges allow.

    ``ratio`` is a ``(width, height)`` pair or None for the whole picture.
    """
    width, height = size
    if ratio is None:
        return (0, 0, width, height)
    ratio_w, ratio_h = ratio
    crop_w = min(width, max(1, height * ratio_w // ratio_h))
    crop_h = min(height, max(1, round(crop_w * ratio_h / ratio_w)))
    left = _clamp(round(focal[0] * width - crop_w / 2), 0, width - crop_w)
    top = _clamp(round(focal[1] * height - crop_h / 2), 0, height - crop_h)
    return (left, top, left + crop_w, top + crop_h)


def _clamp(value, low, high):
    return max(low, min(value, high))


def widths_that_fit(image, ratio):
    """The standard widths a crop of ``ratio`` can fill without upscaling (at least the smallest)."""
    left, _, right, _ = crop_box((image.width, image.height), RATIOS[ratio], (image.focal_x, image.focal_y))
    fitting = [width for width in WIDTHS if width <= right - left]
    return fitting or [WIDTHS[0]]


# Making: on upload, on a focal point change, and from the command ---------------------------------------


def get_rendition(image, ratio="16x9", width=800, fmt="jpeg"):
    """
    The rendition of ``image`` for a ratio, width and format, made and stored if it does not exist yet.

    Safe when several processes ask at once: each writes its own file first,
    the unique constraint lets one row in, and the others remove their file and
    return the winner.
    """
    return _get_rendition(image, ratio, width, fmt, _Source(image))


def ensure_renditions(image):
    """
    Make every standard rendition of ``image`` that is missing, and remove those of an earlier focal point.

    The standard set is each of ``STANDARD_RATIOS`` at the widths that fit, in
    JPEG and WebP, plus the admin thumbnail. The missing ones are stored together,
    in one transaction that also lets the earlier focal point's go (until then pages
    show those), and ``renditions_made`` announces them once (pages showing the
    picture are drawn again once, not once a rendition). Returns how many were made.
    """
    existing = {(r.spec, r.format, r.focal_key) for r in Rendition.objects.filter(image=image)}
    source = _Source(image)
    made = [
        _stored(image, ratio, width, fmt, source)
        for ratio, width, fmt in standard_specs(image)
        if (spec_name(ratio, width), fmt, focal_key(image, ratio)) not in existing
    ]
    names = [rendition.file.name for rendition in made]
    storage = Rendition._meta.get_field("file").storage
    with transaction.atomic():
        Rendition.objects.bulk_create(made, ignore_conflicts=True)
        kept = set(Rendition.objects.filter(image=image, file__in=names).values_list("file", flat=True))
        stale = forget_renditions(image, stale_only=True)
        if made:
            renditions_made.send(sender=Rendition, image=image)
    # Another process made the same renditions meanwhile: keep theirs, drop ours.
    for name in [*(set(names) - kept), *stale]:
        storage.delete(name)
    return len(kept)


def standard_specs(image):
    """The (ratio, width, format) triples that ``ensure_renditions`` makes for this image."""
    specs = [
        (ratio, width, fmt) for ratio in STANDARD_RATIOS for width in widths_that_fit(image, ratio) for fmt in FORMATS
    ]
    specs.append((THUMBNAIL_RATIO, THUMBNAIL_WIDTH, "jpeg"))
    return specs


def forget_renditions(image, stale_only=False):
    """
    Delete the rendition rows of ``image`` (all, or only those of an earlier focal point) and return their
    file names, to be removed from storage once the deletion has committed.
    """
    renditions = Rendition.objects.filter(image=image)
    if stale_only:
        current = {focal_key(image, ratio) for ratio in RATIOS}
        renditions = renditions.exclude(focal_key__in=current)
    names = [rendition.file.name for rendition in renditions]
    if names:
        renditions.delete()
    return names


def delete_renditions(image):
    """Delete every rendition of ``image`` with its file."""
    storage = Rendition._meta.get_field("file").storage
    names = forget_renditions(image)
    for name in names:
        storage.delete(name)
    return len(names)


@dataclass
class _Rendered:
    data: bytes
    width: int
    height: int


class _Source:
    """The original's pixels, decoded once however many renditions are cut from them."""

    def __init__(self, image):
        self.image = image
        self._picture = None

    @property
    def picture(self):
        if self._picture is None:
            storage, name = self.image.file.storage, self.image.file.name
            with storage.open(name, "rb") as handle:
                picture = PILImage.open(handle)
                picture.load()
            self._picture = displayable(picture)
        return self._picture

    def render(self, ratio, width, fmt):
        picture = self.picture
        focal = (self.image.focal_x, self.image.focal_y)
        shape = RATIOS[ratio]
        box = crop_box(picture.size, shape, focal)
        crop_w, crop_h = box[2] - box[0], box[3] - box[1]
        out_w = min(width, crop_w)
        # A fixed ratio is exact at every width; a free one follows the picture.
        out_h = max(1, round(out_w * shape[1] / shape[0]) if shape else round(out_w * crop_h / crop_w))
        resized = picture.resize((out_w, out_h), PILImage.Resampling.LANCZOS, box=box, reducing_gap=3.0)
        if fmt == "jpeg":
            resized = on_white(resized)
        # Whatever the source carried (EXIF, XMP, comments, ICC) stays behind.
        resized.info = {}
        buffer = io.BytesIO()
        resized.save(buffer, **_SAVE_OPTIONS[fmt])
        return _Rendered(buffer.getvalue(), out_w, out_h)


def _get_rendition(image, ratio, width, fmt, source):
    lookup = _lookup(image, ratio, width, fmt)
    existing = Rendition.objects.filter(**lookup).first()
    if existing:
        return existing
    rendition = _stored(image, ratio, width, fmt, source)
    try:
        with transaction.atomic():
            rendition.save()
            return rendition
    except IntegrityError:
        # Another process made the same rendition meanwhile: keep theirs, drop ours.
        rendition.file.storage.delete(rendition.file.name)
        return Rendition.objects.get(**lookup)


def _lookup(image, ratio, width, fmt):
    if ratio not in RATIOS:
        raise ValueError(f"Unknown ratio {ratio!r}; use one of {', '.join(RATIOS)}.")
    if fmt not in FORMATS:
        raise ValueError(f"Unknown format {fmt!r}; use one of {', '.join(FORMATS)}.")
    return {"image": image, "spec": spec_name(ratio, width), "format": fmt, "focal_key": focal_key(image, ratio)}


def _stored(image, ratio, width, fmt, source):
    """A rendition rendered and its file stored, its row not yet saved."""
    lookup = _lookup(image, ratio, width, fmt)
    rendered = source.render(ratio, width, fmt)
    storage = Rendition._meta.get_field("file").storage
    stem = posixpath.splitext(posixpath.basename(image.file.name))[0]
    focal_part = lookup["focal_key"].replace(",", "-").replace(".", "")
    name = storage.save(
        f"{RENDITIONS_FOLDER}{stem}-{lookup['spec']}-{focal_part}.{FORMATS[fmt]}", ContentFile(rendered.data)
    )
    return Rendition(**lookup, file=name, width=rendered.width, height=rendered.height)
