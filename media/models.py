"""The media library: images with their alt text, caption, credit and rights."""

import functools
import uuid
from dataclasses import dataclass

import reversion
from django.conf import settings
from django.core.files.storage import FileSystemStorage, Storage
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Prefetch, Q
from django.utils import timezone

from .fields import PictureField
from .specs import RENDITIONS_FOLDER, THUMBNAIL_RATIO, THUMBNAIL_WIDTH, WIDTHS, focal_key, spec_name, spec_prefix


def original_upload_to(instance, filename):
    """A generated name: nothing of the uploader's file name reaches the disk."""
    ext = getattr(instance, "_detected_extension", None) or "jpg"
    return f"images/originals/{uuid.uuid4().hex}.{ext}"


class ImageQuerySet(models.QuerySet):
    def usable(self, on=None):
        """Images whose usage rights have not expired."""
        on = on or timezone.localdate()
        return self.filter(Q(usage_expires_on__isnull=True) | Q(usage_expires_on__gte=on))

    def expired(self, on=None):
        on = on or timezone.localdate()
        return self.filter(usage_expires_on__lt=on)

    def prefetch_renditions(self, *ratios):
        """
        The images with their stored renditions at ``ratios`` (every one when none is named), read in one
        query for the lot, so that ``rendition`` and ``renditions_at`` answer without another.
        """
        return self.prefetch_related(renditions_prefetch(ratios=ratios))


# Every change made in the library is kept as a revision: who changed which field, from what, when.
@reversion.register()
class Image(models.Model):
    file = PictureField(upload_to=original_upload_to, width_field="width", height_field="height")
    title = models.CharField(max_length=200)
    alt_text = models.CharField(
        max_length=300,
        help_text="Describes the picture for readers who cannot see it.",
    )
    caption = models.TextField(blank=True, help_text="The default caption; a story may override it.")
    credit = models.CharField(
        max_length=200,
        help_text='Who made the picture, as printed: e.g. "China National Space Administration".',
    )
    source = models.CharField(max_length=200, blank=True, help_text="Agency or source the file came from.")
    licence = models.TextField("licence or rights note", blank=True)
    usage_expires_on = models.DateField(
        "usage expires on",
        null=True,
        blank=True,
        help_text="After this day the image no longer appears on the public site.",
    )
    focal_x = models.FloatField(default=0.5, validators=[MinValueValidator(0), MaxValueValidator(1)])
    focal_y = models.FloatField(default=0.5, validators=[MinValueValidator(0), MaxValueValidator(1)])
    width = models.PositiveIntegerField(editable=False, default=0)
    height = models.PositiveIntegerField(editable=False, default=0)
    file_size = models.PositiveIntegerField(editable=False, default=0)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    uploaded_at = models.DateTimeField(default=timezone.now, editable=False)
    modified_at = models.DateTimeField(auto_now=True)

    objects = ImageQuerySet.as_manager()

    # The renditions ``read_renditions`` read for this image, as plain values; None when it did not.
    rendition_list = None

    class Meta:
        ordering = ["-uploaded_at"]
        indexes = [models.Index(fields=["-uploaded_at"]), models.Index(fields=["usage_expires_on"])]

    def __str__(self):
        return self.title

    def save(self, *args, **kwargs):
        if self.file and not self.file._committed:
            self.file_size = self.file.size
        super().save(*args, **kwargs)

    def is_expired(self, on=None):
        on = on or timezone.localdate()
        return self.usage_expires_on is not None and self.usage_expires_on < on

    is_expired.boolean = True
    is_expired.short_description = "expired"

    # Picking a rendition: pages, feeds, structured data and the desk all ask these two. They read the
    # renditions of ``read_renditions`` or ``renditions.all()`` (prefetch it) and never make a rendition:
    # readers never wait on a resize.

    def renditions_at(self, ratio, fmt="jpeg", *, include_expired=False):
        """
        The stored renditions in one ratio and format, narrowest first, one per width: a ``srcset``.

        Those of an earlier focal point are left out. Nothing for an expired image, unless
        ``include_expired`` (the desk shows expired pictures so that someone replaces them).
        """
        if not self.file or (self.is_expired() and not include_expired):
            return []
        key, prefix = focal_key(self, ratio), spec_prefix(ratio)
        by_width = {}
        stored = self.renditions.all() if self.rendition_list is None else self.rendition_list
        for rendition in stored:
            if rendition.format == fmt and rendition.focal_key == key and rendition.spec.startswith(prefix):
                by_width.setdefault(rendition.width, rendition)
        return [by_width[width] for width in sorted(by_width)]

    def rendition(self, ratio="16x9", width=WIDTHS[-1], fmt="jpeg", *, include_expired=False):
        """
        The stored rendition at ``ratio`` and ``fmt`` closest to ``width``: the widest not wider, else the
        narrowest; None when none is stored (or the image expired, unless ``include_expired``).
        """
        return closest_rendition(self.renditions_at(ratio, fmt, include_expired=include_expired), width)

    def stand_in(self, ratio):
        """
        While the renditions at ``ratio`` are being made for a new focal point: the widest JPEG stored at
        ``ratio`` for an earlier one (the same shape, cropped a little elsewhere), or None.
        """
        prefix = spec_prefix(ratio)
        stored = self.renditions.all() if self.rendition_list is None else self.rendition_list
        earlier = [kept for kept in stored if kept.format == "jpeg" and kept.spec.startswith(prefix)]
        return max(earlier, key=lambda kept: kept.width, default=None)


def closest_rendition(renditions, width):
    """
    Of ``renditions`` narrowest first (``Image.renditions_at``), the one closest to ``width``: the widest
    not wider, else the narrowest; None when there are none.
    """
    fitting = [rendition for rendition in renditions if rendition.width <= width]
    if fitting:
        return fitting[-1]
    return renditions[0] if renditions else None


class RenditionQuerySet(models.QuerySet):
    def at_ratios(self, *ratios):
        """
        The renditions at ``ratios`` only, for a prefetch of what a page shows.

        Every image has each standard ratio in every width and format; a listing
        that shows its pictures at one ratio reads a quarter of them.
        """
        wanted = Q()
        for ratio in ratios:
            wanted |= Q(spec__startswith=spec_prefix(ratio))
        return self.filter(wanted)

    def thumbnails(self):
        """The admin lists' thumbnails only."""
        return self.filter(spec=spec_name(THUMBNAIL_RATIO, THUMBNAIL_WIDTH), format="jpeg")


class Rendition(models.Model):
    """A resized, cropped and stripped copy of an image, made once and stored."""

    image = models.ForeignKey(Image, on_delete=models.CASCADE, related_name="renditions")
    spec = models.CharField(max_length=40, help_text="ratio and width, e.g. 16x9-800")
    format = models.CharField(max_length=8)
    focal_key = models.CharField(max_length=20, help_text="focal point the crop was made around")
    file = models.ImageField(upload_to=RENDITIONS_FOLDER, width_field="width", height_field="height")
    width = models.PositiveIntegerField(default=0)
    height = models.PositiveIntegerField(default=0)
    created_at = models.DateTimeField(default=timezone.now)

    objects = RenditionQuerySet.as_manager()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["image", "spec", "format", "focal_key"], name="unique_rendition"),
        ]

    def __str__(self):
        return f"{self.image_id} {self.spec}.{self.format}"


def renditions_prefetch(through="", ratios=()):
    """
    A ``Prefetch`` of the stored renditions at ``ratios`` (all when empty) of the image at ``through``:
    ``renditions_prefetch("hero_image", ("3x2",))`` reads the heroes' teaser crops of a list of stories.
    """
    lookup = f"{through}__renditions" if through else "renditions"
    queryset = Rendition.objects.at_ratios(*ratios) if ratios else Rendition.objects.all()
    return Prefetch(lookup, queryset=queryset)


@dataclass(slots=True)
class RenditionFile:
    """A stored rendition's file, by its name in storage: its ``url`` and ``size``, as a ``FieldFile`` has them."""

    name: str
    storage: Storage

    @property
    def url(self):
        return stored_file_url(self.storage, self.name)

    @property
    def size(self):
        return self.storage.size(self.name)


def stored_file_url(storage, name):
    """
    ``storage.url(name)``; kept per process for files on disk, whose address depends on nothing but the
    name and ``MEDIA_URL``. A listing names some four hundred rendition files, and joining each name to
    the storage's address costs more than the rest of its picture. Other storages are asked each time:
    their addresses may be signed for a while only.
    """
    if type(storage) is FileSystemStorage:
        return _disk_file_url(storage, storage.base_url, name)
    return storage.url(name)


# Addresses of files on disk kept per process, the least recently named dropped first: a few megabytes.
KEPT_FILE_URLS = 16384


@functools.lru_cache(maxsize=KEPT_FILE_URLS)
def _disk_file_url(storage, base_url, name):
    return storage.url(name)


@dataclass(slots=True)
class StoredRendition:
    """
    A rendition as ``read_renditions`` reads it: plain values rather than a model instance, which costs
    five times as much to make (a listing reads hundreds; not frozen either, which would cost three
    times as much). It answers what pages ask of a ``Rendition``: ``spec``, ``format``, ``focal_key``,
    ``width``, ``height`` and ``file.url``.
    """

    pk: int
    spec: str
    format: str
    focal_key: str
    width: int
    height: int
    file: RenditionFile


def read_renditions(pictures):
    """
    Read the renditions of many images already in memory, each at its own ratios, in one query, into
    each image's ``rendition_list``, as plain values (``StoredRendition``).

    ``pictures`` holds ``(image, ratios)`` pairs; None images are skipped, and an
    image listed twice (or two copies of one picture) gets both sets. Images whose
    renditions were read already keep them.
    """
    wanted = {}
    for image, ratios in pictures:
        if image is not None and image.rendition_list is None:
            wanted.setdefault(id(image), (image, set()))[1].update(ratios)
    ids_by_ratio = {}
    for image, ratios in wanted.values():
        for ratio in ratios:
            ids_by_ratio.setdefault(ratio, set()).add(image.pk)
    if not ids_by_ratio:
        return
    condition = Q()
    for ratio, ids in ids_by_ratio.items():
        condition |= Q(image_id__in=ids, spec__startswith=spec_prefix(ratio))
    columns = ("image_id", "pk", "spec", "format", "focal_key", "file", "width", "height")
    # The storage itself rather than its lazy stand-in (``default_storage``), which costs a third of
    # every address asked of it.
    storage = Rendition._meta.get_field("file").storage.url.__self__
    by_image = {}
    for image_id, pk, spec, fmt, key, name, width, height in Rendition.objects.filter(condition).values_list(*columns):
        rendition = StoredRendition(pk, spec, fmt, key, width, height, RenditionFile(name, storage))
        by_image.setdefault(image_id, []).append(rendition)
    for image, _ratios in wanted.values():
        image.rendition_list = by_image.get(image.pk, [])


class UploadAttempt(models.Model):
    """
    One picture file someone sent the library, stored or refused: what the hourly upload limit counts.

    Kept a day, then pruned by ``media.uploads``.
    """

    class Outcome(models.TextChoices):
        NEW = "new", "new picture"
        REPLACEMENT = "replacement", "replacement file"
        REFUSED = "refused", "refused"

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    attempted_at = models.DateTimeField(default=timezone.now)
    outcome = models.CharField(max_length=12, choices=Outcome.choices)

    class Meta:
        indexes = [models.Index(fields=["user", "attempted_at"]), models.Index(fields=["attempted_at"])]

    def __str__(self):
        return f"{self.user} {self.get_outcome_display()} {self.attempted_at:%Y-%m-%d %H:%M}"
