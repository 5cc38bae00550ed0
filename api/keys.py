"""
Partner keys: made once and shown once, stored as a SHA-256, looked up through the shared cache so
that a request with a key costs no query, and forgotten there the moment a key is revoked.

A key is 32 random bytes: a fast hash is enough to keep a stolen table of digests from being used,
as no guess could find a key behind one.
"""

import hashlib
import secrets
from dataclasses import dataclass

from django.core.cache import cache
from django.utils import timezone

from .models import PartnerKey

KEY_PREFIX = "nk_"
# How long a lookup is kept in the shared cache; revoking a key forgets it at once.
REMEMBERED_FOR = 300
# A key's last use is written at most once a minute: not a write per request.
LAST_USED_EVERY = 60


@dataclass(frozen=True)
class Caller:
    """Who is asking: a partner's key (``key_id``) with its rate, or an anonymous address."""

    identity: str
    requests_per_minute: int
    key_id: int | None = None


def digest(key):
    return hashlib.sha256(key.encode()).hexdigest()


def issue(partner_key):
    """
    Give the unsaved ``partner_key`` a new key, save it and return the key: the only time it exists
    outside the caller's hands. Only its digest and first characters are stored.
    """
    key = KEY_PREFIX + secrets.token_urlsafe(32)
    partner_key.prefix, partner_key.digest = key[:10], digest(key)
    partner_key.full_clean()
    partner_key.save()
    return key


def revoke(partner_key):
    """Stop ``partner_key`` working, everywhere at once; its record stays, with when it was revoked."""
    if partner_key.revoked_at is None:
        partner_key.revoked_at = timezone.now()
        partner_key.save(update_fields=["revoked_at"])


def look_up(key):
    """
    The active ``PartnerKey``'s ``(id, requests_per_minute)`` for ``key``, or None for a wrong or revoked
    one. Only keys found are remembered: a flood of made-up keys leaves nothing in the shared cache.
    """
    hashed = digest(key)
    remembered = cache.get(_cache_key(hashed))
    if remembered is None:
        found = PartnerKey.objects.filter(digest=hashed, revoked_at=None).values_list("pk", "requests_per_minute")
        found = found.first()
        if found is None:
            return None
        remembered = list(found)
        cache.set(_cache_key(hashed), remembered, REMEMBERED_FOR)
    return tuple(remembered)


def note_use(key_id, now=None):
    """Record that key ``key_id`` was used, at most once a minute."""
    if cache.add(f"api:key-used:{key_id}", 1, LAST_USED_EVERY):
        PartnerKey.objects.filter(pk=key_id).update(last_used_at=now or timezone.now())


def forget(sender, instance, **kwargs):
    """A key saved or deleted: no worker answers from what it remembered of it."""
    cache.delete(_cache_key(instance.digest))


def _cache_key(hashed):
    return f"api:key:{hashed}"
