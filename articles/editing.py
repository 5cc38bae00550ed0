"""
Saving a story safely: no silent overwrites, a revision for every save, a restore as a new save.

Every save names the version it started from. The row is locked for the save's
transaction, the right to edit checked on the story as it is now, and the
version compared: every save and every workflow step moves the version on, so of
two people who opened the same version, the second to save is refused
(``StaleEdit``) and keeps their text, and a writer whose draft an editor
published meanwhile is refused too (``EditNotAllowed``). The desk's story form
saves through ``save_story`` like any other caller.
"""

import reversion
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone

from . import roles
from .comparing import TYPED_FIELDS
from .models import Article, Byline, Status
from .recovery import discard_recovery_copy


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
        if step is not None and roles.is_contributor(user, current):
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
    current = _lock_editable(article_pk, user)
    if current.version != started_from_version:
        raise StaleEdit(current)
    return current


def _lock_editable(article_pk, user):
    """The story's row, locked until the transaction ends, if ``user`` may edit it as it is now."""
    current = Article.objects.select_for_update(of=("self",)).select_related("modified_by").get(pk=article_pk)
    if not roles.can_edit(user, current):
        raise EditNotAllowed(current, user)
    return current


# A story's state and publication time change only through the workflow, never by saving its text.
WORKFLOW_FIELDS = ("status", "published_at", "publication_date")
# What only the desk (``roles.has_publish_right``) sets on a story: marking a substantive update and
# choosing the home page's lead.
# Anyone else's save keeps them as they are, and restoring a revision never touches them.
DESK_FIELDS = ("updated_at", "featured")


def _prepare_save(article, user, current, *, substantive_update=False):
    """Stamp an edited story before it is written: next version, who saved, and the public update time."""
    kept = WORKFLOW_FIELDS if roles.has_publish_right(user) else WORKFLOW_FIELDS + DESK_FIELDS
    for name in kept:
        # An edit begun before a transition must not write the old state back.
        setattr(article, name, getattr(current, name))
    article.version = current.version + 1
    article.modified_by = user
    if substantive_update and article.is_live and roles.has_publish_right(user):
        article.updated_at = timezone.now()


def create_story(article, user, *, comment="Created", save_related=None):
    """
    Save a new story as its first revision, started and signed by ``user``.

    ``save_related`` saves what hangs off the story (bylines, tags) inside the same revision. The
    user's unsaved text for a new story is then discarded: this story is what it became.
    """
    with transaction.atomic(), reversion.create_revision():
        article.created_by = user
        article.modified_by = user
        article.save()
        if save_related:
            save_related()
        reversion.set_user(user)
        reversion.set_comment(comment)
        discard_recovery_copy(None, user)
    return article


def save_story(article, user, started_from_version, *, substantive_update=False, comment="", save_related=None):
    """
    Save an edited story as one revision, refusing a stale edit (``StaleEdit``) or one by someone who
    may not edit the story as it is now (``EditNotAllowed``); the user's recovery copy is then discarded.

    ``started_from_version`` is the version the edit began from, or the newer one its author chose to
    save over. ``save_related`` saves what hangs off the story (bylines, tags) inside the same revision.
    Called by the desk's story form and by scripts alike.
    """
    with transaction.atomic(), reversion.create_revision():
        current = lock_for_save(article.pk, started_from_version, user)
        _prepare_save(article, user, current, substantive_update=substantive_update)
        article.save()
        if save_related:
            save_related()
        reversion.set_user(user)
        reversion.set_comment(comment or "Saved")
        discard_recovery_copy(article, user)
    return article


# Restoring ---------------------------------------------------------------------------

# Never a field of WORKFLOW_FIELDS or DESK_FIELDS: a restore brings back words, not the desk's choices.
RESTORED_FIELDS = [field for field, _ in TYPED_FIELDS] + ["section_id", "hero_image_id"]


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
        current = _lock_editable(article.pk, user)
        for name in RESTORED_FIELDS:
            if name in fields:
                setattr(current, name, fields[name])
        _prepare_save(current, user, current)
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
