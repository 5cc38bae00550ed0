"""
Where a story is filed: its section and its tags, from the post's categories and tags.

The first category becomes the story's section, the others tags, beside the post's own tags. A section
map (``--section-map``) merges categories into the newsroom's sections, one line each:

    news-world: world       # stories in "news-world" go to the "world" section
    politics-blog: politics
    featured:               # not a section: "featured" becomes a tag like the other categories

WordPress's placeholder category "uncategorized" files nothing, unless the map names a section for it.
A section or tag the newsroom already has (by its address) is used as it is.
"""

import hashlib

from django.utils.text import slugify

from articles.models import Section, Tag

from . import report
from .session import Kind

UNFILED = "uncategorized"


class SectionMapError(ValueError):
    """A section map line that cannot be read."""


def read_section_map(path):
    """The section map at ``path``: WordPress category slug → section slug ("" for none). Raises ``SectionMapError``."""
    mapping = {}
    with open(path, encoding="utf-8") as lines:
        for number, line in enumerate(lines, start=1):
            line = line.split("#", 1)[0].strip()
            if not line:
                continue
            category, colon, section = line.partition(":")
            if not colon or not category.strip():
                raise SectionMapError(f"{path}, line {number}: write “category-slug: section-slug”, not “{line}”.")
            target = slugify(section.strip())
            if section.strip() and not target:
                raise SectionMapError(f"{path}, line {number}: “{section.strip()}” is not a section address.")
            mapping[category.strip()] = target
    return mapping


def section_and_tags(item, session):
    """The story's section (or None) and its tags, made the first time a story is filed under them."""
    section, tags = None, []
    for term in item.terms_in("category"):
        address = _address(term, "section")
        if address == UNFILED and term.slug not in session.section_map:
            continue
        target = session.section_map.get(term.slug, address)
        if section is None and target:
            section = section_for(target, term, session)
        else:
            tags.append(tag_for(term, session))
    for term in item.terms_in("post_tag"):
        tag = tag_for(term, session)
        if tag not in tags:
            tags.append(tag)
    return section, tags


def pages_section(session):
    """The section pages are filed under (``--pages-in``), made if the newsroom has none by that address."""
    slug = session.pages_section
    section = Section.objects.filter(slug=slug).first()
    if section is None:
        section = Section.objects.create(name=slug.replace("-", " ").title(), slug=slug, order=_next_order())
        session.report.count(report.SECTIONS, report.CREATED)
    return section


def section_for(slug, term, session):
    key = f"category:{slug}"
    section = session.imported(Kind.SECTION, key, Section) or Section.objects.filter(slug=slug).first()
    if section is not None:
        return section
    declared = session.terms.get(("category", slug))
    name = (
        declared.name
        if declared
        else term.name
        if _address(term, "section") == slug
        else slug.replace("-", " ").title()
    )
    section = Section.objects.create(
        name=name[:80], slug=slug[:80], description=declared.description if declared else "", order=_next_order()
    )
    session.record(Kind.SECTION, key, section, wordpress_id=declared.wordpress_id if declared else None)
    session.report.count(report.SECTIONS, report.CREATED)
    return section


def tag_for(term, session):
    key = f"{term.taxonomy}:{term.slug}"
    slug = _address(term, "tag")
    tag = session.imported(Kind.TAG, key, Tag) or Tag.objects.filter(slug=slug).first()
    if tag is not None:
        return tag
    declared = session.terms.get((term.taxonomy, term.slug))
    tag = Tag.objects.create(name=(term.name or term.slug)[:80], slug=slug)
    session.record(Kind.TAG, key, tag, wordpress_id=declared.wordpress_id if declared else None)
    session.report.count(report.TAGS, report.CREATED)
    return tag


def _address(term, kind):
    """A section or tag address from the term's (which may be in any script): ASCII, as public addresses take."""
    slug = slugify(term.slug) or slugify(term.name)
    if not slug:
        slug = f"{kind}-{hashlib.sha256(term.slug.encode()).hexdigest()[:10]}"
    return slug[:80]


def _next_order():
    last = Section.objects.order_by("-order").values_list("order", flat=True).first()
    return (last or 0) + 1
