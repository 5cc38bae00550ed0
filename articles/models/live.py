"""
Live coverage: a story an editor switched to live, and the short entries its writers post as it unfolds.

A story's coverage says when it started and, once the desk closes it, when it ended. Each entry is a
post of its own (an optional title, a rich-text body with library figures, its authors from the
byline) that readers see with the story: at once when the story is already published, with the story
when it is published later. ``changed_at`` on an entry, and the newest of them on the coverage, is
the moment of its last change, stamped in the order the changes commit (``articles.live``): readers'
pages ask for what changed since the last one they saw.
"""

import reversion
from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.text import Truncator

from newsroom.richtext import RichTextField, plain_text

from .stories import FIGURE_FILE_RE, Article, figure_image_id

# How many words of its text name an update that has no title.
HEADLINE_WORDS = 14


class LiveCoverage(models.Model):
    """A story covered live: since when, until when (None while it goes on), and its newest change."""

    article = models.OneToOneField(Article, on_delete=models.CASCADE, primary_key=True, related_name="live_coverage")
    started_at = models.DateTimeField("live since")
    ended_at = models.DateTimeField("live until", null=True, blank=True)
    # The moment of the newest change to the coverage or any of its entries: the cursor readers poll from.
    changed_at = models.DateTimeField()
    started_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        verbose_name_plural = "live coverage"

    def __str__(self):
        return f"Live coverage of {self.article_id}"

    @property
    def is_open(self):
        """Still going on: the desk has not ended it."""
        return self.ended_at is None


@reversion.register()
class LiveEntry(models.Model):
    """One post of a live story; a deleted entry keeps its row (``deleted_at``) so readers' pages drop it."""

    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="live_entries")
    title = models.CharField(max_length=200, blank=True)
    body = RichTextField()
    authors = models.ManyToManyField("authors.Author", blank=True, related_name="live_entries")
    images = models.ManyToManyField("media.Image", blank=True, editable=False, related_name="live_entry_usages")
    published_at = models.DateTimeField("published time")
    pinned = models.BooleanField(default=False, help_text="Shown first, above the other updates (one at a time).")
    key_event = models.BooleanField(default=False, help_text="Listed in the key events at the top of the story.")
    changed_at = models.DateTimeField(editable=False)
    deleted_at = models.DateTimeField(null=True, blank=True, editable=False)
    version = models.PositiveIntegerField(default=1, editable=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+", editable=False
    )
    modified_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+", editable=False
    )

    class Meta:
        verbose_name = "live update"
        verbose_name_plural = "live updates"
        ordering = ["-published_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["article"], condition=Q(pinned=True, deleted_at__isnull=True), name="one_pinned_entry"
            ),
        ]
        indexes = [
            # A story's updates newest first, and those changed since a moment (readers' polls).
            models.Index(fields=["article", "-published_at", "-id"], name="live_entry_newest_idx"),
            models.Index(fields=["article", "changed_at"], name="live_entry_changed_idx"),
        ]

    def __str__(self):
        return self.title or f"Update of {self.published_at:%Y-%m-%d %H:%M}"

    @property
    def summary_text(self):
        """The first words of the text."""
        return Truncator(plain_text(self.body)).words(HEADLINE_WORDS)

    @property
    def headline_text(self):
        """The title, or the first words of the text: how lists and feeds name an update."""
        return self.title or self.summary_text

    def sync_images(self):
        """Note the library pictures the body shows as figures (the page cache and the picture rules read them)."""
        from media.models import Image

        ids = {figure_image_id(match) for match in FIGURE_FILE_RE.findall(self.body or "")} - {None}
        self.images.set(Image.objects.filter(pk__in=ids) if ids else [])
