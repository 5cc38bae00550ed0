"""
The HTML of a library picture on a reader's page: a responsive ``<picture>`` from renditions already
made, WebP and JPEG ``srcset`` with an 800-pixel fallback. The ``{% picture %}`` tag and the teasers
of the reader's listings write it.

It asks the image (``Image.renditions_at``, ``closest_rendition``), which reads the renditions
``read_renditions`` gave it, or ``image.renditions.all()``: a page that reads its pictures' renditions
first writes any number of them without a query, and nothing is resized while a reader waits.

A listing writes dozens of pictures, so the markup is built as text with one escape per value rather
than by ``format_html`` per attribute (a third of the time); the result is the same.
"""

import html

from django.conf import settings
from django.utils.safestring import mark_safe

from .models import closest_rendition
from .specs import RATIOS

# The width of the ``src`` fallback for browsers without srcset.
DEFAULT_WIDTH = 800


def picture(image, ratio="16x9", sizes="100vw", loading="lazy", alt=None, css_class="", absolute=False):
    """
    ``image`` as ``<picture>`` with WebP and JPEG ``srcset`` in ``ratio``.

    Nothing for no image or an expired one. While its renditions are being made, one ``<img>``: the widest
    crop of an earlier focal point (``Image.stand_in``), else the original file, each with its own width
    and height for the browser to scale. ``alt`` defaults to the image's alt text (pass "" for a
    decorative picture). ``loading="eager"`` also asks for high fetch priority, for the picture a reader
    sees first. ``absolute``: every address on the public origin (``settings.SITE_URL``), for HTML read
    off the site. Raises ``ValueError`` for a ratio renditions are not made in.
    """
    if image is None or not image.file or image.is_expired():
        return ""
    if ratio not in RATIOS:
        raise ValueError(f"picture: unknown ratio {ratio!r}")
    alt_text = image.alt_text if alt is None else alt
    priority = "high" if loading == "eager" else None

    # The expiry was checked above: the renditions are asked for without checking it again.
    jpegs = image.renditions_at(ratio, "jpeg", include_expired=True)
    if not jpegs:
        # Its renditions are still being made: a stand-in, else the original, that the browser scales.
        shown = image.stand_in(ratio) or image
        return _img(
            _address(shown.file.url, absolute), shown.width, shown.height, alt_text, loading, priority, css_class
        )

    fallback = closest_rendition(jpegs, DEFAULT_WIDTH)
    webps = image.renditions_at(ratio, "webp", include_expired=True)
    webp_source = (
        f'<source type="image/webp" srcset="{_srcset(webps, absolute)}" sizes="{escaped(sizes)}">' if webps else ""
    )
    img = _img(
        _address(fallback.file.url, absolute),
        fallback.width,
        fallback.height,
        alt_text,
        loading,
        priority,
        css_class,
        srcset=_srcset(jpegs, absolute),
        sizes=sizes,
    )
    return mark_safe(f"<picture>{webp_source}{img}</picture>")  # noqa: S308 (every value escaped)


def escaped(value):
    """``value`` for HTML text or a quoted attribute: escaped unless marked safe, as templates have it."""
    return value.__html__() if hasattr(value, "__html__") else html.escape(str(value))


def _srcset(renditions, absolute=False):
    return ", ".join(
        f"{escaped(_address(rendition.file.url, absolute))} {rendition.width}w" for rendition in renditions
    )


def _address(url, absolute):
    if absolute and not url.startswith(("http://", "https://")):
        return f"{settings.SITE_URL}/{url.lstrip('/')}"
    return url


def _img(src, width, height, alt, loading, priority, css_class, srcset=None, sizes=None):
    """An ``<img>`` whose every value is escaped; ``srcset`` is already."""
    attributes = f'src="{escaped(src)}"'
    if srcset:
        attributes += f' srcset="{srcset}" sizes="{escaped(sizes)}"'
    attributes += f' width="{width}" height="{height}" alt="{escaped(alt)}" loading="{escaped(loading)}"'
    attributes += ' decoding="async"'
    if priority:
        attributes += f' fetchpriority="{priority}"'
    if css_class:
        attributes += f' class="{escaped(css_class)}"'
    return mark_safe(f"<img {attributes}>")  # noqa: S308 (every value escaped)
