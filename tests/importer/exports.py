"""
WordPress exports for the importer's tests: the real ones in ``../shared/wxr/`` with the picture files
they name drawn by Pillow, small exports written here for one case each, and a way to run the command.
"""

import io
import re
from pathlib import Path
from urllib.parse import unquote, urlsplit
from xml.sax.saxutils import escape

from django.core.management import call_command
from PIL import Image as PILImage
from PIL import ImageDraw

from tests.media.pictures import xmp_packet

SHARED = Path(__file__).resolve().parents[3] / "shared" / "wxr"
THEME_UNIT_TEST = SHARED / "themeunittestdata.wordpress.xml"
BLOCKS = SHARED / "64-block-test-data.xml"
SMALL_SITE = SHARED / "small-export.xml"
WXR_1_1 = SHARED / "valid-wxr-1.1.xml"
SIMPLEST = SHARED / "wxr-simple.xml"
UTF8 = SHARED / "wxr-utf-8-challenges.xml"
MALFORMED = SHARED / "malformed-simple.xml"
PICTURE_FORMATS = {".jpg": "JPEG", ".jpeg": "JPEG", ".png": "PNG", ".gif": "GIF", ".webp": "WEBP"}


def attachment_urls(export):
    """The files an export's attachments name, read straight from its text."""
    return re.findall(r"<wp:attachment_url>(?:<!\[CDATA\[)?([^<\]]+)", Path(export).read_text(encoding="utf-8"))


def place_in_uploads(uploads, url, data):
    """Put ``data`` where a copy of wp-content/uploads holds the file at ``url``."""
    path = unquote(urlsplit(url).path)
    at = path.rfind("/uploads/")
    target = Path(uploads) / (path[at + len("/uploads/") :] if at != -1 else path.lstrip("/"))
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_bytes(data)
    return target


def drawn_picture(fmt="JPEG", size=(160, 120), seed=0, **options):
    """A small real picture: a coloured field with a band across it, different for each seed."""
    picture = PILImage.new("RGB", size, ((seed * 53) % 256, (seed * 97) % 256, 140))
    ImageDraw.Draw(picture).rectangle((0, size[1] // 3, size[0], size[1] // 2), fill=(250, 240, 220))
    if fmt == "GIF":
        picture = picture.convert("P")
    buffer = io.BytesIO()
    picture.save(buffer, fmt, **options)
    return buffer.getvalue()


def uploads_for(export, uploads, credits=None):
    """
    Draw every picture file ``export`` names into ``uploads``; ``credits`` maps a file name to the credit
    its XMP carries. Files that are not pictures (audio, video) get bytes that are not one either.
    """
    credits = credits or {}
    for seed, url in enumerate(attachment_urls(export)):
        name = Path(urlsplit(url).path).name
        fmt = PICTURE_FORMATS.get(Path(name).suffix.lower())
        if fmt is None:
            data = b"ID3\x03\x00\x00\x00 not a picture"
        elif name in credits:
            data = drawn_picture(fmt, seed=seed, xmp=xmp_packet(credit=credits[name]))
        else:
            data = drawn_picture(fmt, seed=seed)
        place_in_uploads(uploads, url, data)
    return uploads


def run_import(export, *options):
    """``manage.py import_wordpress`` as an operator runs it; what it printed."""
    out, err = io.StringIO(), io.StringIO()
    call_command("import_wordpress", str(export), *options, stdout=out, stderr=err)
    return out.getvalue()


def item(
    post_id,
    title,
    content="",
    *,
    post_type="post",
    status="publish",
    slug=None,
    date="2019-04-02 14:30:00",
    creator="editor",
    excerpt="",
    categories=(),
    tags=(),
    co_authors=(),
    meta=None,
    attachment_url="",
    link=None,
):
    """One ``<item>`` of an export."""
    slug = slug if slug is not None else re.sub(r"[^a-z0-9]+", "-", title.lower()).strip("-")
    terms = [("category", nicename, name) for nicename, name in categories]
    terms += [("post_tag", nicename, name) for nicename, name in tags]
    terms += [("author", f"cap-{login}", login) for login in co_authors]
    meta_xml = "".join(
        f"<wp:postmeta><wp:meta_key>{escape(key)}</wp:meta_key><wp:meta_value><![CDATA[{value}]]></wp:meta_value>"
        "</wp:postmeta>"
        for key, value in (meta or {}).items()
    )
    return f"""
<item>
  <title>{escape(title)}</title>
  <link>{escape(link or f"https://news.example/{date[:4]}/{date[5:7]}/{slug}/")}</link>
  <dc:creator><![CDATA[{creator}]]></dc:creator>
  <guid isPermaLink="false">https://news.example/?p={post_id}</guid>
  <content:encoded><![CDATA[{content}]]></content:encoded>
  <excerpt:encoded><![CDATA[{excerpt}]]></excerpt:encoded>
  <wp:post_id>{post_id}</wp:post_id>
  <wp:post_date>{date}</wp:post_date>
  <wp:post_date_gmt>{date}</wp:post_date_gmt>
  <wp:post_name>{escape(slug)}</wp:post_name>
  <wp:status>{status}</wp:status>
  <wp:post_type>{post_type}</wp:post_type>
  <wp:post_password></wp:post_password>
  {f"<wp:attachment_url>{escape(attachment_url)}</wp:attachment_url>" if attachment_url else ""}
  {"".join(f'<category domain="{d}" nicename="{escape(n)}"><![CDATA[{v}]]></category>' for d, n, v in terms)}
  {meta_xml}
</item>"""


def write_export(path, *items, authors=(("editor", "Ada Reporter"),), title="The Harbour Gazette"):
    """A WXR 1.2 file of ``items`` from https://news.example, with its authors (login, display name)."""
    people = "".join(
        f"<wp:author><wp:author_login>{login}</wp:author_login><wp:author_email>{login}@news.example"
        f"</wp:author_email><wp:author_display_name><![CDATA[{name}]]></wp:author_display_name></wp:author>"
        for login, name in authors
    )
    Path(path).write_text(
        f"""<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0" xmlns:excerpt="http://wordpress.org/export/1.2/excerpt/"
 xmlns:content="http://purl.org/rss/1.0/modules/content/" xmlns:dc="http://purl.org/dc/elements/1.1/"
 xmlns:wp="http://wordpress.org/export/1.2/">
<channel>
<title>{escape(title)}</title>
<link>https://news.example</link>
<wp:wxr_version>1.2</wp:wxr_version>
<wp:base_site_url>https://news.example</wp:base_site_url>
<wp:base_blog_url>https://news.example</wp:base_blog_url>
{people}
{"".join(items)}
</channel>
</rss>
""",
        encoding="utf-8",
    )
    return Path(path)
