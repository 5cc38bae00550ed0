"""
The stored original of an upload: upright, showable, and without the place it was taken.

A file with no metadata and plain pixels is kept byte for byte. Anything else
is re-encoded once, in its own format: EXIF orientation applied, CMYK and
16-bit pixels brought to 8-bit RGB, and EXIF reduced to a few descriptive
tags, so GPS coordinates, maker notes and XMP packets never reach the disk.
"""

import io

from PIL import Image as PILImage

from .imaging import displayable

# EXIF tags worth keeping on the original: what it shows, who made it, with what, when.
KEPT_EXIF_TAGS = {
    0x010E: "ImageDescription",
    0x010F: "Make",
    0x0110: "Model",
    0x0132: "DateTime",
    0x013B: "Artist",
    0x8298: "Copyright",
}

# Modes each format stores as browsers expect them.
PLAIN_MODES = {
    "JPEG": {"RGB", "L"},
    "PNG": {"RGB", "RGBA", "L", "LA", "P", "1"},
    "GIF": {"P", "L"},
    "WEBP": {"RGB", "RGBA"},
}

XMP_KEYS = ("xmp", "XML:com.adobe.xmp")

_SAVE_OPTIONS = {
    "JPEG": {"quality": 92, "optimize": True},
    "PNG": {"optimize": True},
    "GIF": {},
    "WEBP": {"quality": 90},
}


def prepare_original(checked):
    """The bytes to store for a ``CheckedPicture``: its own, or a clean re-encoding when needed."""
    with PILImage.open(io.BytesIO(checked.data)) as picture:
        if picture.format == "MPO":
            # A camera's multi-picture JPEG (a second view, an HDR gain map): browsers show the first picture only.
            return _reencode(picture, "JPEG")
        if not _needs_cleaning(picture):
            return checked.data
        if getattr(picture, "n_frames", 1) > 1:
            return _reencode_animation(picture)
        return _reencode(picture)


def _needs_cleaning(picture):
    has_metadata = bool(picture.getexif()) or any(key in picture.info for key in XMP_KEYS)
    return has_metadata or picture.mode not in PLAIN_MODES[picture.format]


def _reencode(picture, fmt=None):
    fmt = fmt or picture.format
    kept = _kept_exif(picture.getexif())
    icc_profile = picture.info.get("icc_profile") if picture.mode in {"RGB", "RGBA", "L"} else None
    upright = displayable(picture)
    if fmt == "JPEG" and upright.mode != "RGB":
        upright = upright.convert("RGB")
    upright.info = {}
    options = dict(_SAVE_OPTIONS[fmt])
    if len(kept) and fmt != "GIF":
        options["exif"] = kept
    if icc_profile and fmt != "GIF":
        options["icc_profile"] = icc_profile
    buffer = io.BytesIO()
    upright.save(buffer, fmt, **options)
    return buffer.getvalue()


def _reencode_animation(picture):
    # Frames keep their timing; only the metadata goes (orientation tags on animations are rare).
    fmt = picture.format
    picture.info = {key: value for key, value in picture.info.items() if key in {"duration", "loop"}}
    buffer = io.BytesIO()
    picture.save(buffer, fmt, save_all=True)
    return buffer.getvalue()


def _kept_exif(exif):
    kept = PILImage.Exif()
    for tag in KEPT_EXIF_TAGS:
        if tag in exif:
            kept[tag] = exif[tag]
    return kept
