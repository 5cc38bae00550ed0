"""Site-wide template helpers: absolute addresses, stored renditions and JSON-LD blocks."""

import json

from django import template
from django.conf import settings
from django.core.serializers.json import DjangoJSONEncoder
from django.utils import timezone
from django.utils.html import format_html
from django.utils.safestring import mark_safe

from public import pages

register = template.Library()

# The characters that could end a <script> element or open a comment, as JSON escapes.
_SCRIPT_ESCAPES = {ord("<"): "\\u003C", ord(">"): "\\u003E", ord("&"): "\\u0026"}


def absolute_url(url):
    """``url`` on the public origin (``settings.SITE_URL``); URLs that already have one are kept."""
    if not url:
        return ""
    if url.startswith(("http://", "https://")):
        return url
    return f"{settings.SITE_URL}/{url.lstrip('/')}"


@register.filter(name="absolute")
def absolute_filter(url):
    """``{{ story.get_absolute_url|absolute }}``: the address with the public origin."""
    return absolute_url(url)


def local_iso(moment):
    """A moment as ISO 8601 in the newsroom's time zone, to the second, offset included."""
    return timezone.localtime(moment).replace(microsecond=0).isoformat() if moment else ""


@register.filter(name="iso")
def iso_filter(moment):
    """``{{ story.published_at|iso }}``: for ``<time datetime>``, sitemaps and meta tags."""
    return local_iso(moment)


@register.simple_tag
def rendition_for(image, ratio="16x9", fmt="jpeg"):
    """``{% rendition_for image "16x9" as picture %}``: a stored rendition, or None."""
    return pages.stored_rendition(image, ratio=ratio, fmt=fmt)


def json_ld_script(data):
    """A ``<script type="application/ld+json">`` whose text cannot close the element."""
    text = json.dumps(data, cls=DjangoJSONEncoder, ensure_ascii=False, separators=(",", ":"))
    return format_html('<script type="application/ld+json">{}</script>', mark_safe(text.translate(_SCRIPT_ESCAPES)))  # noqa: S308


@register.simple_tag
def json_ld(data):
    """``{% json_ld data %}``: structured data built as a dict in Python."""
    return json_ld_script(data)
