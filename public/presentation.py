"""
How the reader's site writes things out: addresses on the public origin, moments in the newsroom's
time zone and the names on a byline. Pages, feeds and structured data share them; the template
filters in ``templatetags`` wrap them.
"""

from django.conf import settings
from django.utils import timezone


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


def author_names(bylines):
    """``Ada Lovelace, Grace Hopper and Mary Jackson`` from a story's bylines."""
    names = [byline.author.name for byline in bylines]
    if len(names) <= 1:
        return "".join(names)
    return f"{', '.join(names[:-1])} and {names[-1]}"
