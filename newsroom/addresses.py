"""
``reverse`` for the addresses a page names by the dozen: every teaser links its story and its section,
and every page lists the sections. Django's ``reverse`` costs some 20 µs; an address kept here a
third of that, so a home page of 67 teasers saves a couple of milliseconds.

An address is kept per process under everything ``reverse`` reads besides its arguments: the URLconf
(the request's own, or ``ROOT_URLCONF``), the script prefix the site is served under, and the active
language (for translated patterns).
"""

import functools

from django.conf import settings
from django.urls import get_script_prefix, get_urlconf, reverse
from django.utils.translation import get_language

# Addresses kept per process, the least recently named dropped first: a few hundred kilobytes.
KEPT_ADDRESSES = 4096


def address(viewname, **kwargs):
    """``reverse(viewname, kwargs=kwargs)``, kept; the arguments must be strings or numbers."""
    key = (get_urlconf() or settings.ROOT_URLCONF, get_script_prefix(), get_language())
    return _reversed(key, viewname, tuple(kwargs.items()))


@functools.lru_cache(maxsize=KEPT_ADDRESSES)
def _reversed(key, viewname, arguments):
    urlconf, _prefix, _language = key
    return reverse(viewname, urlconf=urlconf, kwargs=dict(arguments))
