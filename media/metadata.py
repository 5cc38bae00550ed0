"""
Caption, credit, source and title from a picture's own metadata, as wire agencies write them.

XMP (Dublin Core and Photoshop namespaces) is read first, then IPTC-IIM. The
credit is the agency's credit line, else the creator (byline), else the
copyright notice. Everything read here is a suggestion for empty fields; the
journalist has the last word.
"""

import re
from dataclasses import dataclass, fields

from defusedxml import ElementTree
from PIL import IptcImagePlugin

NS = {
    "dc": "http://purl.org/dc/elements/1.1/",
    "photoshop": "http://ns.adobe.com/photoshop/1.0/",
    "rdf": "http://www.w3.org/1999/02/22-rdf-syntax-ns#",
}
XMP_KEYS = ("xmp", "XML:com.adobe.xmp")

# IPTC-IIM datasets of record 2 (application record).
IPTC_OBJECT_NAME = (2, 5)
IPTC_BYLINE = (2, 80)
IPTC_HEADLINE = (2, 105)
IPTC_CREDIT = (2, 110)
IPTC_SOURCE = (2, 115)
IPTC_COPYRIGHT = (2, 116)
IPTC_CAPTION = (2, 120)

_CONTROL_CHARACTERS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


@dataclass
class PictureMetadata:
    title: str = ""
    caption: str = ""
    credit: str = ""
    source: str = ""

    def __bool__(self):
        return any(getattr(self, field.name) for field in fields(self))


def read_metadata(picture):
    """The ``PictureMetadata`` a Pillow image carries (empty strings where it says nothing)."""
    xmp, iptc = _xmp_values(picture), _iptc_values(picture)

    def first(*values):
        return next((value for value in values if value), "")

    return PictureMetadata(
        title=first(xmp.get("title"), xmp.get("headline"), iptc.get("title"), iptc.get("headline")),
        caption=first(xmp.get("caption"), iptc.get("caption")),
        credit=first(
            xmp.get("credit"),
            iptc.get("credit"),
            xmp.get("creator"),
            iptc.get("creator"),
            xmp.get("rights"),
            iptc.get("rights"),
        ),
        source=first(xmp.get("source"), iptc.get("source")),
    )


def _clean(text):
    return " ".join(_CONTROL_CHARACTERS.sub("", text).split())


def _decode(raw):
    if isinstance(raw, list):
        raw = raw[0] if raw else b""
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError:
        # Older wire pictures are Latin-1 without saying so.
        return raw.decode("latin-1")


def _iptc_values(picture):
    try:
        info = IptcImagePlugin.getiptcinfo(picture) or {}
    except (OSError, SyntaxError, ValueError, IndexError):
        return {}
    datasets = {
        "title": IPTC_OBJECT_NAME,
        "headline": IPTC_HEADLINE,
        "creator": IPTC_BYLINE,
        "credit": IPTC_CREDIT,
        "source": IPTC_SOURCE,
        "rights": IPTC_COPYRIGHT,
        "caption": IPTC_CAPTION,
    }
    return {name: _clean(_decode(info[key])) for name, key in datasets.items() if key in info}


def _xmp_values(picture):
    packet = next((picture.info[key] for key in XMP_KEYS if picture.info.get(key)), None)
    if packet is None:
        return {}
    if isinstance(packet, str):
        packet = packet.encode("utf-8")
    try:
        root = ElementTree.fromstring(packet.strip(b"\x00 \t\r\n"))
    except (ElementTree.ParseError, ValueError):
        return {}
    properties = {
        "title": "dc:title",
        "headline": "photoshop:Headline",
        "caption": "dc:description",
        "creator": "dc:creator",
        "rights": "dc:rights",
        "credit": "photoshop:Credit",
        "source": "photoshop:Source",
    }
    values = {}
    for description in root.iter(f"{{{NS['rdf']}}}Description"):
        for name, prop in properties.items():
            text = _property(description, prop)
            if text and name not in values:
                values[name] = text
    return values


def _property(description, prop):
    """A property written as an attribute, a simple element, or the first item of an Alt/Seq/Bag list."""
    prefix, local = prop.split(":")
    qualified = f"{{{NS[prefix]}}}{local}"
    if qualified in description.attrib:
        return _clean(description.attrib[qualified])
    element = description.find(qualified)
    if element is None:
        return ""
    item = element.find(".//rdf:li", NS)
    return _clean((item if item is not None else element).text or "")
