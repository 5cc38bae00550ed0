"""
Rate limits: so many requests a minute per caller (a partner's key, else the address asking), counted
in the shared cache (Redis in production) so that every worker counts against the same number.

A window is a calendar minute; its counter is one atomic increment in the shared cache.
"""

import time
from dataclasses import dataclass

from django.core.cache import cache

WINDOW = 60


@dataclass(frozen=True)
class Allowance:
    """What a caller has left in this window: ``allowed``, the ``limit``, ``remaining`` and ``reset`` (seconds)."""

    allowed: bool
    limit: int
    remaining: int
    reset: int


def take(identity, limit, now=None):
    """Count one request of ``identity`` against ``limit`` a minute; the ``Allowance`` after it."""
    now = time.time() if now is None else now
    window = int(now // WINDOW)
    key = f"api:rate:{identity}:{window}"
    try:
        used = cache.incr(key)
    except ValueError:
        # The window's first request (or its counter let go): start it, unless another worker just did.
        used = 1 if cache.add(key, 1, WINDOW + 5) else cache.incr(key)
    reset = max(1, int((window + 1) * WINDOW - now + 0.999))
    return Allowance(used <= limit, limit, max(0, limit - used), reset)
