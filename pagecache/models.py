"""The one row every worker reads to tell whether a cached page is still current."""

from django.db import models
from django.utils import timezone


class PublicationState(models.Model):
    """
    One row that every worker reads cheaply: the version of everything readers can see.

    Any change that can alter a public page bumps ``content_version``; cached pages are keyed by it,
    so an edit handled by one worker makes every worker's cached pages stale at once.
    """

    content_version = models.BigIntegerField(default=1)
    changed_at = models.DateTimeField(default=timezone.now)

    def __str__(self):
        return f"content version {self.content_version}"
