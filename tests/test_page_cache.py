"""The page cache: fast for readers, never stale after a change, never for staff."""

import datetime
import re

import pytest
import time_machine
from django.core.cache import caches
from django.db import connection
from django.test import override_settings
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from django.utils.http import parse_http_date

from articles import workflow
from articles.models import Correction, Section, Status, article_url, local_date
from tests.factories import ArticleFactory, ImageFactory
from tests.pages import local_midday

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("page_cache_on")]


def get(client, url, **headers):
    return client.get(url, headers=headers)


def test_second_anonymous_request_is_served_from_the_cache(client):
    story = ArticleFactory(headline="Cached headline")
    first = get(client, story.get_absolute_url())
    second = get(client, story.get_absolute_url())
    assert first["X-Page-Cache"] == "miss"
    assert second["X-Page-Cache"] == "hit"
    assert second.content == first.content
    assert second["Content-Type"] == first["Content-Type"]
    assert second["X-Frame-Options"] == first["X-Frame-Options"] == "DENY"


def test_publishing_shows_the_story_on_the_next_request(client, desk):
    ArticleFactory(headline="Older story")
    get(client, "/")
    draft = ArticleFactory(headline="Breaking: launch scrubbed", status=Status.APPROVED, published_at=None)
    assert b"Breaking: launch scrubbed" not in get(client, "/").content
    workflow.publish(draft, desk)
    response = get(client, "/")
    assert response["X-Page-Cache"] == "miss"
    assert b"Breaking: launch scrubbed" in response.content


def test_unpublishing_answers_404_at_once(client, desk):
    story = ArticleFactory()
    url = story.get_absolute_url()
    assert get(client, url).status_code == 200
    assert get(client, url)["X-Page-Cache"] == "hit"
    workflow.unpublish(story, desk)
    assert get(client, url).status_code == 404


def test_a_credit_fixed_in_the_library_reaches_every_cached_page(client):
    picture = ImageFactory(credit="Wrong Agency")
    stories = [ArticleFactory(hero_image=picture) for _ in range(2)]
    for story in stories:
        assert b"Wrong Agency" in get(client, story.get_absolute_url()).content
    picture.credit = "Right Agency"
    picture.save()
    for story in stories:
        html = get(client, story.get_absolute_url()).content
        assert b"Right Agency" in html and b"Wrong Agency" not in html


def test_a_correction_reaches_the_cached_page(client):
    story = ArticleFactory()
    assert b"The launch was on Tuesday" not in get(client, story.get_absolute_url()).content
    assert get(client, story.get_absolute_url())["X-Page-Cache"] == "hit"
    Correction.objects.create(article=story, text="The launch was on Tuesday, not Monday.")
    response = get(client, story.get_absolute_url())
    assert response["X-Page-Cache"] == "miss"
    assert b"The launch was on Tuesday, not Monday." in response.content


def test_drafts_saved_all_day_do_not_flush_the_cache(client):
    story = ArticleFactory()
    get(client, story.get_absolute_url())
    assert get(client, story.get_absolute_url())["X-Page-Cache"] == "hit"
    writer = story.bylines.get().author
    draft = ArticleFactory(status=Status.DRAFT, published_at=None, section=story.section, authors=[writer])
    draft.headline = "Still drafting"
    draft.save()
    assert get(client, story.get_absolute_url())["X-Page-Cache"] == "hit"


def test_a_scheduled_story_appears_at_its_second_although_pages_were_cached(client, desk):
    start = local_midday()
    due = start + datetime.timedelta(minutes=2)
    with time_machine.travel(start, tick=False):
        ArticleFactory(headline="Already out")
        scheduled = ArticleFactory(headline="Embargoed until two minutes", status=Status.APPROVED, published_at=None)
        workflow.publish(scheduled, desk, at=due)
        assert b"Embargoed until two minutes" not in get(client, "/").content
        assert get(client, "/")["X-Page-Cache"] == "hit"

    with time_machine.travel(due - datetime.timedelta(seconds=1), tick=False):
        assert get(client, "/")["X-Page-Cache"] == "hit"
        assert get(client, scheduled.get_absolute_url()).status_code == 404

    with time_machine.travel(due, tick=False):
        response = get(client, "/")
        assert response["X-Page-Cache"] == "miss"
        assert b"Embargoed until two minutes" in response.content
        assert get(client, scheduled.get_absolute_url()).status_code == 200


def public_headers(response):
    """What a reader or a CDN learns from a response's caching headers (Expires as seconds from Date)."""
    expires = parse_http_date(response["Expires"]) - int(timezone.now().timestamp())
    return response["Cache-Control"], response["Vary"], expires


@pytest.mark.parametrize("minutes_away", [1, 3, 30])
@pytest.mark.parametrize("url", ["/", "/feed/", "/sitemap.xml", "/corrections/"])
def test_no_response_tells_when_an_embargoed_story_is_due(client, desk, url, minutes_away):
    start = local_midday()
    with time_machine.travel(start, tick=False):
        ArticleFactory(headline="Already out")
        quiet = public_headers(get(client, url))
        caches["default"].clear()
        scheduled = ArticleFactory(headline="Embargoed", status=Status.APPROVED, published_at=None)
        workflow.publish(scheduled, desk, at=start + datetime.timedelta(minutes=minutes_away))
        for _ in range(2):  # a miss, then a hit
            assert public_headers(get(client, url)) == quiet
        assert quiet[2] == 60 and "max-age=60" in quiet[0]


def test_a_correction_dated_later_reaches_cached_pages_at_its_time(client, desk):
    start = local_midday()
    with time_machine.travel(start, tick=False):
        story = ArticleFactory()
        Correction.objects.create(
            article=story, text="The crew numbered three.", published_at=start + datetime.timedelta(minutes=3)
        )
        get(client, story.get_absolute_url())
        assert get(client, story.get_absolute_url())["X-Page-Cache"] == "hit"
    with time_machine.travel(start + datetime.timedelta(minutes=3), tick=False):
        assert get(client, story.get_absolute_url())["X-Page-Cache"] == "miss"


def test_staff_never_get_cached_pages(client, desk):
    story = ArticleFactory()
    get(client, story.get_absolute_url())
    assert get(client, story.get_absolute_url())["X-Page-Cache"] == "hit"
    client.force_login(desk)
    response = get(client, story.get_absolute_url())
    assert "X-Page-Cache" not in response
    assert "private" in response["Cache-Control"]


def test_conditional_requests_get_304(client):
    story = ArticleFactory()
    first = get(client, story.get_absolute_url())
    etag = first["ETag"]
    assert etag and first["Last-Modified"]
    again = get(client, story.get_absolute_url(), **{"If-None-Match": etag})
    assert again.status_code == 304
    assert again.content == b""
    changed = get(client, story.get_absolute_url(), **{"If-None-Match": '"something-else"'})
    assert changed.status_code == 200


def test_cdn_headers(client):
    response = get(client, "/")
    cache_control = {part.strip() for part in response["Cache-Control"].split(",")}
    assert {"public", "max-age=60", "stale-while-revalidate=300"} <= cache_control
    vary = {part.strip().lower() for part in response["Vary"].split(",")}
    assert {"cookie", "accept-encoding"} <= vary


def test_not_found_pages_are_not_cached(client):
    """A missing page is asked for again each time: nothing is stored, and the address answers once a story has it."""
    published_at = timezone.now() - datetime.timedelta(minutes=5)
    url = article_url(local_date(published_at), "nothing-here")
    for _ in range(2):
        response = get(client, url)
        assert response.status_code == 404
        assert "X-Page-Cache" not in response
    story = ArticleFactory(slug="nothing-here", published_at=published_at)
    assert story.get_absolute_url() == url
    assert get(client, url).status_code == 200


@override_settings(
    CACHES={
        "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "worker-1"},
        "worker2": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "worker-2"},
    }
)
def test_an_edit_in_one_worker_reaches_pages_cached_by_another(client, settings, desk):
    """Each worker has its own local-memory cache; the content version in the database ties them."""
    story = ArticleFactory(headline="Shared story")
    url = story.get_absolute_url()
    get(client, url)  # cached by worker 1
    settings.PAGE_CACHE_ALIAS = "worker2"
    get(client, url)  # cached by worker 2
    assert get(client, url)["X-Page-Cache"] == "hit"

    settings.PAGE_CACHE_ALIAS = "default"  # worker 1 handles the unpublish
    workflow.unpublish(story, desk)
    settings.PAGE_CACHE_ALIAS = "worker2"  # worker 2 never heard of it, but reads the version
    assert get(client, url).status_code == 404
    caches["worker2"].clear()


@pytest.mark.parametrize("listening", [True, False])
def test_the_cache_costs_one_query_a_request_or_none_while_listening(
    client, settings, django_assert_num_queries, listening
):
    """
    The version and the next scheduled time come in one read, which a process listening for changes
    (PostgreSQL) makes only when one was heard; the navigation is read once a version.
    """
    settings.PAGE_CACHE_LISTEN = listening
    state_reads = 0 if listening and connection.vendor == "postgresql" else 1
    first, second = ArticleFactory(hero_image=ImageFactory()), ArticleFactory(hero_image=ImageFactory())
    get(client, "/")  # reads the navigation's sections at this version
    # The cache's read, then the story page's own queries as it draws and keeps its parts (its count
    # pinned in tests/articles/test_public_article.py, less the content version the cache has read).
    with django_assert_num_queries(state_reads + 8):
        assert get(client, first.get_absolute_url())["X-Page-Cache"] == "miss"
    with django_assert_num_queries(state_reads):
        assert get(client, first.get_absolute_url())["X-Page-Cache"] == "hit"
    with django_assert_num_queries(state_reads + 8):
        assert get(client, second.get_absolute_url())["X-Page-Cache"] == "miss"


def section_reads(queries):
    """How many of the captured queries read the sections' own table (not a join from the stories)."""
    table = re.compile(rf"\bFROM\s+{re.escape(connection.ops.quote_name(Section._meta.db_table))}(\s|$)")
    return sum(1 for query in queries if table.search(query["sql"]))


def test_the_home_page_reads_the_sections_once_a_version(client):
    """The front's section blocks and the navigation share the list read at this content version."""
    launches = ArticleFactory(section__name="Launches").section
    for _ in range(7):  # past the lead and the six latest, so the section has a block of its own
        ArticleFactory(section=launches)
    with CaptureQueriesContext(connection) as first:
        get(client, "/")
    # The check below looks for reads from the sections' table: the first page of this version makes one.
    assert section_reads(first) == 1
    caches["default"].clear()
    with CaptureQueriesContext(connection) as queries:
        response = get(client, "/")  # a miss, with the sections already known at this version
    assert response["X-Page-Cache"] == "miss"
    assert b">Launches</a></h2>" in response.content and b">Launches</a></li>" in response.content
    assert section_reads(queries) == 0


def test_a_renamed_section_reaches_the_navigation_of_every_page(client):
    story = ArticleFactory(section__name="Launches")
    other = ArticleFactory()
    assert b">Launches</a></li>" in get(client, story.get_absolute_url()).content
    story.section.name = "Launch pad"
    story.section.save()
    for url in (story.get_absolute_url(), other.get_absolute_url(), "/"):
        html = get(client, url).content
        assert b">Launch pad</a></li>" in html
        assert b">Launches</a></li>" not in html


@pytest.mark.parametrize("name", ["Launches", "Landings"])
def test_each_test_database_draws_its_own_navigation(client, name):
    """Both runs reach the same content version with other sections: the fixtures forget the kept list between."""
    ArticleFactory(section__name=name)
    assert f">{name}</a></li>".encode() in get(client, "/").content


# A cache that drops everything once it holds two pages: a stand-in for a full Redis evicting.
TWO_PAGE_CACHE = {
    "default": {
        "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
        "LOCATION": "two-pages",
        "OPTIONS": {"MAX_ENTRIES": 2, "CULL_FREQUENCY": 0},
    }
}


@override_settings(CACHES=TWO_PAGE_CACHE)
def test_unknown_parameters_share_the_page_they_decorate(client):
    """Tracking parameters neither make new copies (pushing real pages out) nor reach the views."""
    story = ArticleFactory()
    url = story.get_absolute_url()
    assert get(client, url)["X-Page-Cache"] == "miss"
    for n in range(5):
        assert get(client, f"{url}?utm_source=mail{n}&fbclid={n}")["X-Page-Cache"] == "hit"
    assert get(client, url)["X-Page-Cache"] == "hit"


def test_a_live_storys_parameters_make_no_copies_of_other_pages(client):
    story = ArticleFactory()
    for url in ("/", f"/sections/{story.section.slug}/", story.get_absolute_url()):
        assert get(client, url)["X-Page-Cache"] == "miss"
        for n in range(3):
            # ``from`` is a story page's own (its older updates); ``since`` only a live story's poll reads.
            extra = f"since={1717245600 + 5 * n}" + ("" if url == story.get_absolute_url() else f"&from={n}")
            assert get(client, f"{url}?{extra}")["X-Page-Cache"] == "hit", url


def test_known_parameters_are_keyed_in_one_spelling(client):
    section = ArticleFactory().section
    for _ in range(20):
        ArticleFactory(section=section)
    second = get(client, f"/sections/{section.slug}/?page=2")
    assert second["X-Page-Cache"] == "miss"
    again = get(client, f"/sections/{section.slug}/?utm_campaign=x&page=002")
    assert again["X-Page-Cache"] == "hit"
    assert again.content == second.content
    assert get(client, f"/sections/{section.slug}/")["X-Page-Cache"] == "miss"


@override_settings(CACHES=TWO_PAGE_CACHE)
def test_search_pages_are_answered_fresh_and_never_stored(client):
    """Anyone can ask for endless queries; none of them pushes the newsroom's pages out."""
    ArticleFactory(headline="Spacewalk planned", body="<p>A spacewalk.</p>")
    assert get(client, "/")["X-Page-Cache"] == "miss"
    for n in range(5):
        response = get(client, f"/search/?q=spacewalk+{n}")
        assert response.status_code == 200
        assert "X-Page-Cache" not in response
        assert "public" in response["Cache-Control"]
    assert get(client, "/")["X-Page-Cache"] == "hit"


def test_a_lost_state_row_is_made_again_and_caching_goes_on(client, desk):
    """Without its row the cache cannot tell a current page: it answers fresh, makes the row again, and goes on."""
    from pagecache.models import PublicationState

    start = local_midday()
    with time_machine.travel(start, tick=False):
        ArticleFactory(headline="First out")
        assert get(client, "/")["X-Page-Cache"] == "miss"
        scheduled = ArticleFactory(headline="Due in a minute", status=Status.APPROVED, published_at=None)
        workflow.publish(scheduled, desk, at=start + datetime.timedelta(minutes=1))
        PublicationState.objects.all().delete()
        response = get(client, "/")
        assert response.status_code == 200 and "X-Page-Cache" not in response
        assert get(client, "/")["X-Page-Cache"] == "miss"
        assert get(client, "/")["X-Page-Cache"] == "hit"
    with time_machine.travel(start + datetime.timedelta(minutes=1), tick=False):
        response = get(client, "/")  # the row made again still knew when the scheduled story falls due
        assert response["X-Page-Cache"] == "miss"
        assert b"Due in a minute" in response.content


def test_a_cache_hit_keeps_its_policy_without_building_it_again(client, monkeypatch):
    import csp.middleware

    story = ArticleFactory(headline="Policy kept")
    first = get(client, story.get_absolute_url())
    built = []
    real = csp.middleware.build_policy
    monkeypatch.setattr(csp.middleware, "build_policy", lambda **parts: built.append(parts) or real(**parts))
    hit = get(client, story.get_absolute_url())
    assert hit["X-Page-Cache"] == "hit"
    assert hit["Content-Security-Policy"] == first["Content-Security-Policy"]
    assert "script-src 'self'" in hit["Content-Security-Policy"]
    assert hit["Permissions-Policy"] == first["Permissions-Policy"]
    assert built == []


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)  # the connection closes mid-test
@pytest.mark.parametrize("prepared", [True, False])
def test_the_state_is_read_on_a_new_connection_too(client, settings, prepared):
    """On PostgreSQL the state's query is prepared once per connection; a new connection prepares it again."""
    settings.PAGE_CACHE_PREPARED = prepared
    settings.PAGE_CACHE_LISTEN = False  # so that every request reads the state
    story = ArticleFactory()
    connection.close()
    with CaptureQueriesContext(connection) as queries:
        assert get(client, story.get_absolute_url())["X-Page-Cache"] == "miss"
    # The first read on a connection prepares and runs the statement in one round trip.
    assert any(query["sql"].startswith("PREPARE ") for query in queries) == prepared
    with CaptureQueriesContext(connection) as queries:
        assert get(client, story.get_absolute_url())["X-Page-Cache"] == "hit"
    assert [query["sql"].split()[0] for query in queries] == (["EXECUTE"] if prepared else ["SELECT"])
    connection.close()  # the server's end of a prepared statement goes with its connection
    with CaptureQueriesContext(connection) as queries:
        assert get(client, story.get_absolute_url())["X-Page-Cache"] == "hit"
    assert [query["sql"].split()[0] for query in queries] == (["PREPARE"] if prepared else ["SELECT"])


@pytest.mark.postgres
def test_a_lost_listening_connection_is_opened_again(client):
    from pagecache.state import ledger

    story = ArticleFactory()
    get(client, story.get_absolute_url())
    lost = ledger.listener.connection
    lost.close()  # the server went away, say
    with CaptureQueriesContext(connection) as queries:
        assert get(client, story.get_absolute_url())["X-Page-Cache"] == "hit"
    assert len(queries) == 1  # heard nothing it could trust: it read the state
    assert get(client, story.get_absolute_url())["X-Page-Cache"] == "hit"
    assert ledger.listener.connection is not None and ledger.listener.connection is not lost
    assert not ledger.listener.connection.closed
