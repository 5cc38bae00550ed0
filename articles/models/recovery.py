"""Unsaved text kept for its writer, so that a closed tab or a lost connection loses nothing."""

from django.conf import settings
from django.db import models
from django.utils import timezone

from .stories import Article


class RecoveryCopy(models.Model):
    """The last autosaved form of a story for one user: not a revision, never public."""

    article = models.ForeignKey(Article, null=True, blank=True, on_delete=models.CASCADE, related_name="+")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    data = models.JSONField()
    base_version = models.PositiveIntegerField(default=0)
    saved_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["article", "user"], name="one_recovery_copy_per_user"),
            models.UniqueConstraint(
                fields=["user"], condition=models.Q(article__isnull=True), name="one_new_story_copy_per_user"
            ),
        ]

    def __str__(self):
        return f"Recovery copy of {self.article or 'a new story'} for {self.user}"
