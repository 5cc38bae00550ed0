"""
How many frames an uploaded picture holds, and on how large a canvas, read without decoding any of them.

Every frame of an animation is decoded when the upload is checked, so the count
must be known before. Pillow reads it cheaply from the header for animated PNG
(the ``acTL`` chunk) and WebP (libwebp's demuxer), but for GIF its ``n_frames``
parses every frame in Python: 860,000 frames of one pixel each take seconds.
Here a GIF's block structure is walked instead, before Pillow reads any of it,
and the walk stops as soon as the count passes the limit. A GIF frame may reach
past the logical screen, and Pillow then grows the canvas every later frame is
decoded on, so the walk reports the largest canvas as well.
"""

import struct
from dataclasses import dataclass

GIF_SIGNATURES = (b"GIF87a", b"GIF89a")
GIF_TRAILER = ord(";")
GIF_EXTENSION = ord("!")
GIF_IMAGE = ord(",")

# Exporters fill data sub-blocks with 255 bytes; one sub-block per 32 bytes of file (beyond a small allowance
# for animations of tiny frames) is a structure built to keep a parser busy, and Pillow walks sub-blocks in Python.
GIF_BYTES_PER_SUB_BLOCK = 32
GIF_SUB_BLOCK_ALLOWANCE = 4096


class DamagedStructure(ValueError):
    """The file's blocks are not laid out as any exporter writes them."""


@dataclass(frozen=True)
class Frames:
    """The frames of a picture: how many (``limit + 1`` when counting stopped early) and the canvas they share."""

    count: int
    width: int
    height: int

    @property
    def canvas_pixels(self):
        return self.width * self.height

    @property
    def total_pixels(self):
        return self.count * self.canvas_pixels


def is_gif(data):
    return data[:6] in GIF_SIGNATURES


def header_frames(picture):
    """The ``Frames`` of an opened Pillow picture that is not a GIF, as its header states them."""
    width, height = picture.size
    return Frames(count=getattr(picture, "n_frames", 1), width=width, height=height)


def gif_frames(data, limit):
    """
    The ``Frames`` of a GIF file's bytes, counting image descriptors no further than ``limit + 1``.

    Raises ``DamagedStructure`` for stray bytes between blocks (browsers stop
    there, Pillow reads on byte by byte) or a flood of tiny sub-blocks.
    """
    if len(data) < 13:
        raise DamagedStructure("no logical screen")
    width, height, flags = struct.unpack_from("<HHB", data, 6)
    walk = _GifWalk(data)
    walk.position = 13 + _palette_size(flags)
    count = 0
    while count <= limit:
        block = walk.next_byte()
        if block is None or block == GIF_TRAILER:
            break
        if block == GIF_EXTENSION:
            walk.position += 1  # the extension's label
            walk.skip_sub_blocks()
        elif block == GIF_IMAGE:
            if walk.position + 9 > len(data):
                raise DamagedStructure("image descriptor cut short")
            left, top, frame_width, frame_height, frame_flags = struct.unpack_from("<HHHHB", data, walk.position)
            # The descriptor, its own palette and the LZW code size; the pixel data follows in sub-blocks.
            walk.position += 9 + _palette_size(frame_flags) + 1
            walk.skip_sub_blocks()
            count += 1
            width, height = max(width, left + frame_width), max(height, top + frame_height)
        else:
            raise DamagedStructure(f"stray byte {block} at {walk.position - 1}")
    return Frames(count=count, width=width, height=height)


def _palette_size(flags):
    """Bytes of the colour table that a logical screen or image descriptor with these flags carries."""
    return 3 << ((flags & 7) + 1) if flags & 0x80 else 0


class _GifWalk:
    def __init__(self, data):
        self.data = data
        self.position = 0
        self.sub_blocks_left = len(data) // GIF_BYTES_PER_SUB_BLOCK + GIF_SUB_BLOCK_ALLOWANCE

    def next_byte(self):
        if self.position >= len(self.data):
            return None
        self.position += 1
        return self.data[self.position - 1]

    def skip_sub_blocks(self):
        """Move past a chain of data sub-blocks: each a length byte and that many bytes, ending with length 0."""
        data, position, left = self.data, self.position, self.sub_blocks_left
        try:
            size = data[position]
            while size:
                if not left:
                    raise DamagedStructure("a flood of tiny sub-blocks")
                position += size + 1
                left -= 1
                size = data[position]
        except IndexError:
            position = len(data) - 1
        self.position, self.sub_blocks_left = position + 1, left
