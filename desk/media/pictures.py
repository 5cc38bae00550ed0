"""
What the desk shows of a library picture: the stored rendition ``Image.rendition`` picks, expired or
not (an editor sees an expired picture so as to replace it), or the original while its renditions are
still being made. Nothing here resizes a picture.
"""

from media.specs import THUMBNAIL_RATIO, THUMBNAIL_WIDTH


def picture_url(image, ratio="free", width=800):
    """The URL of ``image`` at ``ratio`` about ``width`` wide for the desk's pages; "" for no image."""
    if image is None or not image.file:
        return ""
    rendition = image.rendition(ratio, width, include_expired=True)
    return rendition.file.url if rendition else image.file.url


def thumbnail_url(image):
    """The small 3:2 picture of the desk's lists and choosers (prefetch ``Rendition.objects.thumbnails()``)."""
    return picture_url(image, THUMBNAIL_RATIO, THUMBNAIL_WIDTH)
