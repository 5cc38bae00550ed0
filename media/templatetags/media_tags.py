"""
``{% picture %}``: a responsive ``<picture>`` for a library image, from renditions already made
(``media.markup``); ``{% rendition %}``: one stored rendition, for link previews.

Both ask the image (``Image.renditions_at``, ``Image.rendition``), which reads the
renditions ``read_renditions`` gave it, or ``image.renditions.all()``: a page that
reads or prefetches them first renders any number of pictures without a query, and
nothing is resized while a reader waits.
"""

from django import template

from media import markup

register = template.Library()


@register.simple_tag
def picture(image, ratio="16x9", sizes="100vw", loading="lazy", alt=None, css_class="", absolute=False):
    """
    Render ``image`` as ``<picture>`` with WebP and JPEG ``srcset`` in ``ratio``.

    Nothing for no image or an expired one; while its renditions are being
    made, a crop of an earlier focal point or the original (``media.markup``).
    ``alt`` defaults to the image's alt text (pass "" for a decorative picture).
    ``loading="eager"`` also asks for high fetch priority, for the picture a
    reader sees first; ``absolute``: addresses on the public origin.
    """
    try:
        return markup.picture(image, ratio, sizes, loading, alt, css_class, absolute)
    except ValueError as error:
        raise template.TemplateSyntaxError(str(error)) from None


@register.simple_tag
def rendition(image, ratio="16x9", fmt="jpeg"):
    """``{% rendition story.hero "16x9" as share_image %}``: the widest stored rendition, or None."""
    return image.rendition(ratio, fmt=fmt) if image is not None else None
