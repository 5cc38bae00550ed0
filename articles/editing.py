"""
Saving a story safely: no silent overwrites, a revision for every save, a recovery copy while typing.

Every save names the version it started from. The row is locked for the save's
transaction, the right to edit checked on the story as it is now, and the
version compared: every save and every workflow step moves the version on, so of
two people who opened the same version, the second to save is refused
(``StaleEdit``) and keeps their text, and a writer whose draft an editor
published meanwhile is refused too (``EditNotAllowed``).
"""

import difflib
import html
import re

import reversion
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.html import format_html, format_html_join, strip_tags
from django.utils.safestring import mark_safe
from reversion.models import Version

from authors.models import Author
from media.models import Image

from . import workflow
from .models import Article, Byline, RecoveryCopy, Section, Status, Tag

# Fields a reader or editor compares between revisions, in page order.
COMPARED_FIELDS = [
    ("headline", "Headline"),
    ("dek", "Dek"),
    ("slug", "Slug"),
    ("body", "Body"),
    ("hero_caption", "Hero caption"),
    ("hero_credit", "Hero credit"),
    ("seo_title", "SEO title"),
    ("seo_description", "SEO description"),
    ("editorial_note", "Internal note"),
]


class StaleEdit(Exception):
    """Someone saved the story after this edit began."""

    def __init__(self, current):
        self.current = current
        who = current.modified_by
        self.saved_by = (who.get_full_name() or who.get_username()) if who else "Someone"
        self.saved_at = current.modified_at
        self.current_version = current.version
        super().__init__(
            f"{self.saved_by} saved this story at {timezone.localtime(self.saved_at):%-I:%M:%S %p} "
            "while you were editing."
        )


class EditNotAllowed(PermissionDenied):
    """The user may not edit the story as it is now (an editor may have moved it on since they opened it)."""

    def __init__(self, current, user):
        self.current = current
        status = current.get_status_display().lower()
        step = current.audit_entries.select_related("actor").first() if current.status != Status.DRAFT else None
        if step is not None and workflow.is_contributor(user, current):
            who = (step.actor.get_full_name() or step.actor.get_username()) if step.actor else "Someone"
            when = timezone.localtime(step.created_at)
            at = f"{when:%-I:%M:%S %p}" if when.date() == timezone.localdate() else f"{when:%B %-d, %-I:%M %p}"
            message = (
                f"{who} {step.action_label.lower()} this story at {at} while you were editing: it is now {status}, "
                "and only an editor can change it."
            )
        else:
            message = "You may not edit this story: its writers may change it only while it is a draft."
        super().__init__(message)


def lock_for_save(article_pk, started_from_version, user):
    """
    Lock the story's row until the transaction ends, then refuse the save if ``user`` may not edit the
    story as it is now (``EditNotAllowed``) or if it changed since ``started_from_version`` (``StaleEdit``).
    """
    current = Article.objects.select_for_update(of=("self",)).select_related("modified_by").get(pk=article_pk)
    if not workflow.can_edit(user, current):
        raise EditNotAllowed(current, user)
    if current.version != started_from_version:
        raise StaleEdit(current)
    return current


# A story's state and publication time change only through the workflow, never by saving its text.
WORKFLOW_FIELDS = ("status", "published_at", "publication_date")
# What only the desk sets on a story: marking a substantive update and choosing the home page's lead.
# Anyone else's save keeps them as they are, and restoring a revision never touches them.
DESK_FIELDS = ("updated_at", "featured")


def sets_desk_fields(user):
    """Whether ``user`` marks updates and picks the lead story (those who may publish)."""
    return bool(user and user.is_active and user.has_perm(workflow.PUBLISH_PERMISSION))


def prepare_save(article, user, current, *, substantive_update=False):
    """Stamp an edited story before it is written: next version, who saved, and the public update time."""
    kept = WORKFLOW_FIELDS if sets_desk_fields(user) else WORKFLOW_FIELDS + DESK_FIELDS
    for name in kept:
        # An edit begun before a transition must not write the old state back.
        setattr(article, name, getattr(current, name))
    article.version = current.version + 1
    article.modified_by = user
    if substantive_update and article.is_live and sets_desk_fields(user):
        article.updated_at = timezone.now()


def save_story(article, user, started_from_version, *, substantive_update=False, comment="", save_related=None):
    """
    Save an edited story as one revision, refusing a stale edit.

    ``save_related`` saves what hangs off the story (bylines, tags) inside the same revision.
    """
    with transaction.atomic(), reversion.create_revision():
        current = lock_for_save(article.pk, started_from_version, user)
        prepare_save(article, user, current, substantive_update=substantive_update)
        article.save()
        if save_related:
            save_related()
        reversion.set_user(user)
        reversion.set_comment(comment or "Saved")
        discard_recovery_copy(article, user)
    return article


# Revisions ------------------------------------------------------------------------


def revisions_of(article):
    """The story's saved versions, newest first, with who saved them."""
    return Version.objects.get_for_object(article).select_related("revision__user")


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
            before, after = _paragraphs(before), _paragraphs(after)
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
TEXT_FIELDS = {field for field, _ in COMPARED_FIELDS}
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
    return _paragraphs(before_html or "") == _paragraphs(after_html or "")


def _paragraphs(body_html):
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


# Recovery copies --------------------------------------------------------------------

# What a recovery copy keeps: the words people type.
RECOVERED_FIELDS = [
    "headline",
    "slug",
    "dek",
    "body",
    "hero_caption",
    "hero_credit",
    "seo_title",
    "seo_description",
    "editorial_note",
]
RECOVERY_FIELD_LIMIT = 200_000


def typed_words(data):
    """The words of a posted story form worth keeping, each cut to a sane length."""
    return {name: data[name][:RECOVERY_FIELD_LIMIT] for name in RECOVERED_FIELDS if name in data}


def readable_words(data):
    """A recovery copy's words as [(label, plain text)], in page order, for reading where they cannot be restored."""
    labels = dict(COMPARED_FIELDS)
    words = []
    for name in RECOVERED_FIELDS:
        text = data.get(name) or ""
        if name == "body":
            text = _paragraphs(text)
        if text.strip():
            words.append((labels[name], text))
    return words


def keep_recovery_copy(article, user, data, base_version):
    """Store what this user has typed so far (one copy per story and user, overwritten each time)."""
    copy, _ = RecoveryCopy.objects.update_or_create(
        article=article,
        user=user,
        defaults={"data": data, "base_version": base_version, "saved_at": timezone.now()},
    )
    return copy


def recovery_copy_for(article, user):
    """The user's unsaved text for this story (or for a new story when ``article`` is None), if any."""
    return RecoveryCopy.objects.filter(article=article, user=user).first()


def discard_recovery_copy(article, user):
    RecoveryCopy.objects.filter(article=article, user=user).delete()


# Restoring ---------------------------------------------------------------------------

# Never a field of WORKFLOW_FIELDS or DESK_FIELDS: a restore brings back words, not the desk's choices.
RESTORED_FIELDS = [field for field, _ in COMPARED_FIELDS] + ["section_id", "hero_image_id"]


def restore_revision(article, version, user):
    """
    Bring back a revision's text, picture, section, tags and bylines, as a new revision.

    The story's state and publication time stay as they are (those change only through the workflow),
    and so do the desk's own fields (``DESK_FIELDS``), whoever restores: an editor who wants an old
    choice back sets it on the form. Refused (``EditNotAllowed``) if ``user`` may not edit the story
    as it is now.
    """
    if version.object_id != str(article.pk):
        raise ValueError("That revision belongs to another story.")
    fields = version.field_dict
    with transaction.atomic(), reversion.create_revision():
        current = Article.objects.select_for_update(of=("self",)).get(pk=article.pk)
        if not workflow.can_edit(user, current):
            raise EditNotAllowed(current, user)
        for name in RESTORED_FIELDS:
            if name in fields:
                setattr(current, name, fields[name])
        prepare_save(current, user, current)
        current.save()
        current.tags.set(fields.get("tags", []))
        old_bylines = [
            v.field_dict for v in version.revision.version_set.all() if v.content_type.model_class() is Byline
        ]
        if old_bylines:
            current.bylines.all().delete()
            for byline in old_bylines:
                Byline.objects.create(
                    article=current, author_id=byline["author_id"], role=byline["role"], order=byline["order"]
                )
        reversion.set_user(user)
        reversion.set_comment(
            f"Restored the revision of {timezone.localtime(version.revision.date_created):%b %-d, %Y, %-I:%M %p}"
        )
    article.refresh_from_db()
    return article
