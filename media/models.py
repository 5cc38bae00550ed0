"""The media library: images with their alt text, caption, credit and rights."""

import uuid

import reversion
from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone

from .fields import PictureField


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


class Rendition(models.Model):
    """A resized, cropped and stripped copy of an image, made once and stored."""

    image = models.ForeignKey(Image, on_delete=models.CASCADE, related_name="renditions")
    spec = models.CharField(max_length=40, help_text="ratio and width, e.g. 16x9-800")
    format = models.CharField(max_length=8)
    focal_key = models.CharField(max_length=20, help_text="focal point the crop was made around")
    file = models.ImageField(upload_to="images/renditions/", width_field="width", height_field="height")
    width = models.PositiveIntegerField(default=0)
    height = models.PositiveIntegerField(default=0)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["image", "spec", "format", "focal_key"], name="unique_rendition"),
        ]

    def __str__(self):
        return f"{self.image_id} {self.spec}.{self.format}"


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
