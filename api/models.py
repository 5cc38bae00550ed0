"""The keys partners read the content API with: named, stored as a hash, revocable."""

from django.conf import settings
from django.core.validators import MinValueValidator
from django.db import models
from django.utils import timezone


def default_rate():
    """A new key's requests a minute: ``settings.API_KEY_REQUESTS_PER_MINUTE``."""
    return settings.API_KEY_REQUESTS_PER_MINUTE


class PartnerKey(models.Model):
    """
    An API key given to a partner (an app, a newsletter, a syndication client). Only its SHA-256 is
    stored: the key itself is shown once, when the key is made (``api.keys.issue``). A key raises the
    partner's rate limit above the anonymous one; a revoked key is refused.
    """

    name = models.CharField(max_length=120, help_text="Who reads with this key, e.g. “Mobile app (iOS)”.")
    prefix = models.CharField(
        max_length=12, editable=False, help_text="The key's first characters, to tell keys apart."
    )
    digest = models.CharField(max_length=64, unique=True, editable=False)
    requests_per_minute = models.PositiveIntegerField(
        "requests a minute",
        default=default_rate,
        validators=[MinValueValidator(1)],
        help_text="How many requests a minute this key may make.",
    )
    note = models.TextField(blank=True, help_text="For the desk only: contact, contract, what the key is for.")
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+", editable=False
    )
    created_at = models.DateTimeField("created", default=timezone.now, editable=False)
    last_used_at = models.DateTimeField("last used", null=True, blank=True, editable=False)
    revoked_at = models.DateTimeField("revoked", null=True, blank=True, editable=False)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = "API key"

    def __str__(self):
        return f"{self.name} ({self.prefix}…)"

    @property
    def is_active(self):
        return self.revoked_at is None
