"""
The editorial workflow: every change of a story's state goes through here.

draft → in_review (submit) → approved (approve) → published (publish, now or at a
set time) → unpublished (unpublish); in_review or approved → draft (send back,
with a note); in_review → draft (withdraw: a writer takes back a submission the
desk has not acted on). Editors may publish straight from draft or review, and
move a scheduled story's time (reschedule). Each function checks the actor's rights
and the story's state on a locked row, moves the story's version on (so a save
begun before the step is refused as stale), records an audit entry and notifies
by email, through a task once the step commits (``notify=False`` keeps bulk imports
quiet). The steps and their words are a table (``articles.steps.STEPS``); who may
make each is decided in ``articles.roles``.
"""

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import Case, CharField, OuterRef, Subquery, When
from django.utils import timezone

from newsroom.tasks import enqueue_on_commit

from . import tasks
from .models import Article, AuditEntry, EditorialNote, ShareLink, Status, local_date, slug_taken
from .steps import STEPS


class WorkflowError(Exception):
    """A transition that the story's state (or content) does not allow."""


SEND_BACK_NEEDS_NOTE = "Say what needs to change: a note is required to send a story back."


# Which steps, now -------------------------------------------------------------------


def available_steps(user, article, now=None):
    """The transitions this user may make on this story right now, in workflow order."""
    steps = []
    for step in STEPS.values():
        if article.status not in step.sources or not step.allowed_for(user, article):
            continue
        if step.name == "reschedule" and article.is_live_at(now or timezone.now()):
            continue
        steps.append(step)
    return steps


# Changes requested -------------------------------------------------------------------


def with_changes_requested(queryset):
    """
    Mark the stories an editor sent back that are still waiting on their writers.

    Each story gets ``changes_requested_note``, ``changes_requested_at`` and
    ``changes_requested_by_id`` from its latest workflow step when that step was a send-back and
    the story is still a draft; all three are None otherwise. One subquery per field, each an
    index probe on the story's newest audit entry.
    """
    latest = AuditEntry.objects.filter(article=OuterRef("pk")).order_by("-created_at", "-id")
    sent_back = {"status": Status.DRAFT, "latest_step": "send_back"}
    return queryset.annotate(latest_step=Subquery(latest.values("action")[:1])).annotate(
        changes_requested_note=Case(
            When(**sent_back, then=Subquery(latest.values("note")[:1])), default=None, output_field=CharField()
        ),
        changes_requested_at=Case(When(**sent_back, then=Subquery(latest.values("created_at")[:1])), default=None),
        changes_requested_by_id=Case(When(**sent_back, then=Subquery(latest.values("actor_id")[:1])), default=None),
    )


def changes_requested(article):
    """The send-back entry a draft is waiting on (its note, who, when), or None."""
    if article.pk is None or article.status != Status.DRAFT:
        return None
    latest = article.audit_entries.select_related("actor").order_by("-created_at", "-id").first()
    return latest if latest is not None and latest.action == "send_back" else None


# Transitions ----------------------------------------------------------------------


def submit(article, user, note="", *, notify=True):
    """A writer hands the story to the desk."""
    return _transition("submit", article, user, note=note, notify=notify)


def withdraw(article, user, note="", *, notify=True):
    """A writer takes back a submission no editor has acted on yet, to keep working on it."""
    return _transition("withdraw", article, user, note=note, notify=notify)


def send_back(article, user, note, *, notify=True):
    """An editor returns the story to its writers, saying what to change."""
    if not (note or "").strip():
        raise WorkflowError(SEND_BACK_NEEDS_NOTE)
    return _transition("send_back", article, user, note=note, notify=notify)


def approve(article, user, note="", *, notify=True):
    return _transition("approve", article, user, note=note, notify=notify)


def publish(article, user, at=None, note="", *, notify=True):
    """
    Publish now, or at ``at`` (a future time schedules it: readers see it from that second).

    A story coming back from unpublished keeps its original time and address unless ``at`` is given.
    """
    return _transition("publish", article, user, note=note, at=at, notify=notify)


def reschedule(article, user, at, note="", *, notify=True):
    """Move a scheduled story's publication time (only before it is due)."""
    return _transition("reschedule", article, user, note=note, at=at, notify=notify)


def unpublish(article, user, note="", *, notify=True):
    """Take a story off the site; its share links stop working."""
    return _transition("unpublish", article, user, note=note, notify=notify)


def _transition(name, article, user, note="", at=None, notify=True):
    step = STEPS[name]
    if not step.allowed_for(user, article):
        raise PermissionDenied(f"You may not {step.label.lower()} this story.")
    with transaction.atomic():
        story = Article.objects.select_for_update().get(pk=article.pk)
        # The time is read once the row is ours, so the audit trail's order is the order of events.
        now = timezone.now()
        if story.status not in step.sources:
            raise WorkflowError(
                f"“{story.headline}” is {story.get_status_display().lower()}; it cannot be {step.done} from that state."
            )
        if not step.allowed_for(user, story):
            raise PermissionDenied(f"You may not {step.label.lower()} this story.")
        source = story.status
        # A step moves the version on like a save does, so an edit begun before it is refused as stale.
        story.version += 1
        fields = ["status", "version", "modified_at", "modified_by"]
        if step.sets_time:
            story.published_at = _publication_time(name, story, at, now)
            fields += ["published_at", "publication_date"]
            _check_ready(story, story.published_at)
        story.status = step.target
        story.modified_by = user
        story.save(update_fields=fields)
        if name == "unpublish":
            ShareLink.objects.filter(article=story, revoked_at__isnull=True).update(revoked_at=now)
        entry = AuditEntry.objects.create(
            article=story,
            actor=user,
            action=name,
            from_status=source,
            to_status=step.target,
            note=note or "",
            published_at=story.published_at if step.sets_time else None,
            created_at=now,
        )
        if (note or "").strip():
            EditorialNote.objects.create(article=story, author=user, text=f"{step.label}: {note.strip()}")
        if notify:
            enqueue_on_commit(tasks.send_step_notice, entry.pk)
    article.refresh_from_db()
    return article


def plan(name, article, user, at=None, now=None):
    """
    What step ``name`` would do to the story as it is now, without doing it: the publication time it
    would set (publish and reschedule; None for other steps). Raises what the step itself would raise
    (``PermissionDenied``, ``WorkflowError``), so a confirmation page shows the step's own refusals.
    """
    step = STEPS[name]
    if not step.allowed_for(user, article):
        raise PermissionDenied(f"You may not {step.label.lower()} this story.")
    if article.status not in step.sources:
        raise WorkflowError(f"It is {article.get_status_display().lower()}; it cannot be {step.done}.")
    if not step.sets_time:
        return None
    when = _publication_time(name, article, at, now or timezone.now())
    _check_ready(article, when)
    return when


def _publication_time(name, story, at, now):
    if at is not None:
        if timezone.is_naive(at):
            raise WorkflowError("A publication time needs a time zone.")
        if name == "reschedule" and at <= now:
            raise WorkflowError("A new publication time must be in the future; publish it instead.")
        return at.replace(microsecond=0)
    if name == "reschedule":
        raise WorkflowError("Give the new publication time.")
    if story.status == Status.UNPUBLISHED and story.published_at:
        return story.published_at
    return now.replace(microsecond=0)


def _check_ready(story, published_at):
    """A story goes out (at ``published_at``) only with a headline, an address, a byline and a body."""
    missing = []
    if not story.headline.strip():
        missing.append("a headline")
    if not story.slug:
        missing.append("a slug")
    if not story.bylines.exists():
        missing.append("at least one byline")
    if not story.body.strip():
        missing.append("a body")
    if missing:
        raise WorkflowError(f"“{story.headline or 'This story'}” cannot be published without {', '.join(missing)}.")
    date = local_date(published_at)
    if slug_taken(story, date):
        raise WorkflowError(
            f"Another story published on {date:%B %-d, %Y} already uses the address “{story.slug}”; change the slug."
        )
