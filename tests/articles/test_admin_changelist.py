"""The story list in the admin: what it shows, how it filters and searches, and what it costs."""

import datetime
import re
from zoneinfo import ZoneInfo

import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from articles import workflow
from articles.models import AuditEntry, Status
from media.renditions import THUMBNAIL_RATIO, THUMBNAIL_WIDTH, get_rendition
from tests.factories import (
    ArticleFactory,
    AuthorFactory,
    ImageFactory,
    SectionFactory,
    UserFactory,
)

LIST_URL = "/admin/articles/article/"


def headlines(response):
    return {story.headline for story in response.context["cl"].result_list}


def make_stories(count, authors, picture):
    """``count`` stories, each with three bylines and a hero, across two sections."""
    sections = [SectionFactory(), SectionFactory()]
    for number in range(count):
        trio = [authors[(number + offset) % len(authors)] for offset in range(3)]
        ArticleFactory(authors=trio, hero_image=picture, section=sections[number % 2])


def queries_for_list(client):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(LIST_URL)
    assert response.status_code == 200
    return len(queries), response


def test_the_list_costs_the_same_queries_for_5_or_50_stories(desk_client, django_assert_num_queries):
    authors = [AuthorFactory() for _ in range(6)]
    picture = ImageFactory()
    make_stories(5, authors, picture)
    few, response = queries_for_list(desk_client)
    assert len(response.context["cl"].result_list) == 5

    make_stories(45, authors, picture)
    many, response = queries_for_list(desk_client)
    assert len(response.context["cl"].result_list) == 50

    assert many == few
    # Session, user, the authenticator that verified the session, and the user's and groups'
    # permissions; the filter choices (sections, authors); a count for the paginator (stopping at
    # its cap); the page of stories with their sections and heroes, then one query each for the
    # bylines with their authors and for the heroes' renditions.
    with django_assert_num_queries(11):
        desk_client.get(LIST_URL)


def test_the_list_counts_only_up_to_its_cap(desk_client, monkeypatch):
    from desk.articles import admin as article_admin

    monkeypatch.setattr(article_admin, "COUNT_CAP", 3)
    for _ in range(5):
        ArticleFactory(headline="Comet flyby")
    with CaptureQueriesContext(connection) as queries:
        html = desk_client.get(LIST_URL, {"q": "comet"}).content.decode()
    counts = [query["sql"] for query in queries if query["sql"].startswith("SELECT COUNT(*)")]
    assert counts, "the list counts its stories"
    # The database stops one past the cap: asked again, each count answers 4, not the 5 stories there are.
    with connection.cursor() as cursor:
        for sql in counts:
            cursor.execute(sql)
            assert cursor.fetchone()[0] == 4, sql
    # Counting reads the stories' ids only, not the columns the page's rows carry (a send-back's note),
    # which the rows' own query does read from the audit log.
    audit_log = AuditEntry._meta.db_table
    assert any(audit_log in query["sql"] for query in queries)
    assert all(audit_log not in sql for sql in counts)
    assert "More than 3 articles: search or filter to narrow them" in html
    assert "More than 3 results" in html

    monkeypatch.setattr(article_admin, "COUNT_CAP", 100)
    html = desk_client.get(LIST_URL).content.decode()
    assert "5 articles" in html and "More than" not in html


@time_machine.travel(datetime.datetime(2026, 6, 10, 12, 0, tzinfo=ZoneInfo("America/New_York")), tick=False)
def test_the_publication_time_filter_picks_ranges_of_the_newsroom_day(desk_client):
    now = timezone.now()  # noon in the newsroom: a minute ago is today
    ArticleFactory(headline="Just now", published_at=now - datetime.timedelta(minutes=1))
    ArticleFactory(headline="Three days ago", published_at=now - datetime.timedelta(days=3))
    ArticleFactory(headline="Last year", published_at=now - datetime.timedelta(days=400))
    ArticleFactory(headline="Tomorrow", status=Status.APPROVED, published_at=now + datetime.timedelta(days=1))
    ArticleFactory(headline="Undated draft", status=Status.DRAFT, published_at=None)

    def listed(when):
        return headlines(desk_client.get(LIST_URL, {"when": when}))

    assert listed("today") == {"Just now"}
    assert listed("week") == {"Just now", "Three days ago"}
    assert listed("year") == {"Just now", "Three days ago"}
    assert listed("scheduled") == {"Tomorrow"}
    assert listed("undated") == {"Undated draft"}
    assert len(listed("forged")) == 5


def test_each_row_shows_status_section_bylines_time_thumbnail_and_preview(desk_client):
    hero = ImageFactory(alt_text="Mars at quarter phase")
    story = ArticleFactory(
        headline="Rover finds layered rock",
        section=SectionFactory(name="Science"),
        authors=[AuthorFactory(name="Ada Reporter"), AuthorFactory(name="Ben Contributor")],
        hero_image=hero,
    )

    html = desk_client.get(LIST_URL).content.decode()

    assert "Rover finds layered rock" in html
    assert "Published" in html
    assert "Science" in html
    assert "Ada Reporter, Ben Contributor" in html
    assert 'class="admin-thumbnail"' in html
    assert 'alt="Mars at quarter phase"' in html
    assert f'href="/admin/articles/article/{story.pk}/preview/"' in html
    assert "Rights expired" not in html

    # Once made, the small thumbnail stands in for the original (the list reads only thumbnails).
    thumbnail = get_rendition(hero, THUMBNAIL_RATIO, THUMBNAIL_WIDTH, "jpeg")
    html = desk_client.get(LIST_URL).content.decode()
    assert f'src="{thumbnail.file.url}"' in html
    assert f'src="{hero.file.url}"' not in html


def test_a_hero_whose_rights_expired_is_flagged_in_the_list(desk_client):
    ArticleFactory(hero_image=ImageFactory(usage_expires_on=timezone.localdate() - datetime.timedelta(days=1)))

    assert "Rights expired" in desk_client.get(LIST_URL).content.decode()


def test_newest_first_with_undated_drafts_on_top(desk_client):
    now = timezone.now()
    ArticleFactory(headline="Older", published_at=now - datetime.timedelta(days=2))
    ArticleFactory(headline="Newer", published_at=now - datetime.timedelta(hours=1))
    ArticleFactory(headline="Draft", status=Status.DRAFT, published_at=None)

    response = desk_client.get(LIST_URL)

    assert [story.headline for story in response.context["cl"].result_list] == ["Draft", "Newer", "Older"]


def test_search_looks_in_headline_dek_and_body(desk_client):
    ArticleFactory(headline="Heat shield tested")
    ArticleFactory(headline="Budget passes", dek="The heat shield money survives.")
    ArticleFactory(headline="Crew named", body="<p>The heat shield worked.</p>")
    ArticleFactory(headline="Unrelated")

    response = desk_client.get(LIST_URL, {"q": "heat shield"})

    assert headlines(response) == {"Heat shield tested", "Budget passes", "Crew named"}


def test_status_filter(desk_client):
    ArticleFactory(headline="Live")
    ArticleFactory(headline="Waiting", status=Status.IN_REVIEW, published_at=None)

    assert headlines(desk_client.get(LIST_URL, {"status__exact": Status.IN_REVIEW})) == {"Waiting"}


def test_section_filter(desk_client):
    science = SectionFactory(name="Science")
    ArticleFactory(headline="In science", section=science)
    ArticleFactory(headline="Elsewhere")

    assert headlines(desk_client.get(LIST_URL, {"section__id__exact": science.pk})) == {"In science"}


def test_author_filter_finds_every_story_with_their_byline_once(desk_client):
    ada, ben = AuthorFactory(name="Ada Reporter"), AuthorFactory(name="Ben Contributor")
    ArticleFactory(headline="Ada alone", authors=[ada])
    ArticleFactory(headline="Ada with Ben", authors=[ben, ada])
    ArticleFactory(headline="Ben alone", authors=[ben])

    response = desk_client.get(LIST_URL, {"author": ada.pk})

    assert [story.headline for story in response.context["cl"].result_list].count("Ada with Ben") == 1
    assert headlines(response) == {"Ada alone", "Ada with Ben"}
    assert "Ada Reporter" in response.content.decode()


def test_mine_filter_finds_my_bylines_and_the_stories_i_started(client, db):
    me = UserFactory(is_superuser=True)
    client.force_login(me)
    my_profile = AuthorFactory(user=me)
    ArticleFactory(headline="Bylined to me", authors=[my_profile, AuthorFactory()])
    ArticleFactory(headline="Started by me", created_by=me)
    ArticleFactory(headline="Someone else's")

    response = client.get(LIST_URL, {"mine": "yes"})

    assert headlines(response) == {"Bylined to me", "Started by me"}
    assert len(headlines(client.get(LIST_URL))) == 3


def test_the_list_is_for_staff_only(client, db):
    ArticleFactory()
    assert client.get(LIST_URL).status_code == 302
    client.force_login(UserFactory(is_staff=False))
    assert client.get(LIST_URL).status_code == 302


def row_text(html, headline):
    """What a row of the list reads, from the row holding ``headline``."""
    row = next(row for row in re.findall(r"<tr>.*?</tr>", html, re.S) if headline in row)
    return " ".join(re.sub(r"<[^>]+>", " ", row).split())


@time_machine.travel(datetime.datetime(2026, 11, 30, 12, 0, tzinfo=ZoneInfo("America/New_York")), tick=False)
def test_the_state_column_says_when_a_story_is_scheduled_and_which_drafts_were_sent_back(desk_client, desk):
    newsroom = ZoneInfo("America/New_York")
    ArticleFactory(
        headline="Crew named for the flyby",
        status=Status.PUBLISHED,
        published_at=datetime.datetime(2026, 12, 1, 9, 0, tzinfo=newsroom),
    )
    ArticleFactory(
        headline="Station reboost done",
        status=Status.PUBLISHED,
        published_at=datetime.datetime(2026, 11, 30, 8, 5, tzinfo=newsroom),
    )
    ArticleFactory(
        headline="Last year's eclipse",
        status=Status.PUBLISHED,
        published_at=datetime.datetime(2025, 3, 14, 6, 30, tzinfo=newsroom),
    )
    sent_back = ArticleFactory(headline="Booster fires", status=Status.DRAFT, published_at=None)
    workflow.submit(sent_back, desk, notify=False)
    workflow.send_back(sent_back, desk, "Source the thrust figures.", notify=False)
    resubmitted = ArticleFactory(headline="Lander picks a crater", status=Status.DRAFT, published_at=None)
    workflow.submit(resubmitted, desk, notify=False)
    workflow.send_back(resubmitted, desk, "Name the crater.", notify=False)
    workflow.submit(resubmitted, desk, notify=False)
    ArticleFactory(headline="Comet notes", status=Status.DRAFT, published_at=None)

    html = desk_client.get(LIST_URL).content.decode()

    assert "Scheduled for Tue 1 Dec, 09:00" in row_text(html, "Crew named for the flyby")
    assert "Published Mon 30 Nov, 08:05" in row_text(html, "Station reboost done")
    assert "Published Fri 14 Mar 2025, 06:30" in row_text(html, "Last year&#x27;s eclipse")
    assert "Changes requested" in row_text(html, "Booster fires")
    assert "In review" in row_text(html, "Lander picks a crater")
    assert "Changes requested" not in row_text(html, "Lander picks a crater")
    assert "Draft" in row_text(html, "Comet notes")
    assert "Changes requested" not in row_text(html, "Comet notes")
