"""
The shapes, widths and formats renditions come in, and the names they are stored under.

Shared by the code that makes renditions (``media.renditions``) and the code
that picks one for a page (``Image.rendition``), so both speak of a rendition
the same way.
"""

RATIOS = {"16x9": (16, 9), "1x1": (1, 1), "3x2": (3, 2), "free": None}
WIDTHS = (480, 800, 1200, 1600)
FORMATS = {"jpeg": "jpg", "webp": "webp"}

# Where rendition files are stored: the one folder object storage serves to readers (``media.storage``).
RENDITIONS_FOLDER = "images/renditions/"

# The admin lists' thumbnail: small, and the same shape on every row.
THUMBNAIL_RATIO = "3x2"
THUMBNAIL_WIDTH = 160

# Ratios pages use, made for every image: heroes and teasers, headshots, cards, body figures.
STANDARD_RATIOS = ("16x9", "1x1", "3x2", "free")


def spec_name(ratio, width):
    """The ``spec`` a rendition is stored under, e.g. ``16x9-800``."""
    return f"{ratio}-{width}"


def spec_prefix(ratio):
    """What the ``spec`` of every rendition at ``ratio`` starts with, e.g. ``16x9-``."""
    return f"{ratio}-"


def focal_key(image, ratio):
    """What a rendition's crop depends on: the focal point, or nothing for the uncropped ratio."""
    if RATIOS[ratio] is None:
        return "none"
    return f"{image.focal_x:.3f},{image.focal_y:.3f}"
