"""
The editor's calendar: a week of scheduled and published stories, Monday to Sunday in the
newsroom's time zone, at their times; editors only; a week that does not exist is a 404.
"""

import datetime
import html as html_lib
import re
import zoneinfo

import pytest
from django.conf import settings
from django.utils import timezone

from articles.models import Status
from tests.clients import client_for
from tests.factories import ArticleFactory, journalist

pytestmark = pytest.mark.django_db

CALENDAR = "/admin/articles/article/calendar/"
NEWSROOM = zoneinfo.ZoneInfo(settings.TIME_ZONE)


def local(*args):
    return datetime.datetime(*args, tzinfo=NEWSROOM)


def calendar_html(user, week=None):
    response = client_for(user).get(CALENDAR, {"week": week} if week is not None else {})
    assert response.status_code == 200
    return response.content.decode()


def days(html):
    """The calendar's days in order, as {"YYYY-MM-DD": [(time, headline, state), ...]}."""
    found = {}
    for day in re.findall(r'<li class="calendar-day.*?</li>\s*(?=<li class="calendar-day|</ol>\s*</div>)', html, re.S):
        date = re.search(r'<h2><time datetime="([0-9-]+)">', day)[1]
        found[date] = [
            (time, html_lib.unescape(headline), state.split(" ")[0])
            for time, headline, state in re.findall(
                r'<time datetime="[^"]+T[^"]+">([0-9:]+)</time>\s*<a href="[^"]+">([^<]+)</a>\s*'
                r'<span class="calendar-state">([^<]+)</span>',
                day,
            )
        ]
    return found


# 2025-W10 runs from Monday 3 March to Sunday 9 March; the clocks go forward that Sunday in New York.
def test_a_week_runs_from_monday_midnight_to_sunday_night_in_the_newsrooms_time(desk):
    for headline, moment in [
        ("Late on the Sunday before", local(2025, 3, 2, 23, 59, 59)),
        ("First thing Monday", local(2025, 3, 3, 0, 0)),
        ("Wednesday lunch", local(2025, 3, 5, 12, 30)),
        ("Last minute of Sunday", local(2025, 3, 9, 23, 59)),
        ("Next Monday at midnight", local(2025, 3, 10, 0, 0)),
    ]:
        ArticleFactory(headline=headline, status=Status.PUBLISHED, published_at=moment)

    week = days(calendar_html(desk, "2025-W10"))
    assert list(week) == [f"2025-03-{day:02d}" for day in range(3, 10)]
    assert week["2025-03-03"] == [("00:00", "First thing Monday", "Published")]
    assert week["2025-03-05"] == [("12:30", "Wednesday lunch", "Published")]
    assert week["2025-03-09"] == [("23:59", "Last minute of Sunday", "Published")]
    assert sum(len(stories) for stories in week.values()) == 3

    assert days(calendar_html(desk, "2025-W11"))["2025-03-10"] == [("00:00", "Next Monday at midnight", "Published")]
    assert days(calendar_html(desk, "2025-W09"))["2025-03-02"] == [("23:59", "Late on the Sunday before", "Published")]


def test_published_and_scheduled_stories_are_told_apart_and_other_states_left_out(desk):
    now = timezone.now()
    ArticleFactory(
        headline="Out this morning", status=Status.PUBLISHED, published_at=now - datetime.timedelta(minutes=5)
    )
    ArticleFactory(headline="Out later", status=Status.PUBLISHED, published_at=now + datetime.timedelta(minutes=5))
    for status in [Status.DRAFT, Status.IN_REVIEW, Status.APPROVED, Status.UNPUBLISHED]:
        ArticleFactory(headline=f"A story {status}", status=status, published_at=now)

    html = calendar_html(desk)
    stories = {headline: state for day in days(html).values() for _, headline, state in day}
    assert stories == {"Out this morning": "Published", "Out later": "Scheduled"}


def test_each_story_links_to_its_page_in_order_of_time(desk):
    later = ArticleFactory(headline="Evening", status=Status.PUBLISHED, published_at=local(2025, 3, 4, 18, 0))
    earlier = ArticleFactory(headline="Morning", status=Status.PUBLISHED, published_at=local(2025, 3, 4, 7, 5))
    html = calendar_html(desk, "2025-W10")
    assert [headline for _, headline, _ in days(html)["2025-03-04"]] == ["Morning", "Evening"]
    assert html.index(f'href="/admin/articles/article/{earlier.pk}/change/"') < html.index(
        f'href="/admin/articles/article/{later.pk}/change/"'
    )


def test_today_is_marked_in_the_current_week(desk):
    html = calendar_html(desk)
    today = timezone.localdate()
    marked = re.findall(
        r'<li class="calendar-day calendar-today" aria-current="date">\s*<h2><time datetime="([^"]+)"', html
    )
    assert marked == [today.isoformat()]
    assert "Today</span>" in html
    assert 'aria-current="date"' not in calendar_html(desk, "2025-W10")


@pytest.mark.parametrize(
    ("week", "previous", "following"),
    [("2027-W10", "2027-W09", "2027-W11"), ("2026-W53", "2026-W52", "2027-W01"), ("2027-W01", "2026-W53", "2027-W02")],
)
def test_previous_and_next_weeks_are_one_link_away(desk, week, previous, following):
    html = calendar_html(desk, week)
    assert f'<a href="?week={previous}" rel="prev">' in html
    assert f'<a href="?week={following}" rel="next">' in html


def test_the_desk_links_to_the_calendar(desk):
    response = client_for(desk).get("/admin/")
    assert f'href="{CALENDAR}"' in response.content.decode()


# Who may see it, and what it makes of a bad week -----------------------------------------------------


def test_only_editors_see_the_calendar(desk):
    assert client_for(journalist(username="wren")).get(CALENDAR).status_code == 403
    signed_out = client_for(None).get(CALENDAR)
    assert signed_out.status_code == 302
    assert signed_out["Location"].startswith("/admin/login/")
    assert client_for(desk).get(CALENDAR).status_code == 200


@pytest.mark.parametrize(
    "week",
    [
        "2025-W53",  # 2025 has 52 weeks
        "2026-W54",
        "2026-W00",
        "0000-W01",
        "0001-W01",
        "9999-W52",
        "2026-49",
        "2026-W1",
        "2026-W49-1",
        "2026-W49\n",
        "２０２６-W49",
        "٢٠٢٦-W49",
        "' OR 1=1 --",
        "x" * 5000,
    ],
)
def test_a_week_that_does_not_exist_is_not_found(desk, week):
    assert client_for(desk).get(CALENDAR, {"week": week}).status_code == 404


def test_an_empty_week_value_is_the_current_week(desk):
    html = calendar_html(desk, "")
    assert timezone.localdate().isoformat() in days(html)


def test_the_calendar_costs_the_same_few_queries_however_many_stories(desk, django_assert_max_num_queries):
    for hour in range(30):
        ArticleFactory(status=Status.PUBLISHED, published_at=local(2025, 3, 3 + hour % 7, hour % 24, 0))
    client = client_for(desk)
    # The admin's own (session, user, second step, permissions) and the week's stories in one.
    with django_assert_max_num_queries(6):
        html = client.get(CALENDAR, {"week": "2025-W10"}).content.decode()
    assert sum(len(stories) for stories in days(html).values()) == 30
