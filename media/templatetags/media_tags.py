"""
``{% picture %}``: a responsive ``<picture>`` for a library image, from renditions already made;
``{% rendition %}``: one stored rendition, for link previews.

Both ask the image (``Image.renditions_at``, ``Image.rendition``), which reads
``image.renditions.all()`` only: a page that prefetches ``hero_image__renditions``
renders any number of pictures without a query, and nothing is resized while a
reader waits.
"""

import html

from django import template
from django.utils.safestring import mark_safe

from media.specs import RATIOS

register = template.Library()

# The width of the ``src`` fallback for browsers without srcset.
DEFAULT_WIDTH = 800


@register.simple_tag
def picture(image, ratio="16x9", sizes="100vw", loading="lazy", alt=None, css_class=""):
    """
    Render ``image`` as ``<picture>`` with WebP and JPEG ``srcset`` in ``ratio``.

    Nothing for no image or an expired one; the original file when no
    rendition exists yet. ``alt`` defaults to the image's alt text (pass "" for
    a decorative picture). ``loading="eager"`` also asks for high fetch priority,
    for the picture a reader sees first.
    """
    if image is None or not image.file or image.is_expired():
        return ""
    if ratio not in RATIOS:
        raise template.TemplateSyntaxError(f"picture: unknown ratio {ratio!r}")
    alt_text = image.alt_text if alt is None else alt
    priority = "high" if loading == "eager" else None

    # The expiry was checked above: the renditions are asked for without checking it again.
    jpegs = image.renditions_at(ratio, "jpeg", include_expired=True)
    if not jpegs:
        return _img(image.file.url, image.width, image.height, alt_text, loading, priority, css_class)

    fallback = image.rendition(ratio, DEFAULT_WIDTH, include_expired=True)
    webps = image.renditions_at(ratio, "webp", include_expired=True)
    webp_source = f'<source type="image/webp" srcset="{_srcset(webps)}" sizes="{_escaped(sizes)}">' if webps else ""
    img = _img(
        fallback.file.url,
        fallback.width,
        fallback.height,
        alt_text,
        loading,
        priority,
        css_class,
        srcset=_srcset(jpegs),
        sizes=sizes,
    )
    return mark_safe(f"<picture>{webp_source}{img}</picture>")  # noqa: S308 (every value escaped)


@register.simple_tag
def rendition(image, ratio="16x9", fmt="jpeg"):
    """``{% rendition story.hero "16x9" as share_image %}``: the widest stored rendition, or None."""
    return image.rendition(ratio, fmt=fmt) if image is not None else None


def _escaped(value):
    """``value`` for a double-quoted attribute: escaped unless marked safe, as ``format_html`` has it, at less cost."""
    return value.__html__() if hasattr(value, "__html__") else html.escape(str(value))


def _srcset(renditions):
    return ", ".join(f"{_escaped(rendition.file.url)} {rendition.width}w" for rendition in renditions)


def _img(src, width, height, alt, loading, priority, css_class, srcset=None, sizes=None):
    """An ``<img>`` whose every value is escaped; ``srcset`` is already."""
    attributes = f'src="{_escaped(src)}"'
    if srcset:
        attributes += f' srcset="{srcset}" sizes="{_escaped(sizes)}"'
    attributes += f' width="{width}" height="{height}" alt="{_escaped(alt)}" loading="{_escaped(loading)}"'
    attributes += ' decoding="async"'
    if priority:
        attributes += f' fetchpriority="{priority}"'
    if css_class:
        attributes += f' class="{_escaped(css_class)}"'
    return mark_safe(f"<img {attributes}>")  # noqa: S308 (every value escaped)
