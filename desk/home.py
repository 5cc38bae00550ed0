"""
The desk's reads: what each role finds on the admin's home page, and the editor's week calendar.

A journalist sees their own stories by where they stand; an editor sees what waits on the desk.
Each group is two queries (its stories, their bylines) however many stories there are, capped at
``GROUP_LIMIT`` with a link to the story list for the rest; the people named on the desk (who
submitted, who sent back) are read once for all groups.
"""

import datetime
from dataclasses import dataclass, field
from urllib.parse import urlencode

from django.contrib.auth import get_user_model
from django.db.models import F, OuterRef, Prefetch, Subquery
from django.urls import reverse
from django.utils import timezone

from articles import roles, workflow
from articles.models import Article, AuditEntry, Byline, Status

GROUP_LIMIT = 20
RECENT_DAYS = 14
EDITOR_SCHEDULE_DAYS = 7


@dataclass
class Group:
    """One list on the desk: its stories (at most ``GROUP_LIMIT``) and where to find the rest."""

    key: str
    title: str
    empty: str
    stories: list
    more_url: str
    has_more: bool = False


@dataclass
class Desk:
    """A role's home page: its title, its groups, and the calendar for those who schedule."""

    title: str
    groups: list = field(default_factory=list)
    calendar_url: str = ""


def desk_for(user, now=None):
    """The desk ``user`` lands on: the editor's desk with the publish right, else their own stories."""
    if not user.has_perm("articles.view_article"):
        return None
    now = now or timezone.now()
    if roles.has_publish_right(user):
        desk = Desk("The desk", editor_groups(now), calendar_url=reverse("admin:articles_article_calendar"))
    else:
        desk = Desk("My stories", journalist_groups(user, now))
    _name_people([story for group in desk.groups for story in group.stories])
    return desk


def stories_of(user):
    """The stories ``user`` started or is bylined on (through their author profile)."""
    return Article.objects.filter(roles.written_by(user))


def journalist_groups(user, now):
    """A journalist's own stories: drafts, sent back, in review, scheduled, recently published."""
    mine = workflow.with_changes_requested(with_submission(_on_the_desk(stories_of(user))))
    published = mine.filter(status=Status.PUBLISHED)
    return [
        _group(
            "drafts",
            "Drafts",
            "No drafts.",
            mine.filter(status=Status.DRAFT, changes_requested_at__isnull=True).order_by("-modified_at", "-id"),
            {"status__exact": Status.DRAFT, "mine": "yes"},
        ),
        _group(
            "sent_back",
            "Sent back",
            "Nothing sent back.",
            mine.filter(changes_requested_at__isnull=False).order_by("-changes_requested_at", "-id"),
            {"status__exact": Status.DRAFT, "mine": "yes"},
        ),
        _group(
            "in_review",
            "In review",
            "Nothing with the desk.",
            mine.filter(status__in=[Status.IN_REVIEW, Status.APPROVED]).order_by(
                F("submitted_at").asc(nulls_first=True), "id"
            ),
            {"status__exact": Status.IN_REVIEW, "mine": "yes"},
        ),
        _group(
            "scheduled",
            "Scheduled",
            "Nothing scheduled.",
            published.filter(published_at__gt=now).order_by("published_at", "id"),
            {"when": "scheduled", "mine": "yes"},
        ),
        _group(
            "published",
            "Recently published",
            f"Nothing published in the past {RECENT_DAYS} days.",
            published.filter(
                published_at__lte=now, published_at__gt=now - datetime.timedelta(days=RECENT_DAYS)
            ).order_by("-published_at", "-id"),
            {"status__exact": Status.PUBLISHED, "when": "month", "mine": "yes"},
        ),
    ]


def editor_groups(now):
    """What waits on an editor: review (oldest first), approved, the week's schedule, sent back, then recent stories."""
    stories = _on_the_desk(Article.objects.all())
    published = stories.filter(status=Status.PUBLISHED)
    return [
        _group(
            "needs_review",
            "Needs review",
            "Nothing waiting for review.",
            with_submission(stories.filter(status=Status.IN_REVIEW)).order_by(
                F("submitted_at").asc(nulls_first=True), "id"
            ),
            {"status__exact": Status.IN_REVIEW},
        ),
        _group(
            "approved",
            "Approved, not yet published",
            "Nothing approved and waiting.",
            with_submission(stories.filter(status=Status.APPROVED)).order_by("modified_at", "id"),
            {"status__exact": Status.APPROVED},
        ),
        _group(
            "scheduled",
            f"Scheduled, next {EDITOR_SCHEDULE_DAYS} days",
            "Nothing scheduled for the coming week.",
            published.filter(
                published_at__gt=now, published_at__lte=now + datetime.timedelta(days=EDITOR_SCHEDULE_DAYS)
            ).order_by("published_at", "id"),
            {"when": "scheduled"},
        ),
        _group(
            "sent_back",
            "Sent back, waiting on the writer",
            "No story is waiting on its writer.",
            workflow.with_changes_requested(stories.filter(status=Status.DRAFT))
            .filter(changes_requested_at__isnull=False)
            .order_by("changes_requested_at", "id"),
            {"status__exact": Status.DRAFT},
        ),
        _group(
            "published",
            "Recently published",
            f"Nothing published in the past {RECENT_DAYS} days.",
            published.filter(
                published_at__lte=now, published_at__gt=now - datetime.timedelta(days=RECENT_DAYS)
            ).order_by("-published_at", "-id"),
            {"status__exact": Status.PUBLISHED, "when": "month"},
        ),
    ]


def with_submission(queryset):
    """Annotate each story with its latest submission: ``submitted_at`` and ``submitted_by_id`` (None if never)."""
    latest = AuditEntry.objects.filter(article=OuterRef("pk"), action="submit").order_by("-created_at", "-id")
    return queryset.annotate(
        submitted_at=Subquery(latest.values("created_at")[:1]),
        submitted_by_id=Subquery(latest.values("actor_id")[:1]),
    )


def week_stories(monday):
    """
    The week from ``monday`` 00:00 to the next Monday 00:00 in the newsroom's time zone, as seven
    ``(date, stories)`` pairs: every published or scheduled story at its time, earliest first. One query.
    """
    days = [monday + datetime.timedelta(days=offset) for offset in range(7)]
    start = _local_midnight(monday)
    end = _local_midnight(monday + datetime.timedelta(days=7))
    stories = (
        Article.objects.filter(status=Status.PUBLISHED, published_at__gte=start, published_at__lt=end)
        .select_related("section")
        .only("headline", "status", "published_at", "section__name")
        .order_by("published_at", "id")
    )
    by_day = {day: [] for day in days}
    for story in stories:
        by_day[timezone.localtime(story.published_at).date()].append(story)
    return list(by_day.items())


def _on_the_desk(queryset):
    """What a story on the desk shows besides its state: its section and bylines (one query for the bylines)."""
    bylines = Prefetch("bylines", queryset=Byline.objects.select_related("author").order_by("order", "id"))
    return queryset.select_related("section").defer("body", "editorial_note").prefetch_related(bylines)


def _local_midnight(day):
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time.min))


def _group(key, title, empty, queryset, filters):
    stories = list(queryset[: GROUP_LIMIT + 1])
    more_url = f"{reverse('admin:articles_article_changelist')}?{urlencode(filters)}"
    return Group(key, title, empty, stories[:GROUP_LIMIT], more_url, has_more=len(stories) > GROUP_LIMIT)


def _name_people(stories):
    """Give each story ``submitted_by`` and ``sent_back_by`` (display names, "" if unknown) in one query."""
    ids = set()
    for story in stories:
        ids.update(
            filter(None, [getattr(story, "submitted_by_id", None), getattr(story, "changes_requested_by_id", None)])
        )
    users = get_user_model().objects.filter(pk__in=ids) if ids else []
    names = {user.pk: user.get_full_name() or user.get_username() for user in users}
    for story in stories:
        story.submitted_by = names.get(getattr(story, "submitted_by_id", None), "")
        story.sent_back_by = names.get(getattr(story, "changes_requested_by_id", None), "")
