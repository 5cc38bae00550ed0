"""Picture files built with Pillow for the media tests: real bytes, every format and flaw the library meets."""

import io
import struct
import zlib

from PIL import Image as PILImage
from PIL import ImageDraw

GPS_IFD = 0x8825
ORIENTATION = 0x0112


def drawn(size=(900, 600), mode="RGB"):
    """A picture with a red square in its top-left quarter and a blue one in its bottom-right."""
    picture = PILImage.new("RGB", size, (235, 235, 225))
    draw = ImageDraw.Draw(picture)
    width, height = size
    draw.rectangle((0, 0, width // 4, height // 4), fill=(220, 30, 30))
    draw.rectangle((width * 3 // 4, height * 3 // 4, width, height), fill=(30, 30, 220))
    return picture.convert(mode) if mode != "RGB" else picture


def encode(picture, fmt, **options):
    buffer = io.BytesIO()
    picture.save(buffer, fmt, **options)
    return buffer.getvalue()


def gps_exif(orientation=None):
    """EXIF naming a camera and a place (latitude and longitude), optionally rotated."""
    exif = PILImage.Exif()
    exif[0x010F] = "Orbital Camera Works"  # Make
    if orientation:
        exif[ORIENTATION] = orientation
    exif[GPS_IFD] = {
        1: "N",
        2: (28.0, 34.0, 27.0),
        3: "W",
        4: (80.0, 38.0, 58.0),
    }
    return exif


def jpeg_with_gps(size=(900, 600), orientation=None):
    return encode(drawn(size), "JPEG", quality=90, exif=gps_exif(orientation))


def truncated_jpeg(size=(900, 600)):
    data = encode(drawn(size), "JPEG", quality=90)
    return data[: len(data) // 2]


def declared_size_png(width, height):
    """A tiny PNG file whose header claims ``width`` x ``height`` pixels: a decompression bomb's shape."""
    data = bytearray(encode(PILImage.new("L", (1, 1)), "PNG"))
    # IHDR starts after the 8-byte signature, its length and its type: patch the size and the CRC.
    start = 8 + 4 + 4
    data[start : start + 8] = struct.pack(">II", width, height)
    crc = zlib.crc32(bytes(data[12 : start + 13])) & 0xFFFFFFFF
    data[start + 13 : start + 17] = struct.pack(">I", crc)
    return bytes(data)


SVG_WITH_SCRIPT = (
    b'<?xml version="1.0"?>\n<svg xmlns="http://www.w3.org/2000/svg" width="100" height="100">'
    b'<script>alert(document.cookie)</script><rect width="100" height="100"/></svg>'
)

HTML_PAGE = b"<!DOCTYPE html><html><body><script>alert(document.cookie)</script></body></html>"


def xmp_packet(**fields):
    """An XMP packet with Dublin Core and Photoshop fields, as agencies write them."""

    def alt(name, value):
        return f'<dc:{name}><rdf:Alt><rdf:li xml:lang="x-default">{value}</rdf:li></rdf:Alt></dc:{name}>'

    parts = [alt(name, fields[name]) for name in ("description", "rights", "title") if name in fields]
    if "creator" in fields:
        parts.append(f"<dc:creator><rdf:Seq><rdf:li>{fields['creator']}</rdf:li></rdf:Seq></dc:creator>")
    attributes = "".join(
        f' photoshop:{name.title()}="{fields[name]}"' for name in ("credit", "source") if name in fields
    )
    return (
        '<?xpacket begin="\ufeff" id="W5M0MpCehiHzreSzNTczkc9d"?>'
        '<x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">'
        '<rdf:Description rdf:about="" xmlns:dc="http://purl.org/dc/elements/1.1/"'
        f' xmlns:photoshop="http://ns.adobe.com/photoshop/1.0/"{attributes}>'
        + "".join(parts)
        + '</rdf:Description></rdf:RDF></x:xmpmeta><?xpacket end="w"?>'
    ).encode()


def iptc_segment(records):
    """An APP13 Photoshop segment holding IPTC-IIM datasets ``{(2, 120): "caption", ...}``."""
    iim = b""
    for (record, dataset), value in records.items():
        raw = value.encode()
        iim += struct.pack(">BBBH", 0x1C, record, dataset, len(raw)) + raw
    resource = b"8BIM" + struct.pack(">H", 0x0404) + b"\x00\x00" + struct.pack(">I", len(iim)) + iim
    if len(iim) % 2:
        resource += b"\x00"
    body = b"Photoshop 3.0\x00" + resource
    return b"\xff\xed" + struct.pack(">H", len(body) + 2) + body


def jpeg_with_iptc(records, size=(900, 600)):
    """A JPEG carrying IPTC-IIM metadata in an APP13 segment right after its start marker."""
    data = encode(drawn(size), "JPEG", quality=90)
    return data[:2] + iptc_segment(records) + data[2:]


# One pixel of LZW data (code size 2: clear, colour 0, end), in one sub-block and its terminator.
ONE_PIXEL_LZW = b"\x02\x02\x44\x01\x00"


def crafted_gif(screen=(1, 1), frames=((0, 0, 1, 1),), between=b""):
    """
    A GIF written byte by byte: a logical screen, a two-colour palette, then per frame a graphic control
    extension and an image descriptor ``(left, top, width, height)`` holding one pixel of data.

    Quick to build with hundreds of thousands of frames, as a hostile upload would be; ``between`` goes
    after each frame.
    """
    header = b"GIF89a" + struct.pack("<HHBBB", *screen, 0x80, 0, 0) + b"\x00\x00\x00\xff\xff\xff"
    control = b"\x21\xf9\x04\x00\x0a\x00\x00\x00"
    body = b"".join(control + b"\x2c" + struct.pack("<HHHHB", *frame, 0) + ONE_PIXEL_LZW + between for frame in frames)
    return header + body + b"\x3b"


def gif_of_tiny_frames(count):
    """``count`` frames of one pixel each: 860,000 of them make a 19.8 MB file."""
    header = crafted_gif(frames=())[:-1]
    frame = crafted_gif()[len(header) : -1]
    return header + frame * count + b"\x3b"


def animation(fmt, frames, size=(120, 80)):
    """A real animation drawn with Pillow: ``frames`` frames, each a different shade, in GIF, PNG or WebP."""
    pictures = [drawn(size).point(lambda value, shift=index * 20: (value + shift) % 256) for index in range(frames)]
    if fmt == "GIF":
        pictures = [picture.convert("P") for picture in pictures]
    return encode(pictures[0], fmt, save_all=True, append_images=pictures[1:], duration=100, loop=0)
