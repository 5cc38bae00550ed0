"""Links that show a story before it is live to someone outside the newsroom, and their visits."""

from django.conf import settings
from django.db import models
from django.utils import timezone

from .stories import Article


class ShareLink(models.Model):
    """A signed, expiring, revocable link that shows an unpublished story to a guest."""

    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="share_links")
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)
    expires_at = models.DateTimeField()
    revoked_at = models.DateTimeField(null=True, blank=True)
    label = models.CharField(max_length=120, blank=True, help_text='Who it is for, e.g. "legal review".')

    class Meta:
        ordering = ["-created_at"]

    def __str__(self):
        return self.label or f"Share link {self.pk}"

    def is_usable(self, now=None):
        """Not revoked (unpublishing a story revokes its links) and not expired."""
        return self.revoked_at is None and self.expires_at > (now or timezone.now())


class ShareLinkVisit(models.Model):
    """The visits from one address to one share link within one hour: one row, however many."""

    link = models.ForeignKey(ShareLink, on_delete=models.CASCADE, related_name="visits")
    ip_address = models.GenericIPAddressField(null=True, blank=True)
    hour = models.DateTimeField(help_text="The hour (UTC) these visits fell in.")
    visit_count = models.PositiveIntegerField(default=1)
    first_visited_at = models.DateTimeField(default=timezone.now)
    last_visited_at = models.DateTimeField(default=timezone.now)
    user_agent = models.CharField(max_length=300, blank=True, help_text="The browser of the latest visit.")

    class Meta:
        ordering = ["-last_visited_at"]
        constraints = [
            models.UniqueConstraint(fields=["link", "hour", "ip_address"], name="one_visit_row_per_address_hour"),
            # NULLs never clash in a unique key, so visits without an address get a key of their own.
            models.UniqueConstraint(
                fields=["link", "hour"],
                condition=models.Q(ip_address__isnull=True),
                name="one_visit_row_per_unknown_hour",
            ),
        ]
        indexes = [models.Index(fields=["link", "-last_visited_at"], name="share_visits_latest_first")]

    def __str__(self):
        times = f"{self.visit_count} visits" if self.visit_count != 1 else "1 visit"
        return f"{times} from {self.ip_address or 'an unknown address'}, last {self.last_visited_at:%Y-%m-%d %H:%M}"
