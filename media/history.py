"""
A picture's history: the revisions kept of it, read as who changed which field, from what, to what, when.

Each save in the library is one revision (django-reversion). A picture made
elsewhere (an import, the demo) gets a first revision of how it stood just
before its first change, so that change too shows what it replaced.
"""

import posixpath
from dataclasses import dataclass, field

import reversion
from django.template.defaultfilters import filesizeformat
from reversion.models import Version

UPLOADED = "Uploaded"
CHANGED = "Changed"
BASELINE = "As it stood before its first change in the library"

# What the history compares, in the order of the picture's form.
DESCRIBED_FIELDS = [
    ("title", "Title"),
    ("alt_text", "Alt text"),
    ("caption", "Caption"),
    ("credit", "Credit"),
    ("source", "Source"),
    ("licence", "Licence or rights note"),
]


@dataclass
class HistoryEntry:
    """One revision of a picture and what it changed from the one before."""

    when: object
    who: str  # "" when nobody signed the revision (the baseline)
    comment: str
    changes: list = field(default_factory=list)  # (label, before, after) as plain text

    @property
    def summary(self):
        """What happened and by whom: "Changed by Edie Tor"."""
        return f"{self.comment} by {self.who}" if self.who else self.comment


def keep_baseline(image):
    """Record how a picture with no revision yet stands, before its first change is saved."""
    if Version.objects.get_for_object(image).exists():
        return
    with reversion.create_revision():
        reversion.set_comment(BASELINE)
        reversion.add_to_revision(image)


def picture_history(image, limit=20):
    """The picture's ``limit`` newest revisions, newest first, each with the fields it changed."""
    versions = list(Version.objects.get_for_object(image).select_related("revision__user")[: limit + 1])
    entries = []
    for index, version in enumerate(versions[:limit]):
        revision = version.revision
        older = versions[index + 1] if index + 1 < len(versions) else None
        entries.append(
            HistoryEntry(
                when=revision.date_created,
                who=_name(revision.user),
                comment=revision.comment,
                changes=_changes(older.field_dict, version.field_dict) if older else [],
            )
        )
    return entries


def _changes(old, new):
    changes = []
    if _file_name(old) != _file_name(new):
        changes.append(("File", _describe_file(old), _describe_file(new)))
    for name, label in DESCRIBED_FIELDS:
        before, after = old.get(name) or "", new.get(name) or ""
        if before != after:
            changes.append((label, before or "(empty)", after or "(empty)"))
    if old.get("usage_expires_on") != new.get("usage_expires_on"):
        changes.append(("Usage expires on", _day(old.get("usage_expires_on")), _day(new.get("usage_expires_on"))))
    if (old.get("focal_x"), old.get("focal_y")) != (new.get("focal_x"), new.get("focal_y")):
        changes.append(("Focal point", _focal_point(old), _focal_point(new)))
    return changes


def _file_name(fields):
    stored = fields.get("file")
    return getattr(stored, "name", stored) or ""


def _describe_file(fields):
    # The replaced file is gone from storage (a picture withdrawn for rights must stop answering), so the
    # history describes each file rather than linking to it.
    name = _file_name(fields)
    if not name:
        return "(none)"
    kind = posixpath.splitext(name)[1].lstrip(".").upper() or "file"
    size = filesizeformat(fields.get("file_size") or 0)
    return f"{kind}, {fields.get('width', 0)} × {fields.get('height', 0)} pixels, {size}"


def _day(date):
    return f"{date:%-d %b %Y}" if date else "no expiry"


def _focal_point(fields):
    return f"{fields.get('focal_x', 0.5):.3f} across, {fields.get('focal_y', 0.5):.3f} down"


def _name(user):
    if user is None:
        return ""
    return user.get_full_name() or user.get_username()
