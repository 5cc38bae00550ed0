"""
Live coverage's writes: switching a story to live coverage and ending it; posting, editing and deleting
its updates. The desk and scripts alike call these.

Each write locks the story's row, as the workflow's steps do, and checks the user's right on the story
as it is then (``roles.may_run_coverage``, ``roles.may_write_entries``). The moment of each change is
taken once the row is locked and never before the coverage's newest: the moments follow the order the
changes commit in, so a reader who saw the newest change misses none made before it. Every change to
an update is kept as a revision (django-reversion: who, when, what) with what was done; deleting keeps
the update's row, marked, so the pages readers have open drop it. Starting and ending the coverage are
recorded in the story's audit trail. Posting on a published story publishes the update at once: the
page cache's receivers make the story's live pages stale when the change commits.
"""

import datetime

import reversion
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone

from . import roles
from .models import Article, AuditEntry, LiveCoverage, LiveEntry

NOT_LIVE = "This story is not covered live: an editor switches it to live first."
ONE_TICK = datetime.timedelta(microseconds=1)


class LiveError(Exception):
    """A change to live coverage that the story, the update or what was typed does not allow."""


# The coverage ----------------------------------------------------------------------------------


def start_coverage(article, user, at=None):
    """
    Switch ``article`` to live coverage from ``at`` (now unless given, never a time to come); coverage
    that was ended goes on again from where it started.
    """
    if not roles.may_run_coverage(user):
        raise PermissionDenied("Only an editor switches a story to live coverage.")
    with transaction.atomic():
        story, coverage, now = _lock(article)
        started = _past_time(at, now, "Live coverage cannot start at a time still to come.")
        if coverage is not None and coverage.is_open:
            raise LiveError(f"“{story.headline}” is already covered live.")
        if coverage is None:
            coverage = LiveCoverage(article=story, started_at=started, changed_at=now, started_by=user)
        elif at is not None:
            coverage.started_at = started
        coverage.ended_at = None
        coverage.changed_at = _moment(coverage, now)
        coverage.save()
        _audit(story, user, "live_start", now)
    return coverage


def end_coverage(article, user, at=None):
    """End ``article``'s live coverage at ``at`` (now unless given: never a time to come, nor before it started)."""
    if not roles.may_run_coverage(user):
        raise PermissionDenied("Only an editor ends live coverage.")
    with transaction.atomic():
        story, coverage, now = _lock(article)
        if coverage is None or not coverage.is_open:
            raise LiveError(f"“{story.headline}” is not covered live at the moment.")
        ended = _past_time(at, now, "Live coverage cannot end at a time still to come.")
        if ended < coverage.started_at:
            raise LiveError("Live coverage cannot end before it started.")
        coverage.ended_at = ended
        coverage.changed_at = _moment(coverage, now)
        coverage.save()
        _audit(story, user, "live_end", now)
    return coverage


# The updates ----------------------------------------------------------------------------------


def post_entry(article, user, *, body, authors, title="", pinned=False, key_event=False, published_at=None):
    """
    Post an update on ``article``'s live coverage, by ``authors`` (profiles on the story's byline):
    readers see it at once if the story is published, else with the story. It is dated now, or at
    ``published_at``, a time already past (an update written down elsewhere first, the demo's).
    """
    with transaction.atomic(), reversion.create_revision():
        story, coverage, now = _lock_for_entries(article, user)
        moment = _moment(coverage, now)
        dated = _past_time(published_at, now, "An update cannot be dated in the future.")
        entry = LiveEntry(article=story, created_by=user, published_at=moment if published_at is None else dated)
        _write(entry, story, coverage, user, moment, title=title, body=body, pinned=pinned, key_event=key_event)
        _set_authors(entry, story, authors)
        reversion.set_user(user)
        reversion.set_comment("Posted")
    return entry


def edit_entry(entry, user, started_from_version, *, body, authors, title="", pinned=False, key_event=False):
    """
    Save an edited update, refused (``LiveError``) if someone changed or deleted it since the edit began
    at ``started_from_version``.
    """
    with transaction.atomic(), reversion.create_revision():
        story, coverage, now = _lock_for_entries(entry.article, user)
        current = _locked_entry(entry, story)
        if current.version != started_from_version:
            who = current.modified_by
            name = (who.get_full_name() or who.get_username()) if who else "Someone"
            raise LiveError(
                f"{name} changed this update at {timezone.localtime(current.changed_at):%-I:%M:%S %p} "
                "while you were editing: your text is below; save again to keep yours."
            )
        moment = _moment(coverage, now)
        _write(current, story, coverage, user, moment, title=title, body=body, pinned=pinned, key_event=key_event)
        _set_authors(current, story, authors)
        reversion.set_user(user)
        reversion.set_comment("Edited")
    return current


def delete_entry(entry, user):
    """Take an update off the story; its row and revisions stay, marked deleted, for the record."""
    with transaction.atomic(), reversion.create_revision():
        story, coverage, now = _lock_for_entries(entry.article, user)
        current = _locked_entry(entry, story)
        moment = _moment(coverage, now)
        current.deleted_at = moment
        current.pinned = False
        current.changed_at = moment
        current.modified_by = user
        current.version += 1
        current.save()
        coverage.changed_at = moment
        coverage.save(update_fields=["changed_at"])
        reversion.set_user(user)
        reversion.set_comment("Deleted")
    return current


# Within the lock -------------------------------------------------------------------------------


def _lock(article):
    """The story's row and its coverage, locked until the transaction ends, and the moment after the lock."""
    story = Article.objects.select_for_update(of=("self",)).get(pk=article.pk)
    coverage = LiveCoverage.objects.select_for_update().filter(article=story).first()
    return story, coverage, timezone.now()


def _lock_for_entries(article, user):
    story, coverage, now = _lock(article)
    if coverage is None:
        raise LiveError(NOT_LIVE)
    if not roles.may_write_entries(user, story, coverage):
        raise PermissionDenied(
            "You may not change this story's live updates: editors may, and its bylined writers while it "
            "is a draft or, once published, while the coverage goes on."
        )
    return story, coverage, now


def _locked_entry(entry, story):
    current = LiveEntry.objects.select_for_update().filter(pk=entry.pk, article=story).first()
    if current is None or current.deleted_at is not None:
        raise LiveError("This update was deleted.")
    return current


def _moment(coverage, now):
    """Now, or just after the coverage's newest change if a server's clock lags behind it."""
    return max(now, coverage.changed_at + ONE_TICK) if coverage is not None else now


def _past_time(at, now, refusal):
    if at is None:
        return now
    if timezone.is_naive(at):
        raise LiveError("A time needs a time zone.")
    if at > now:
        raise LiveError(refusal)
    return at


def _write(entry, story, coverage, user, moment, *, title, body, pinned, key_event):
    entry.title = (title or "").strip()
    entry.body = body or ""
    entry.body = entry._meta.get_field("body").sanitize(entry.body)
    if not entry.body:
        raise LiveError("An update needs some text.")
    if pinned:
        # One pinned update at a time: the one pinned before goes back among the others.
        for other in LiveEntry.objects.filter(article=story, pinned=True, deleted_at=None).exclude(pk=entry.pk):
            other.pinned = False
            other.changed_at = moment
            other.version += 1
            other.modified_by = user
            other.save()
    entry.pinned = bool(pinned)
    entry.key_event = bool(key_event)
    entry.changed_at = moment
    entry.modified_by = user
    if entry.pk is not None:
        entry.version += 1
    entry.save()
    entry.sync_images()
    coverage.changed_at = moment
    coverage.save(update_fields=["changed_at"])


def _set_authors(entry, story, authors):
    """The update's authors: people on the story's byline, at least one."""
    chosen = {author.pk for author in authors}
    on_byline = set(story.bylines.values_list("author_id", flat=True))
    if not chosen:
        raise LiveError("Choose who wrote the update, from the story's byline.")
    if not chosen <= on_byline:
        raise LiveError("An update's authors come from the story's byline.")
    entry.authors.set(chosen)


def _audit(story, user, action, now):
    AuditEntry.objects.create(
        article=story, actor=user, action=action, from_status=story.status, to_status=story.status, created_at=now
    )
