"""Pillow helpers shared by uploads and renditions: pixels a browser can show, metadata a reader must not get."""

from PIL import Image as PILImage
from PIL import ImageOps

# Modes whose pixels carry transparency worth keeping.
ALPHA_MODES = {"RGBA", "LA", "PA", "RGBa", "La"}


def has_alpha(picture):
    return picture.mode in ALPHA_MODES or (picture.mode == "P" and "transparency" in picture.info)


def displayable(picture):
    """
    The picture upright and as 8-bit RGB or RGBA.

    Browsers show CMYK JPEGs unreliably and 16-bit or float pixels not at all,
    so everything is brought to the two modes every encoder and browser shares.
    """
    picture = ImageOps.exif_transpose(picture)
    if picture.mode in {"RGB", "RGBA"}:
        return picture
    if picture.mode in {"I;16", "I;16B", "I;16L", "I;16N", "I"}:
        # 16-bit greyscale: scale to 8 bits instead of clipping everything above 255 to white.
        picture = picture.convert("I").point(lambda value: value / 256).convert("L")
    elif picture.mode == "F":
        picture = picture.point(lambda value: value * 255).convert("L")
    return picture.convert("RGBA" if has_alpha(picture) else "RGB")


def on_white(picture):
    """An RGB copy of the picture, transparency flattened onto white (for JPEG)."""
    if picture.mode != "RGBA":
        return picture.convert("RGB")
    background = PILImage.new("RGB", picture.size, (255, 255, 255))
    background.paste(picture, mask=picture.getchannel("A"))
    return background
