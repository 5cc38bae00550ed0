"""
``{% picture %}``: a responsive ``<picture>`` for a library image, from renditions already made;
``{% rendition %}``: one stored rendition, for link previews.

Both ask the image (``Image.renditions_at``, ``Image.rendition``), which reads
``image.renditions.all()`` only: a page that prefetches ``hero_image__renditions``
renders any number of pictures without a query, and nothing is resized while a
reader waits.
"""

from django import template
from django.utils.html import format_html, format_html_join

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

    jpegs = image.renditions_at(ratio, "jpeg")
    if not jpegs:
        return _img(image.file.url, image.width, image.height, alt_text, loading, priority, css_class)

    fallback = image.rendition(ratio, DEFAULT_WIDTH)
    webps = image.renditions_at(ratio, "webp")
    webp_source = (
        format_html('<source type="image/webp" srcset="{}" sizes="{}">', _srcset(webps), sizes) if webps else ""
    )
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
    return format_html("<picture>{}{}</picture>", webp_source, img)


@register.simple_tag
def rendition(image, ratio="16x9", fmt="jpeg"):
    """``{% rendition story.hero "16x9" as share_image %}``: the widest stored rendition, or None."""
    return image.rendition(ratio, fmt=fmt) if image is not None else None


def _srcset(renditions):
    return format_html_join(", ", "{} {}w", ((r.file.url, r.width) for r in renditions))


def _img(src, width, height, alt, loading, priority, css_class, srcset=None, sizes=None):
    attributes = [("src", src)]
    if srcset:
        attributes += [("srcset", srcset), ("sizes", sizes)]
    attributes += [("width", width), ("height", height), ("alt", alt), ("loading", loading), ("decoding", "async")]
    if priority:
        attributes.append(("fetchpriority", priority))
    if css_class:
        attributes.append(("class", css_class))
    return format_html("<img {}>", format_html_join(" ", '{}="{}"', attributes))
