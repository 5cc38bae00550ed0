"""
Reading a WordPress export (WXR, an RSS file with WordPress's own elements), one item at a time.

The file is parsed as a stream: each author, term and item is read, handed over and dropped before
the next, so memory stays the same whatever the size of the site. Entities are never expanded and
nothing outside the file is fetched (``defusedxml``): an export that declares entities is refused
whole, which stops the "billion laughs" and any external entity.
"""

import datetime
import re
from dataclasses import dataclass, field
from urllib.parse import unquote, urlsplit

from defusedxml import DefusedXmlException
from defusedxml.ElementTree import ParseError, iterparse

# WXR 1.0 to 1.2 name their namespaces with the version, over http or https; read by local name.
_NAMESPACES = [
    (re.compile(r"^https?://wordpress\.org/export/[\d.]+/excerpt/$"), "excerpt"),
    (re.compile(r"^https?://wordpress\.org/export/[\d.]+/$"), "wp"),
    (re.compile(r"^http://purl\.org/rss/1\.0/modules/content/$"), "content"),
    (re.compile(r"^http://purl\.org/dc/elements/1\.1/$"), "dc"),
]
ZERO_DATE = "0000-00-00 00:00:00"


class ExportError(Exception):
    """The file is not a WordPress export that can be read safely; nothing of it was used."""


@dataclass
class Site:
    """What the export says of the site it came from."""

    title: str = ""
    link: str = ""
    base_url: str = ""

    @property
    def key(self):
        """The site's address without its scheme: the same site over http and https."""
        address = self.base_url or self.link
        parts = urlsplit(address if "//" in address else f"//{address}")
        return f"{parts.netloc.lower()}{parts.path.rstrip('/')}" or "wordpress"


@dataclass
class Person:
    """A ``wp:author``: a login on the site, with the name readers saw."""

    login: str
    display_name: str = ""
    email: str = ""
    first_name: str = ""
    last_name: str = ""
    wordpress_id: int | None = None

    @property
    def name(self):
        full = f"{self.first_name} {self.last_name}".strip()
        return self.display_name.strip() or full or self.login


@dataclass
class Term:
    """A category, tag or other term declared in the export's header."""

    taxonomy: str
    slug: str
    name: str
    description: str = ""
    wordpress_id: int | None = None


@dataclass
class ItemTerm:
    """A term an item is filed under: its taxonomy (``domain``), slug (``nicename``) and name."""

    taxonomy: str
    slug: str
    name: str


@dataclass
class Item:
    """A post, page, attachment or any other item of the export."""

    wordpress_id: int
    post_type: str
    status: str = ""
    title: str = ""
    link: str = ""
    guid: str = ""
    creator: str = ""
    content: str = ""
    excerpt: str = ""
    slug: str = ""
    date: str = ""
    date_gmt: str = ""
    password: str = ""
    parent: int = 0
    attachment_url: str = ""
    terms: list = field(default_factory=list)
    meta: dict = field(default_factory=dict)
    comments: int = 0

    def terms_in(self, *taxonomies):
        return [term for term in self.terms if term.taxonomy in taxonomies]

    @property
    def published_at(self):
        """When it went (or goes) out, in UTC, or None for a draft that never had a date."""
        for value, zone in ((self.date_gmt, datetime.UTC), (self.date, None)):
            moment = _wordpress_time(value)
            if moment is not None:
                return moment.replace(tzinfo=zone) if zone else moment
        return None


@dataclass
class Counts:
    """What the export holds, from the first read through it."""

    items: dict = field(default_factory=dict)
    comments: int = 0

    def of(self, post_type):
        return self.items.get(post_type, 0)


def _wordpress_time(value):
    """A WordPress date ("2014-05-06 10:00:00"), naive; None for an empty or zero date."""
    value = (value or "").strip()
    if not value or value == ZERO_DATE:
        return None
    try:
        return datetime.datetime.fromisoformat(value)
    except ValueError:
        return None


def _name(tag):
    """``{https://wordpress.org/export/1.2/}post_id`` → ``wp:post_id``; plain RSS names stay as they are."""
    if not tag.startswith("{"):
        return tag
    namespace, _, local = tag[1:].partition("}")
    for pattern, prefix in _NAMESPACES:
        if pattern.match(namespace):
            return f"{prefix}:{local}"
    return f"other:{local}"


def _text(element):
    return (element.text or "").strip() if element is not None else ""


def _number(value):
    try:
        return int(value)
    except (TypeError, ValueError):
        return None


def read(path):
    """
    Yield what the export at ``path`` holds, in its order: the ``Site`` first (once the header's
    title and addresses are read), then each ``Person``, ``Term`` and ``Item``. Raises ``ExportError``.
    """
    depth, channel, site = 0, None, Site()
    site_given = False
    try:
        for event, element in iterparse(str(path), events=("start", "end")):
            if event == "start":
                depth += 1
                if depth == 1 and element.tag != "rss":
                    raise ExportError("This is not a WordPress export: its root element is not <rss>.")
                if depth == 2:
                    channel = element
                continue
            depth -= 1
            if depth != 2:
                continue
            found = _read_channel_child(_name(element.tag), element, site)
            if found is not None:
                if not site_given:
                    # The header's title and addresses come before its authors, terms and items.
                    site_given = True
                    yield site
                yield found
            channel.remove(element)
    except ParseError as error:
        raise ExportError(f"The export is not well-formed XML ({error}).") from None
    except DefusedXmlException:
        raise ExportError(
            "The export declares XML entities or external references; the importer never expands them. "
            "Export the site again from WordPress (Tools › Export)."
        ) from None
    except OSError as error:
        raise ExportError(f"The export cannot be read: {error.strerror or error}.") from None
    if channel is None:
        raise ExportError("This is not a WordPress export: it has no <channel>.")
    if not site_given:
        yield site


def _read_channel_child(name, element, site):
    if name == "item":
        return _item(element)
    if name == "wp:author":
        return _person(element)
    if name in ("wp:category", "wp:tag", "wp:term"):
        return _term(name, element)
    if name == "title":
        site.title = _text(element)
    elif name == "link":
        site.link = _text(element)
    elif name == "wp:base_blog_url":
        site.base_url = _text(element)
    return None


def _children(element):
    """Each child's WordPress name with the child itself."""
    return [(_name(child.tag), child) for child in element]


def _person(element):
    values = {name: _text(child) for name, child in _children(element)}
    return Person(
        login=values.get("wp:author_login", ""),
        display_name=values.get("wp:author_display_name", ""),
        email=values.get("wp:author_email", ""),
        first_name=values.get("wp:author_first_name", ""),
        last_name=values.get("wp:author_last_name", ""),
        wordpress_id=_number(values.get("wp:author_id")),
    )


def _term(kind, element):
    values = {name: _text(child) for name, child in _children(element)}
    if kind == "wp:category":
        taxonomy, slug, name = "category", values.get("wp:category_nicename"), values.get("wp:cat_name")
        description = values.get("wp:category_description", "")
    elif kind == "wp:tag":
        taxonomy, slug, name = "post_tag", values.get("wp:tag_slug"), values.get("wp:tag_name")
        description = values.get("wp:tag_description", "")
    else:
        taxonomy, slug, name = (
            values.get("wp:term_taxonomy", ""),
            values.get("wp:term_slug"),
            values.get("wp:term_name"),
        )
        description = values.get("wp:term_description", "")
    return Term(
        taxonomy=taxonomy,
        slug=unquote(slug or ""),
        name=name or unquote(slug or ""),
        description=description,
        wordpress_id=_number(values.get("wp:term_id")),
    )


_ITEM_FIELDS = {
    "title": "title",
    "link": "link",
    "guid": "guid",
    "dc:creator": "creator",
    "content:encoded": "content",
    "excerpt:encoded": "excerpt",
    "wp:post_type": "post_type",
    "wp:status": "status",
    "wp:post_name": "slug",
    "wp:post_date": "date",
    "wp:post_date_gmt": "date_gmt",
    "wp:post_password": "password",
    "wp:attachment_url": "attachment_url",
}


def _item(element):
    values = {"terms": [], "meta": {}, "comments": 0}
    for name, child in _children(element):
        if name in _ITEM_FIELDS:
            # Bodies keep their own spacing; every other value is read trimmed.
            text = child.text or ""
            values[_ITEM_FIELDS[name]] = text if name == "content:encoded" else text.strip()
        elif name == "wp:post_id":
            values["wordpress_id"] = _number(_text(child)) or 0
        elif name == "wp:post_parent":
            values["parent"] = _number(_text(child)) or 0
        elif name == "category":
            values["terms"].append(
                ItemTerm(
                    taxonomy=child.get("domain", "category"),
                    slug=unquote(child.get("nicename", "")),
                    name=_text(child),
                )
            )
        elif name == "wp:postmeta":
            meta = {key: _text(value) for key, value in _children(child)}
            values["meta"].setdefault(meta.get("wp:meta_key", ""), meta.get("wp:meta_value", ""))
        elif name == "wp:comment":
            values["comments"] += 1
    values.setdefault("wordpress_id", 0)
    values.setdefault("post_type", "post")
    return Item(**values)


def survey(path):
    """Read the whole export once, using nothing of it: its items by type, its comments. Raises ``ExportError``."""
    counts = Counts()
    for found in read(path):
        if isinstance(found, Item):
            counts.items[found.post_type] = counts.items.get(found.post_type, 0) + 1
            counts.comments += found.comments
    return counts
