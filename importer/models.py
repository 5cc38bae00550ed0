"""Where imported things came from, so that an import can run again and change only what changed."""

from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils import timezone


class WordPressOrigin(models.Model):
    """
    One thing brought in from a WordPress site: its kind there, its WordPress ID or name, its old
    address, and what it became here (a story, a library picture, a section, a tag, an author).

    ``fingerprint`` is a digest of what the export said of it at the last import; a story's
    ``version`` is the version that import left, so a later import can tell whether the desk has
    edited the story since.
    """

    class Kind(models.TextChoices):
        POST = "post", "post"
        ATTACHMENT = "attachment", "attachment"
        # A file under wp-content/uploads, by its path there: how bodies name their pictures.
        FILE = "file", "uploaded file"
        SECTION = "section", "category, as a section"
        TAG = "tag", "category or tag, as a tag"
        AUTHOR = "author", "author"

    site = models.CharField(max_length=200, help_text="The WordPress site's address, without its scheme.")
    kind = models.CharField(max_length=12, choices=Kind.choices)
    key = models.CharField(
        max_length=300,
        help_text="The post's ID; a term's taxonomy and slug; an author's login; a file's path under uploads.",
    )
    wordpress_id = models.BigIntegerField("WordPress ID", null=True, blank=True)
    old_url = models.CharField("old address", max_length=2000, blank=True)
    content_type = models.ForeignKey(ContentType, on_delete=models.CASCADE, related_name="+")
    object_id = models.PositiveBigIntegerField()
    imported = GenericForeignKey("content_type", "object_id")
    fingerprint = models.CharField(max_length=64, blank=True)
    version = models.PositiveIntegerField(null=True, blank=True, help_text="The story's version this import left.")
    imported_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["site", "kind", "key"], name="one_origin_per_wordpress_item")]
        indexes = [models.Index(fields=["content_type", "object_id"], name="origin_of_object_idx")]
        verbose_name = "WordPress origin"

    def __str__(self):
        return f"{self.get_kind_display()} {self.key} of {self.site}"


def origin_of(obj):
    """Where ``obj`` was imported from, the post or attachment first, or None for something made here."""
    found = WordPressOrigin.objects.filter(content_type=ContentType.objects.get_for_model(obj), object_id=obj.pk)
    kinds = [WordPressOrigin.Kind.POST, WordPressOrigin.Kind.ATTACHMENT]
    return found.filter(kind__in=kinds).first() or found.first()
