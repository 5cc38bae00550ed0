"""
WordPress's markup that is not HTML: shortcodes (``[caption]``, ``[gallery]``, ``[embed]`` and any
other), the block editor's embed comments, and the blank lines that are a classic post's paragraphs.
Each becomes HTML a story body can hold, or is left out, and noted (``notes``, a ``bodies.BodyNotes``).
"""

import html
import json
import re

# Shortcodes WordPress and its common plugins define; a bracketed word with no attributes and no
# closing tag that is not one of these ("[sic]", "[1]") is the writer's text, as WordPress shows it.
KNOWN_SHORTCODES = {"caption", "wp_caption", "gallery", "embed", "audio", "video", "playlist"}
MEDIA_SHORTCODES = {"audio", "video"}
# What starts a block of its own in a classic post, rather than a paragraph of text.
BLOCK_ELEMENTS = {
    "address", "article", "aside", "blockquote", "details", "div", "dl", "fieldset", "figure", "footer",
    "form", "h1", "h2", "h3", "h4", "h5", "h6", "header", "hr", "main", "nav", "ol", "p", "pre", "section",
    "table", "ul", "iframe", "video", "audio", "object",
}  # fmt: skip

_OPENING = re.compile(r"\[(\[?)([A-Za-z_][\w-]*)(\s[^\[\]]*?)?(/?)\](\]?)")
_ATTRIBUTE = re.compile(r"""([\w-]+)\s*=\s*"([^"]*)"|([\w-]+)\s*=\s*'([^']*)'|([\w-]+)\s*=\s*([^\s'"]+)""")
_EMBED_BLOCK = re.compile(
    r"<!--\s*wp:(?:core-)?embed(?:/[\w-]+)?\s+(\{.*?\})\s*-->.*?<!--\s*/wp:(?:core-)?embed(?:/[\w-]+)?\s*-->", re.S
)
_IMAGE_TAG = re.compile(r"<img\b[^>]*>", re.I)
_LINKED_IMAGE = re.compile(r"<a\b[^>]*>\s*(<img\b[^>]*>)\s*</a>", re.I)
_BARE_URL = re.compile(r"https?://[^\s<>\"]+")
_PRE = re.compile(r"<pre\b.*?</pre>", re.I | re.S)
_STARTS_WITH_BLOCK = re.compile(r"<(?:" + "|".join(sorted(BLOCK_ELEMENTS | {"li", "figcaption"})) + r")\b", re.I)


def expand(text, notes):
    """``text`` with its embed blocks as links, and every shortcode replaced by what stands for it here."""
    return _expand(_EMBED_BLOCK.sub(lambda match: _embed_block(match, notes), text), notes)


def _link(url):
    url = html.escape(url.strip())
    return f'\n\n<p><a href="{url}">{url}</a></p>\n\n'


def _embed_block(match, notes):
    try:
        url = json.loads(match.group(1)).get("url", "")
    except ValueError:
        url = ""
    notes.as_links["embed block"] += 1
    return _link(url) if url else ""


def _attributes(raw):
    found = {}
    for match in _ATTRIBUTE.finditer(raw or ""):
        name = match.group(1) or match.group(3) or match.group(5)
        found[name.lower()] = match.group(2) if match.group(1) else match.group(4) if match.group(3) else match.group(6)
    return found


def _expand(text, notes):
    """Every shortcode of ``text`` replaced by what stands for it here."""
    out, position = [], 0
    while (match := _OPENING.search(text, position)) is not None:
        out.append(text[position : match.start()])
        escaped_open, name, raw_attributes, self_closing, escaped_close = match.groups()
        position = match.end()
        if escaped_open and escaped_close:
            # [[gallery]] is how WordPress writes a shortcode as text.
            out.append(match.group(0)[1:-1])
            continue
        content = None
        closing = f"[/{name}]"
        if not self_closing and (end := text.find(closing, position)) != -1:
            content, position = text[position:end], end + len(closing)
        attributes = _attributes(raw_attributes)
        if name.lower() not in KNOWN_SHORTCODES and content is None and not attributes:
            out.append(match.group(0))
            continue
        out.append(_shortcode(name.lower(), attributes, content, notes))
    out.append(text[position:])
    return "".join(out)


def _shortcode(name, attributes, content, notes):
    if name in ("caption", "wp_caption"):
        return _caption(attributes, content or "", notes)
    if name == "gallery":
        ids = [number for number in re.split(r"[\s,]+", attributes.get("ids", "")) if number.isdigit()]
        if not ids:
            # The post's attached pictures, in WordPress's own order: nothing here to list them by.
            notes.left_out["[gallery]"] += 1
            return ""
        return "".join(f'\n\n<figure><img class="wp-image-{number}" alt=""></figure>\n\n' for number in ids)
    if name == "embed":
        url = (content or attributes.get("src", "")).strip()
        notes.as_links["[embed]"] += 1
        return _link(url) if url else ""
    if name in MEDIA_SHORTCODES:
        url = attributes.get("src") or next((value for value in attributes.values() if "://" in value), "")
        notes.as_links[f"[{name}]"] += 1
        return _link(url) if url else ""
    notes.left_out[f"[{name}]"] += 1
    return _expand(content, notes) if content else ""


def _caption(attributes, content, notes):
    """``[caption]<a><img></a> The caption.[/caption]`` (or ``caption="…"``) as a figure."""
    content = _expand(content, notes)
    image = _LINKED_IMAGE.search(content) or _IMAGE_TAG.search(content)
    if image is None:
        return content
    image_tag = image.group(1) if image.re is _LINKED_IMAGE else image.group(0)
    caption = (content[: image.start()] + content[image.end() :]).strip() or attributes.get("caption", "")
    return f"\n\n<figure>{image_tag}<figcaption>{caption}</figcaption></figure>\n\n"


def paragraphs(text, notes):
    """Classic content's blank lines as paragraphs and its single line breaks as ``<br>``, as WordPress shows them."""
    kept = []

    def keep(match):
        kept.append(match.group(0))
        return f"\x00{len(kept) - 1}\x00"

    text = _PRE.sub(keep, text)
    chunks = []
    for chunk in re.split(r"\n\s*\n", text.strip()):
        chunk = chunk.strip()
        if not chunk:
            continue
        if "\x00" in chunk or _STARTS_WITH_BLOCK.search(chunk):
            chunks.append(chunk)
        elif _BARE_URL.fullmatch(chunk):
            # WordPress embeds an address alone on its line (a video, a post): here it is a link.
            notes.as_links["embedded address"] += 1
            chunks.append(_link(chunk).strip())
        else:
            chunks.append("<p>" + "<br>\n".join(line.strip() for line in chunk.split("\n")) + "</p>")
    text = "\n".join(chunks)
    return re.sub(r"\x00(\d+)\x00", lambda match: kept[int(match.group(1))], text)
