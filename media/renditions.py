"""
Renditions: resized, cropped copies of library images, made once and stored.

Pages only ever read existing ``Rendition`` rows (see ``find_rendition``); the
pixels are made when an image is uploaded or its focal point moves, or by the
``regenerate_renditions`` command. Every rendition is upright, cropped around
the focal point for fixed ratios, never larger than its source, and carries no
EXIF, XMP or GPS data.
"""

import io
import posixpath
from collections import defaultdict
from dataclasses import dataclass

from django.core.files.base import ContentFile
from django.db import IntegrityError, transaction
from django.db.models import Q
from PIL import Image as PILImage

from newsroom.rows import attach

from .imaging import displayable, on_white
from .models import Rendition

RATIOS = {"16x9": (16, 9), "1x1": (1, 1), "3x2": (3, 2), "free": None}
WIDTHS = (480, 800, 1200, 1600)
FORMATS = {"jpeg": "jpg", "webp": "webp"}

# The admin lists' thumbnail: small, and the same shape on every row.
THUMBNAIL_RATIO = "3x2"
THUMBNAIL_WIDTH = 160

# Ratios pages use, made for every image: heroes and teasers, headshots, cards, body figures.
STANDARD_RATIOS = ("16x9", "1x1", "3x2", "free")

_SAVE_OPTIONS = {
    "jpeg": {"format": "JPEG", "quality": 82, "optimize": True, "progressive": True},
    "webp": {"format": "WEBP", "quality": 78, "method": 4},
}


def spec_name(ratio, width):
    """The ``spec`` a rendition is stored under, e.g. ``16x9-800``."""
    return f"{ratio}-{width}"


def at_ratios(*ratios):
    """
    The stored renditions at ``ratios`` only, for a prefetch of what a page shows.

    Every image has each standard ratio in every width and format; a listing
    that shows its pictures at one ratio reads a quarter of them.
    """
    wanted = Q()
    for ratio in ratios:
        wanted |= Q(spec__startswith=f"{ratio}-")
    return Rendition.objects.filter(wanted)


def thumbnails():
    """The admin lists' thumbnails only, for a prefetch (``thumbnail_url`` reads them)."""
    return Rendition.objects.filter(spec=spec_name(THUMBNAIL_RATIO, THUMBNAIL_WIDTH), format="jpeg")


def prefetch_renditions(pictures):
    """
    Read the renditions of many pictures, each at its own ratios, in one query.

    ``pictures`` holds ``(image, ratios)`` pairs; None images are skipped, and
    an image listed twice gets both sets. Each image's ``renditions.all()``
    then holds the renditions at its ratios, as a filtered prefetch would.
    """
    wanted = {}
    for image, ratios in pictures:
        if image is not None:
            wanted.setdefault(id(image), (image, set()))[1].update(ratios)
    ids_by_ratio = defaultdict(set)
    for image, ratios in wanted.values():
        for ratio in ratios:
            ids_by_ratio[ratio].add(image.pk)
    if not ids_by_ratio:
        return
    condition = Q()
    for ratio, ids in ids_by_ratio.items():
        condition |= Q(image_id__in=ids, spec__startswith=f"{ratio}-")
    found = defaultdict(list)
    for rendition in Rendition.objects.filter(condition):
        found[rendition.image_id].append(rendition)
    for image, ratios in wanted.values():
        prefixes = tuple(f"{ratio}-" for ratio in ratios)
        attach(image, "renditions", [rendition for rendition in found[image.pk] if rendition.spec.startswith(prefixes)])


def focal_key(image, ratio):
    """What a rendition's crop depends on: the focal point, or nothing for the uncropped ratio."""
    if RATIOS[ratio] is None:
        return "none"
    return f"{image.focal_x:.3f},{image.focal_y:.3f}"


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


# Reading: what templates and admin lists use -------------------------------------------------------


def find_rendition(image, ratio, width, fmt="jpeg"):
    """
    The stored rendition of ``image`` for this ratio, width and format, or None.

    It looks only through ``image.renditions.all()``, so a queryset with
    ``prefetch_related("renditions")`` answers without a query per image.
    """
    spec, key = spec_name(ratio, width), focal_key(image, ratio)
    for rendition in image.renditions.all():
        if rendition.spec == spec and rendition.format == fmt and rendition.focal_key == key:
            return rendition
    return None


def renditions_for(image, ratio, fmt):
    """The stored renditions of ``image`` in one ratio and format, narrowest first, one per real width."""
    key = focal_key(image, ratio)
    prefix = f"{ratio}-"
    by_width = {}
    for rendition in image.renditions.all():
        if rendition.format == fmt and rendition.focal_key == key and rendition.spec.startswith(prefix):
            by_width.setdefault(rendition.width, rendition)
    return [by_width[width] for width in sorted(by_width)]


def rendition_url(image, ratio="free", width=1200, fmt="jpeg"):
    """
    The URL of the stored rendition closest to ``width`` (never wider when a narrower one exists), else the original's.

    Reads ``image.renditions.all()`` only; "" for no image.
    """
    if image is None or not image.file:
        return ""
    candidates = renditions_for(image, ratio, fmt)
    if not candidates:
        return image.file.url
    fitting = [rendition for rendition in candidates if rendition.width <= width]
    return (fitting[-1] if fitting else candidates[0]).file.url


def thumbnail_url(image):
    """
    The URL of a small (160 px wide, 3:2) thumbnail of ``image`` for admin lists.

    Reads ``image.renditions.all()`` (prefetch ``renditions`` on list pages) and
    falls back to the original file while the thumbnail has not been made.
    Returns "" for no image.
    """
    if image is None or not image.file:
        return ""
    rendition = find_rendition(image, THUMBNAIL_RATIO, THUMBNAIL_WIDTH)
    return rendition.file.url if rendition else image.file.url


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
    Make every standard rendition of ``image`` that is missing; remove those of an earlier focal point.

    The standard set is each of ``STANDARD_RATIOS`` at the widths that fit, in
    JPEG and WebP, plus the admin thumbnail. Returns how many were made.
    """
    delete_renditions(image, stale_only=True)
    existing = {(r.spec, r.format, r.focal_key) for r in Rendition.objects.filter(image=image)}
    source = _Source(image)
    made = 0
    for ratio, width, fmt in standard_specs(image):
        if (spec_name(ratio, width), fmt, focal_key(image, ratio)) not in existing:
            _get_rendition(image, ratio, width, fmt, source)
            made += 1
    return made


def standard_specs(image):
    """The (ratio, width, format) triples that ``ensure_renditions`` makes for this image."""
    specs = [
        (ratio, width, fmt) for ratio in STANDARD_RATIOS for width in widths_that_fit(image, ratio) for fmt in FORMATS
    ]
    specs.append((THUMBNAIL_RATIO, THUMBNAIL_WIDTH, "jpeg"))
    return specs


def delete_renditions(image, stale_only=False):
    """Delete renditions of ``image`` with their files: all of them, or only those of an earlier focal point."""
    renditions = Rendition.objects.filter(image=image)
    if stale_only:
        current = {focal_key(image, ratio) for ratio in RATIOS}
        renditions = renditions.exclude(focal_key__in=current)
    names = [(r.file.storage, r.file.name) for r in renditions]
    renditions.delete()
    for storage, name in names:
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
    if ratio not in RATIOS:
        raise ValueError(f"Unknown ratio {ratio!r}; use one of {', '.join(RATIOS)}.")
    if fmt not in FORMATS:
        raise ValueError(f"Unknown format {fmt!r}; use one of {', '.join(FORMATS)}.")
    lookup = {"image": image, "spec": spec_name(ratio, width), "format": fmt, "focal_key": focal_key(image, ratio)}
    existing = Rendition.objects.filter(**lookup).first()
    if existing:
        return existing

    rendered = source.render(ratio, width, fmt)
    storage = Rendition._meta.get_field("file").storage
    stem = posixpath.splitext(posixpath.basename(image.file.name))[0]
    focal_part = lookup["focal_key"].replace(",", "-").replace(".", "")
    name = storage.save(
        f"images/renditions/{stem}-{lookup['spec']}-{focal_part}.{FORMATS[fmt]}", ContentFile(rendered.data)
    )
    try:
        with transaction.atomic():
            return Rendition.objects.create(**lookup, file=name, width=rendered.width, height=rendered.height)
    except IntegrityError:
        # Another process made the same rendition meanwhile: keep theirs, drop ours.
        storage.delete(name)
        return Rendition.objects.get(**lookup)
