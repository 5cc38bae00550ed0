"""
What differs between two revisions of a story, field by field, for the desk's comparison page.

Text is compared word by word, the body paragraph by paragraph as readers read it; what is saved
beside the story's row (tags, bylines) is compared as saved with each revision.
"""

import difflib
import html
import re

from django.utils import timezone
from django.utils.formats import date_format
from django.utils.html import format_html, format_html_join, strip_tags
from django.utils.safestring import mark_safe
from reversion.models import Version

from authors.models import Author
from media.models import Image

from .models import Byline, Section, Status, Tag

# The words people type on a story, in the form's order: compared between revisions, kept in recovery
# copies, brought back by a restore.
TYPED_FIELDS = [
    ("headline", "Headline"),
    ("slug", "Slug"),
    ("dek", "Dek"),
    ("body", "Body"),
    ("hero_caption", "Hero caption"),
    ("hero_credit", "Hero credit"),
    ("seo_title", "SEO title"),
    ("seo_description", "SEO description"),
    ("editorial_note", "Internal note"),
]


def compare(old_version, new_version):
    """
    What differs between two revisions of a story, field by field in the form's order: [(label, html)].

    Text is diffed word by word (the body paragraph by paragraph); section, picture, tags and bylines
    (author, role and order, as saved with each revision) name what was there before and after. Every
    value is escaped.
    """
    old, new = old_version.field_dict, new_version.field_dict
    changes = []
    for label, field in COMPARED_PARTS:
        if callable(field):
            diff = field(old_version, new_version)
        else:
            diff = _field_diff(field, old.get(field), new.get(field))
        if diff is not None:
            changes.append((label, diff))
    return changes


def _field_diff(field, before, after):
    """The diff of one field of the story's row, or None when it did not change."""
    if (before or None) == (after or None):
        return None
    if field in TEXT_FIELDS:
        before, after = before or "", after or ""
        if field == "body":
            before, after = paragraphs(before), paragraphs(after)
            if before == after:
                return None
        return _word_diff(str(before), str(after))
    if field in LINKED:
        model, missing = LINKED[field]
        names = {obj.pk: str(obj) for obj in model.objects.filter(pk__in=[pk for pk in (before, after) if pk])}
        before = names.get(before, missing) if before else "none"
        after = names.get(after, missing) if after else "none"
    elif field == "status":
        states = dict(Status.choices)
        before, after = states.get(before, before or "none"), states.get(after, after or "none")
    elif field == "featured":
        before, after = "yes" if before else "no", "yes" if after else "no"
    else:
        before, after = _moment(before), _moment(after)
    return format_html("<del>{}</del> → <ins>{}</ins>", before, after)


def _moment(value):
    return date_format(timezone.localtime(value), "DATETIME_FORMAT") if value else "none"


def _tags_diff(old_version, new_version):
    before, after = set(old_version.field_dict.get("tags") or []), set(new_version.field_dict.get("tags") or [])
    if before == after:
        return None
    names = dict(Tag.objects.filter(pk__in=before | after).values_list("pk", "name"))
    parts = []
    for pk in sorted(before | after, key=lambda pk: (names.get(pk, "").lower(), pk)):
        name = names.get(pk, "a deleted tag")
        if pk not in after:
            parts.append(format_html("<del>{}</del>", name))
        elif pk not in before:
            parts.append(format_html("<ins>{}</ins>", name))
        else:
            parts.append(format_html("{}", name))
    return format_html_join(", ", "{}", ((part,) for part in parts))


def bylines_of(version):
    """The bylines saved with a story's revision, in reading order: [(author_id, role)]."""
    rows = [
        saved.field_dict
        for saved in Version.objects.get_for_model(Byline).filter(revision_id=version.revision_id)
        if str(saved.field_dict.get("article_id")) == version.object_id
    ]
    rows.sort(key=lambda row: (row.get("order") or 0, row.get("id") or 0))
    return [(row["author_id"], row.get("role") or "") for row in rows]


def _bylines_diff(old_version, new_version):
    """
    The bylines before and after, each list in reading order; a row that is not what the other list
    has at the same place (another author, another role, or moved) is struck out or underlined.
    """
    before, after = bylines_of(old_version), bylines_of(new_version)
    if before == after:
        return None
    names = dict(Author.objects.filter(pk__in={pk for pk, _ in before + after}).values_list("pk", "name"))

    def listed(side, bylines, other, mark):
        items = []
        for place, (author_id, role) in enumerate(bylines):
            text = f"{role or 'By'} {names.get(author_id, 'a deleted author')}"
            same = place < len(other) and other[place] == (author_id, role)
            items.append(format_html("<li>{}</li>", text) if same else format_html(mark, text))
        rows = format_html_join("", "{}", ((item,) for item in items)) if items else format_html("<li>none</li>")
        return format_html('<div><span class="byline-side">{}</span><ol>{}</ol></div>', side, rows)

    return format_html(
        '<div class="byline-changes">{}{}</div>',
        listed("Before", before, after, "<li><del>{}</del></li>"),
        listed("After", after, before, "<li><ins>{}</ins></li>"),
    )


# What a comparison covers, in the story form's order: a field of the story's row, or a function of
# the two revisions for what is saved beside it (tags, bylines).
TEXT_FIELDS = {field for field, _ in TYPED_FIELDS}
LINKED = {"section_id": (Section, "a deleted section"), "hero_image_id": (Image, "a deleted picture")}
COMPARED_PARTS = [
    ("Headline", "headline"),
    ("Slug", "slug"),
    ("Dek", "dek"),
    ("Section", "section_id"),
    ("Tags", _tags_diff),
    ("Bylines", _bylines_diff),
    ("Hero picture", "hero_image_id"),
    ("Hero caption", "hero_caption"),
    ("Hero credit", "hero_credit"),
    ("Body", "body"),
    ("SEO title", "seo_title"),
    ("SEO description", "seo_description"),
    ("State", "status"),
    ("Publication time", "published_at"),
    ("Updated time", "updated_at"),
    ("Lead story", "featured"),
    ("Internal note", "editorial_note"),
]


# Blocks that end a line of what readers read.
BLOCK_ENDS = re.compile(r"(</(?:p|h[1-6]|li|blockquote|figcaption|figure)>)", re.IGNORECASE)


def body_reads_the_same(before_html, after_html):
    """Whether two bodies read the same to a reader: only their markup's wrapping or spacing differs."""
    return paragraphs(before_html or "") == paragraphs(after_html or "")


def paragraphs(body_html):
    """What readers read, one block per line: the markup's own line breaks and spacing do not count."""
    flat = " ".join(body_html.split())
    lines = strip_tags(BLOCK_ENDS.sub(r"\1\n", flat)).splitlines()
    return "\n".join(line.strip() for line in lines if line.strip())


def _word_diff(before, after):
    """Words removed in <del>, added in <ins>, a line break where a paragraph ends; everything escaped."""
    # Words and line ends are the units compared, so a change in one paragraph leaves the others whole.
    a, b = re.findall(r"[^\s]+|\n", before), re.findall(r"[^\s]+|\n", after)
    parts = []
    for op, i1, i2, j1, j2 in difflib.SequenceMatcher(a=a, b=b, autojunk=False).get_opcodes():
        if op == "equal":
            parts.append(html.escape(" ".join(a[i1:i2])))
            continue
        if op in ("delete", "replace"):
            parts.append(f"<del>{html.escape(' '.join(a[i1:i2]))}</del>")
        if op in ("insert", "replace"):
            parts.append(f"<ins>{html.escape(' '.join(b[j1:j2]))}</ins>")
    # Every part above went through html.escape, so the joined markup is safe.
    return mark_safe(re.sub(r" ?\n ?", "<br>", " ".join(parts)))  # noqa: S308
