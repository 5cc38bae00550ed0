"""
A WordPress post's content as a story body in the editor's own markup.

WordPress stores classic posts as text whose blank lines are paragraphs, with shortcodes
(``[caption]``, ``[gallery]``, ``[embed]``) that its themes expand on every page view; block-editor
posts as HTML between ``<!-- wp:... -->`` comments. Both become what the story editor writes:
paragraphs, headings, lists, quotes, tables and links, and figures of library pictures
(``<figure><img data-file="ID"><figcaption>``), each picture found among the ones this import brought
into the library. Embeds and media players become links; galleries without a list of pictures,
unknown shortcodes and scripts are left out, and each is noted so the import can report it. The
result goes through the story's own sanitizer when the story is saved, like anything the editor sends.
"""

import html
import re
from collections import Counter
from dataclasses import dataclass, field
from html.parser import HTMLParser

from . import shortcodes
from .shortcodes import BLOCK_ELEMENTS

MEDIA_ELEMENTS = {"iframe", "video", "audio", "embed", "object"}
LEFT_OUT_ELEMENTS = {"script", "style", "noscript", "form", "input", "button", "select", "textarea", "template"}
VOID_ELEMENTS = {"area", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"}
# Containers whose children stand on their own in a story; the rest the sanitizer reduces to text.
UNWRAPPED_ELEMENTS = {"div", "section", "article", "header", "footer", "aside", "main", "nav", "details", "center"}
# Elements the editor has under another name.
RENAMED_ELEMENTS = {"h1": "h2", "h5": "h4", "h6": "h4", "b": "strong", "i": "em", "dt": "p", "dd": "p"}

_WORDPRESS_IMAGE_ID = re.compile(r"\bwp-image-(\d+)\b")


@dataclass
class BodyNotes:
    """What the conversion changed or left out of one body, for the import's report."""

    left_out: Counter = field(default_factory=Counter)
    as_links: Counter = field(default_factory=Counter)
    missing_pictures: list = field(default_factory=list)


def story_body(content, find_picture):
    """
    ``content`` (a post's ``content:encoded``) as story body HTML, with the ``BodyNotes`` of what changed.

    ``find_picture(src, wordpress_id)`` returns the library ``Image`` an ``<img>`` shows (by the file
    its address names, else by the attachment ID in its ``wp-image-N`` class), or None.
    """
    notes = BodyNotes()
    text = content.replace("\r\n", "\n").replace("\r", "\n")
    blocks = "<!-- wp:" in text
    text = shortcodes.expand(text, notes)
    if not blocks:
        text = shortcodes.paragraphs(text, notes)
    builder = _TreeBuilder()
    builder.feed(text)
    builder.close()
    converter = _Converter(find_picture, notes)
    nodes = converter.convert_children(builder.root)
    return "".join(_html(node) for node in _top_level(nodes)), notes


# A forgiving tree of the HTML ----------------------------------------------------------------------


class _Node:
    __slots__ = ("tag", "attrs", "children", "library")

    def __init__(self, tag, attrs=None, children=None):
        self.tag = tag
        self.attrs = attrs or {}
        self.children = children if children is not None else []
        # A figure of a library picture: it stands at the top level of the story.
        self.library = False

    def copy_with(self, children):
        return _Node(self.tag, dict(self.attrs), children)

    def descendants(self, tag):
        for child in self.children:
            if isinstance(child, _Node):
                if child.tag == tag:
                    yield child
                yield from child.descendants(tag)

    def text(self):
        return "".join(child if isinstance(child, str) else child.text() for child in self.children)


class _TreeBuilder(HTMLParser):
    """The HTML as a tree, closing what the writer left open as a browser would, near enough."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.root = _Node(None)
        self.open = [self.root]

    def handle_starttag(self, tag, attrs):
        if tag in BLOCK_ELEMENTS and self.open[-1].tag == "p":
            self.open.pop()
        if tag == "li" and self.open[-1].tag == "li":
            self.open.pop()
        node = _Node(tag, {name: value or "" for name, value in attrs})
        self.open[-1].children.append(node)
        if tag not in VOID_ELEMENTS:
            self.open.append(node)

    def handle_startendtag(self, tag, attrs):
        self.open[-1].children.append(_Node(tag, {name: value or "" for name, value in attrs}))

    def handle_endtag(self, tag):
        for depth in range(len(self.open) - 1, 0, -1):
            if self.open[depth].tag == tag:
                del self.open[depth:]
                return

    def handle_data(self, data):
        self.open[-1].children.append(data)


class _Converter:
    def __init__(self, find_picture, notes):
        self.find_picture = find_picture
        self.notes = notes

    def convert_children(self, node):
        return [converted for child in node.children for converted in self.convert(child)]

    def convert(self, node):
        """The nodes that stand for ``node`` in the story."""
        if isinstance(node, str):
            return [node]
        tag = node.tag
        if tag in LEFT_OUT_ELEMENTS:
            self.notes.left_out[tag] += 1
            return []
        if tag in MEDIA_ELEMENTS:
            return self._media_link(node)
        if tag == "figure":
            return self._figure(node)
        if tag == "img":
            figure = self._library_figure(node, [])
            return [figure] if figure else []
        if tag == "a" and self._only_picture(node):
            return self.convert_children(node)
        if tag == "pre":
            lines = node.text().strip("\n").split("\n")
            children = [
                piece for index, line in enumerate(lines) for piece in ([_Node("br")] if index else []) + [line]
            ]
            return [_Node("p", {}, children)]
        children = self.convert_children(node)
        if tag in UNWRAPPED_ELEMENTS:
            return children
        return [_Node(RENAMED_ELEMENTS.get(tag, tag), node.attrs, children)]

    def _only_picture(self, link):
        elements = [child for child in link.children if isinstance(child, _Node)]
        texts = "".join(child for child in link.children if isinstance(child, str))
        return len(elements) == 1 and elements[0].tag == "img" and not texts.strip()

    def _media_link(self, node):
        sources = [node.attrs.get("src") or node.attrs.get("data", "")]
        sources += [source.attrs.get("src", "") for source in node.descendants("source")]
        url = next((source for source in sources if source), "")
        if not url.startswith(("https://", "http://")):
            self.notes.left_out[node.tag] += 1
            return []
        self.notes.as_links[node.tag] += 1
        link = _Node("a", {"href": url}, [url])
        return [_Node("p", {}, [link])]

    def _figure(self, node):
        images = list(node.descendants("img"))
        if len(images) == 1:
            caption = next(node.descendants("figcaption"), None)
            figure = self._library_figure(images[0], self.convert_children(caption) if caption else [])
            return [figure] if figure else []
        # A gallery (figures of figures), or a figure of something else: a table, a quote, an embed.
        converted = []
        for child in node.children:
            if isinstance(child, _Node) and child.tag == "figcaption":
                converted.append(_Node("p", {}, self.convert_children(child)))
            else:
                converted.extend(self.convert(child))
        return converted

    def _library_figure(self, img, caption):
        src = img.attrs.get("src", "")
        number = _WORDPRESS_IMAGE_ID.search(img.attrs.get("class", ""))
        image = self.find_picture(src, int(number.group(1)) if number else None)
        if image is None:
            self.notes.missing_pictures.append(src or (f"attachment {number.group(1)}" if number else "an image"))
            return None
        picture = _Node("img", {"src": image.file.url, "alt": img.attrs.get("alt", ""), "data-file": str(image.pk)})
        has_caption = any(isinstance(part, _Node) or part.strip() for part in caption)
        figure = _Node("figure", {}, [picture, _Node("figcaption", {}, caption)] if has_caption else [picture])
        figure.library = True
        return figure


# The story's top level -----------------------------------------------------------------------------


def _lifted(node):
    """``node`` split around the library figures inside it: copies of it holding the rest, and the figures."""
    pieces, held = [], []
    for child in node.children:
        parts = _lifted(child) if _holds_figure(child) else [child]
        for part in parts:
            if isinstance(part, _Node) and part.library:
                pieces.append(node.copy_with(held))
                pieces.append(part)
                held = []
            else:
                held.append(part)
    pieces.append(node.copy_with(held))
    return [piece for piece in pieces if piece.library or not _is_empty(piece)]


def _holds_figure(node):
    return isinstance(node, _Node) and not node.library and any(part.library for part in node.descendants("figure"))


def _is_empty(node):
    if isinstance(node, str):
        return not node.replace("\xa0", " ").strip()
    if node.tag in ("img", "hr") or node.library:
        return False
    return all(_is_empty(child) for child in node.children if not (isinstance(child, _Node) and child.tag == "br"))


def _top_level(nodes):
    """Figures stand alone, loose text and inline markup go into paragraphs, and empty paragraphs go."""
    top, loose = [], []

    def close_paragraph():
        if loose:
            top.extend(_lifted(_Node("p", {}, list(loose))))
        loose.clear()

    for node in nodes:
        if isinstance(node, str) or node.tag not in BLOCK_ELEMENTS | {"li", "table"}:
            loose.append(node)
            continue
        close_paragraph()
        for piece in [node] if node.library else _lifted(node):
            if piece.library or not _is_empty(piece):
                top.append(piece)
    close_paragraph()
    return top


def _html(node):
    if isinstance(node, str):
        return html.escape(node, quote=False)
    attributes = "".join(f' {name}="{html.escape(value, quote=True)}"' for name, value in node.attrs.items())
    if node.tag in VOID_ELEMENTS:
        return f"<{node.tag}{attributes}>"
    return f"<{node.tag}{attributes}>{''.join(_html(child) for child in node.children)}</{node.tag}>"
