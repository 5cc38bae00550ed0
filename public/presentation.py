"""
How the reader's site writes things out: addresses on the public origin, moments in the newsroom's
time zone and the names on a byline. Pages, feeds and structured data share them; the template
filters in ``templatetags`` wrap them.
"""

import functools

from django.conf import settings
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import get_language


def absolute_url(url):
    """``url`` on the public origin (``settings.SITE_URL``); URLs that already have one are kept."""
    if not url:
        return ""
    if url.startswith(("http://", "https://")):
        return url
    return f"{settings.SITE_URL}/{url.lstrip('/')}"


def local_iso(moment):
    """A moment as ISO 8601 in the newsroom's time zone, to the second, offset included."""
    return timezone.localtime(moment).replace(microsecond=0).isoformat() if moment else ""


def local_day(moment):
    """``November 28, 2026``: the day of a moment in the newsroom's time zone, as the active language writes it."""
    return _day(timezone.localtime(moment).date(), get_language()) if moment else ""


@functools.lru_cache(maxsize=1024)
def _day(day, language):
    # A listing shows a few days dozens of times; Django's date formatting is the dearest part of a teaser.
    return date_format(day, "F j, Y")


def author_names(bylines):
    """``Ada Lovelace, Grace Hopper and Mary Jackson`` from a story's bylines."""
    names = [byline.author.name for byline in bylines]
    if len(names) <= 1:
        return "".join(names)
    return f"{', '.join(names[:-1])} and {names[-1]}"
