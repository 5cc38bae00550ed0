"""The editor's calendar: a week of scheduled and published stories, day by day, at their times."""

import datetime
import re

from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.template.response import TemplateResponse
from django.urls import path
from django.utils import timezone

from articles import roles
from desk.home import week_stories

# An ISO week ("2026-W49"); the ASCII digits only, as int() would read other scripts' digits too.
WEEK_RE = re.compile(r"([0-9]{4})-W([0-9]{2})")
# Far from the calendar's first and last days, where a week's neighbours or its time-zone shift overflow.
WEEK_YEARS = range(2, 9999)


def parse_week(value, today):
    """The Monday of the ISO week ``value`` names, of ``today``'s week when empty, or None when it names none."""
    if not value:
        return today - datetime.timedelta(days=today.weekday())
    match = WEEK_RE.fullmatch(value)
    if match is None or int(match[1]) not in WEEK_YEARS:
        return None
    try:
        return datetime.date.fromisocalendar(int(match[1]), int(match[2]), 1)
    except ValueError:  # week 00, or a week 53 the year does not have
        return None


def week_label(monday):
    year, week, _ = monday.isocalendar()
    return f"{year}-W{week:02d}"


class CalendarMixin:
    """Adds ``calendar/`` to the story admin: editors only."""

    def get_urls(self):
        info = self.opts.app_label, self.opts.model_name
        view = self.admin_site.admin_view(self.calendar_view)
        return [path("calendar/", view, name="{}_{}_calendar".format(*info)), *super().get_urls()]

    def calendar_view(self, request):
        """The week ``?week=YYYY-Www`` names (this week without it); a week that does not exist is a 404."""
        if not roles.has_publish_right(request.user):
            raise PermissionDenied
        today = timezone.localdate()
        monday = parse_week(request.GET.get("week", ""), today)
        if monday is None:
            raise Http404("No such week: give one as 2026-W49.")
        days = week_stories(monday)
        sunday = monday + datetime.timedelta(days=6)
        context = {
            **self.admin_site.each_context(request),
            "opts": self.opts,
            # Seven columns need the page's whole width.
            "is_nav_sidebar_enabled": False,
            "title": f"Week of {monday:%-d %B %Y}",
            "subtitle": None,
            "week": week_label(monday),
            "sunday": sunday,
            "days": days,
            "today": today,
            "previous_week": week_label(monday - datetime.timedelta(days=7)),
            "next_week": week_label(monday + datetime.timedelta(days=7)),
            "this_week": week_label(today - datetime.timedelta(days=today.weekday())),
            "now": timezone.now(),
            "time_zone": timezone.get_current_timezone_name(),
        }
        return TemplateResponse(request, "admin/articles/article/calendar.html", context)
