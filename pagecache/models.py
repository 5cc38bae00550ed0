"""The rows every worker reads to tell whether a cached page is still current."""

from django.db import models
from django.utils import timezone


class PublicationState(models.Model):
    """
    One row that every worker reads on every public request: the number of the newest change readers
    can see, and the time the next scheduled story or correction falls due.

    Each change takes the next ``content_version`` and stamps it on the keys it touched
    (``KeyVersion``), in the transaction that makes the change; a page is current while none of its
    keys carries a newer number than the one read before it was made. ``next_due`` is the earliest
    publication time still to come that no change has yet been released for: the first request at
    or after it releases what fell due (``pagecache.state``).
    """

    content_version = models.BigIntegerField(default=1)
    changed_at = models.DateTimeField(default=timezone.now)
    next_due = models.DateTimeField(null=True, blank=True)

    def __str__(self):
        return f"content version {self.content_version}"


class KeyVersion(models.Model):
    """The newest change that touched one key (``pagecache.dependencies``), and when it was made."""

    key = models.CharField(max_length=100, primary_key=True)
    version = models.BigIntegerField(db_index=True)
    changed_at = models.DateTimeField(db_index=True)

    def __str__(self):
        return f"{self.key} at {self.version}"
