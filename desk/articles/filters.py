"""Changelist filters in the desk's words: whose stories, by which author, and when."""

import datetime

from django.contrib import admin
from django.utils import timezone

from articles import roles
from articles.models import Byline
from authors.models import Author


def _with_byline(**lookups):
    """Stories with a byline matching ``lookups``, as a subquery (no duplicate rows from the join)."""
    return Byline.objects.filter(**lookups).values("article_id")


class MineFilter(admin.SimpleListFilter):
    """Stories the signed-in person writes (a byline on their profile) or started."""

    title = "whose stories"
    parameter_name = "mine"

    def lookups(self, request, model_admin):
        return [("yes", "Mine")]

    def queryset(self, request, queryset):
        if self.value() != "yes":
            return queryset
        return queryset.filter(roles.written_by(request.user))


class AuthorFilter(admin.SimpleListFilter):
    """Stories with a byline by one author."""

    title = "author"
    parameter_name = "author"

    def lookups(self, request, model_admin):
        return list(Author.objects.order_by("name").values_list("pk", "name"))

    def queryset(self, request, queryset):
        # Only an author the filter offers: any other value (a typo, a forged number) filters nothing.
        author_id = next((pk for pk, _ in self.lookup_choices if str(pk) == self.value()), None)
        if author_id is None:
            return queryset
        return queryset.filter(pk__in=_with_byline(author_id=author_id))


class WhenFilter(admin.SimpleListFilter):
    """
    Stories by their publication time, in the newsroom's day: each choice is a range the date index
    answers, so the filter costs the same on a year-old desk and on a twenty-year archive.
    """

    title = "publication time"
    parameter_name = "when"

    def lookups(self, request, model_admin):
        return [
            ("today", "Today"),
            ("week", "Past 7 days"),
            ("month", "Past 30 days"),
            ("year", "Past 12 months"),
            ("scheduled", "Scheduled (time to come)"),
            ("undated", "No time yet"),
        ]

    def queryset(self, request, queryset):
        now = timezone.now()
        midnight = timezone.localtime(now).replace(hour=0, minute=0, second=0, microsecond=0)
        since = {
            "today": midnight,
            "week": midnight - datetime.timedelta(days=6),
            "month": midnight - datetime.timedelta(days=29),
            "year": midnight - datetime.timedelta(days=364),
        }
        value = self.value()
        if value in since:
            return queryset.filter(published_at__gte=since[value], published_at__lte=now)
        if value == "scheduled":
            return queryset.filter(published_at__gt=now)
        if value == "undated":
            return queryset.filter(published_at__isnull=True)
        return queryset
