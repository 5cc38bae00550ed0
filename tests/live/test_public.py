"""
What readers get of a live story: the key events, the pinned update, the updates newest first twenty at
a time with older pages that work without a script, the poll that the page's script reads (a few shared
answers, kept by the page cache until an update changes them), the structured data and the story's feed.
"""

import json
import re
from pathlib import Path

import feedparser
import pytest
from django.conf import settings
from django.core.cache import caches

from articles import live, workflow
from articles.models import Correction
from public.models import StoryPart
from tests.factories import ArticleFactory
from tests.live.stories import live_story, post
from tests.pages import get

pytestmark = pytest.mark.django_db


@pytest.fixture
def cached(settings):
    settings.PAGE_CACHE_SECONDS = 300
    caches["default"].clear()


def poll_of(html):
    found = re.search(r'data-poll="([^"]+)" data-since="(\d+)"', html)
    return found.group(1), int(found.group(2))


def shown_updates(html):
    return re.findall(r'<article class="live-update[^"]*" id="update-(\d+)"', html)


def json_ld(html):
    return json.loads(re.search(r'<script type="application/ld\+json">(.*?)</script>', html, re.S).group(1))


def test_the_page_shows_key_events_the_pinned_update_then_the_newest_twenty(client, desk):
    story = live_story(desk)
    entries = [post(story, desk, text=f"Update {n}.", key_event=n in (2, 30), pinned=n == 10) for n in range(35)]
    html = get(client, story.get_absolute_url())
    key_events = re.search(r'<ol class="key-events-list">(.*?)</ol>', html, re.S).group(1)
    assert re.findall(r"</time> (Update \d+)\.", key_events) == ["Update 30", "Update 2"]
    # On this page, a key event links to its place; further down, to the older page that starts with it.
    assert f'href="#update-{entries[30].pk}"' in key_events
    assert f'href="?from={entries[2].pk}#update-{entries[2].pk}"' in key_events
    newest = [str(entry.pk) for entry in reversed(entries) if not entry.pinned][:20]
    assert shown_updates(html) == [str(entries[10].pk), *newest]
    section = html[html.index('<section class="live-coverage"') :]
    assert section.index("Update 10.") < section.index("Update 34.")

    older = re.search(r'<a href="(\?from=\d+)#live">Show older updates</a>', html).group(1)
    older_page = get(client, story.get_absolute_url() + older)
    rest = [str(entry.pk) for entry in reversed(entries[:15]) if not entry.pinned]
    assert shown_updates(older_page) == rest
    assert "Show older updates" not in older_page and "Newest updates" in older_page
    assert "data-poll" not in older_page


def test_an_older_page_shows_the_same_updates_however_many_come_after(client, desk):
    story = live_story(desk)
    entries = [post(story, desk, text=f"Update {n}.") for n in range(25)]
    address = f"{story.get_absolute_url()}?from={entries[4].pk}"
    before = shown_updates(get(client, address))
    for n in range(5):
        post(story, desk, text=f"Later {n}.")
    assert shown_updates(get(client, address)) == before == [str(entry.pk) for entry in reversed(entries[:5])]


@pytest.mark.parametrize("starts_from", ["999999", "abc", "0"])
def test_an_older_page_from_no_update_of_the_story_is_not_found(client, desk, starts_from):
    story = live_story(desk)
    post(story, desk)
    assert client.get(f"{story.get_absolute_url()}?from={starts_from}").status_code == 404
    plain = ArticleFactory()
    assert client.get(f"{plain.get_absolute_url()}?from=1").status_code == 404


def test_deleted_updates_leave_the_page(client, desk):
    story = live_story(desk)
    gone = post(story, desk, text="A wrong figure.", key_event=True)
    post(story, desk, text="The right figure.")
    live.delete_entry(gone, desk)
    html = get(client, story.get_absolute_url())
    assert "A wrong figure." not in html and "The right figure." in html


def test_a_story_not_covered_live_shows_no_updates_and_has_no_poll_or_feed(client):
    story = ArticleFactory()
    html = get(client, story.get_absolute_url())
    assert 'id="live"' not in html and "live.js" not in html
    assert client.get(story.get_absolute_url() + "updates.json?since=0").status_code == 404
    assert client.get(story.get_absolute_url() + "feed/").status_code == 404


def test_the_script_is_small_and_comes_only_while_the_coverage_goes_on(client, desk):
    script = Path(settings.BASE_DIR, "static", "js", "live.js")
    assert script.stat().st_size < 3 * 1024
    story = live_story(desk)
    post(story, desk)
    html = get(client, story.get_absolute_url())
    assert re.search(r'<script src="/static/js/live\.js" defer></script>', html)
    live.end_coverage(story, desk)
    html = get(client, story.get_absolute_url())
    assert "live.js" not in html and "data-poll" not in html and "Live coverage ended" in html


# The poll -----------------------------------------------------------------------------------------


def test_the_poll_answers_what_changed_since_the_page_was_drawn(client, desk):
    story = live_story(desk)
    first = post(story, desk, text="Engines at full thrust.")
    address, since = poll_of(get(client, story.get_absolute_url()))
    later = post(story, desk, text="Tower cleared.", key_event=True)
    live.delete_entry(first, desk)
    answer = client.get(f"{address}?since={since}").json()
    assert answer["open"] is True
    changed = {item["id"]: item for item in answer["updates"]}
    assert changed[first.pk]["deleted"] is True and "html" not in changed[first.pk]
    assert "Tower cleared." in changed[later.pk]["html"] and changed[later.pk]["key_event"]
    assert f'href="#update-{later.pk}"' in changed[later.pk]["key_event_html"]
    # The next question starts from the newest change, at the start of its bucket.
    assert answer["since"] % 5 == 0 and answer["since"] >= since - since % 5


def test_the_poll_is_shared_by_readers_in_the_same_bucket_and_kept_until_an_update(client, desk, cached):
    story = live_story(desk)
    post(story, desk)
    address, since = poll_of(get(client, story.get_absolute_url()))
    bucket = since - since % 5
    first = client.get(f"{address}?since={bucket}&utm_source=feed")
    assert first["X-Page-Cache"] == "miss"
    assert first["Cache-Control"] == "public, max-age=5"
    for moment in (bucket + 1, bucket + 4):
        assert client.get(f"{address}?since={moment}")["X-Page-Cache"] == "hit"
    assert client.get(f"{address}?since={bucket + 5}")["X-Page-Cache"] == "miss"
    post(story, desk, text="Fairing jettisoned.")
    fresh = client.get(f"{address}?since={bucket}")
    assert fresh["X-Page-Cache"] == "miss" and "Fairing jettisoned." in fresh.content.decode()


def test_a_new_update_makes_the_page_stale_without_drawing_the_story_again(client, desk, cached):
    story = live_story(desk)
    get(client, story.get_absolute_url())
    kept = dict(StoryPart.objects.filter(article=story).values_list("kind", "made_at"))
    assert client.get(story.get_absolute_url())["X-Page-Cache"] == "hit"
    post(story, desk, text="Orbit confirmed.")
    response = client.get(story.get_absolute_url())
    assert response["X-Page-Cache"] == "miss" and "Orbit confirmed." in response.content.decode()
    assert dict(StoryPart.objects.filter(article=story).values_list("kind", "made_at")) == kept


def test_an_older_page_is_kept_longer_by_http_caches(client, desk, cached):
    story = live_story(desk)
    entries = [post(story, desk, text=f"Update {n}.") for n in range(3)]
    response = client.get(f"{story.get_absolute_url()}?from={entries[0].pk}")
    assert response["Cache-Control"] == "public, max-age=3600"
    newest = client.get(story.get_absolute_url())
    assert "max-age=60" in newest["Cache-Control"]


def test_the_poll_of_a_story_taken_down_is_not_found_even_after_it_was_kept(client, desk, cached):
    story = live_story(desk)
    post(story, desk)
    address, since = poll_of(get(client, story.get_absolute_url()))
    assert client.get(f"{address}?since={since}").status_code == 200
    workflow.unpublish(story, desk, notify=False)
    assert client.get(f"{address}?since={since}").status_code == 404


@pytest.mark.parametrize("since", ["", "yesterday", "-5"])
def test_a_poll_without_a_moment_is_not_found(client, desk, since):
    story = live_story(desk)
    assert client.get(f"{story.get_absolute_url()}updates.json?since={since}").status_code == 404


def test_a_live_page_costs_two_queries_more_than_a_story_and_the_poll_three(client, desk, django_assert_num_queries):
    story = live_story(desk)
    for n in range(30):
        post(story, desk, text=f"Update {n}.", key_event=n % 3 == 0)
    get(client, story.get_absolute_url())
    # Kept parts: the story's row with its parts and its coverage; the navigation's sections; the updates
    # with their authors and figures (the figures' renditions are one more query when there are any).
    with django_assert_num_queries(3):
        get(client, story.get_absolute_url())
    address, since = poll_of(get(client, story.get_absolute_url()))
    with django_assert_num_queries(2):
        assert client.get(f"{address}?since={since}").status_code == 200


# Structured data, feeds, corrections -------------------------------------------------------------


def test_structured_data_describes_a_live_blog_posting(client, desk):
    story = live_story(desk)
    entry = post(story, desk, text="Stage separation.", title="Stage two lit")
    data = json_ld(get(client, story.get_absolute_url()))
    assert data["@type"] == "LiveBlogPosting"
    assert data["headline"] == story.headline and data["publisher"]["@type"] == "NewsMediaOrganization"
    assert data["coverageStartTime"] and "coverageEndTime" not in data
    [update] = data["liveBlogUpdate"]
    assert update["headline"] == "Stage two lit" and update["articleBody"] == "Stage separation."
    assert update["url"].endswith(f"{story.get_absolute_url()}#update-{entry.pk}")
    live.end_coverage(story, desk)
    assert "coverageEndTime" in json_ld(get(client, story.get_absolute_url()))


def test_the_storys_own_feed_carries_its_updates(client, desk):
    story = live_story(desk)
    post(story, desk, text="Countdown holds at T-10 minutes.")
    post(story, desk, text="Countdown resumes.", title="Go for launch")
    html = get(client, story.get_absolute_url())
    assert f'href="{story.get_absolute_url()}feed/"' in html
    feed = feedparser.parse(client.get(story.get_absolute_url() + "feed/").content)
    assert [item.title for item in feed.entries] == ["Go for launch", "Countdown holds at T-10 minutes."]
    assert feed.entries[0].link.endswith("#update-" + feed.entries[0].id.rsplit("-", 1)[1])
    atom = feedparser.parse(client.get(story.get_absolute_url() + "feed/atom/").content)
    assert len(atom.entries) == 2


def test_a_correction_of_an_update_is_a_correction_of_the_story(client, desk):
    story = live_story(desk)
    entry = post(story, desk, text="The crew numbered four.")
    Correction.objects.create(article=story, entry=entry, text="The crew numbered three.")
    html = get(client, story.get_absolute_url())
    box = re.search(r'<aside class="corrections-box".*?</aside>', html, re.S).group(0)
    assert f'to <a href="{story.get_absolute_url()}#update-{entry.pk}">a live update</a>' in box
    assert "The crew numbered three." in get(client, "/corrections/")


def test_a_kept_page_shows_the_coverage_once_an_editor_starts_it(client, desk, cached):
    story = ArticleFactory()
    get(client, story.get_absolute_url())
    assert client.get(story.get_absolute_url())["X-Page-Cache"] == "hit"
    live.start_coverage(story, desk)
    response = client.get(story.get_absolute_url())
    assert response["X-Page-Cache"] == "miss" and 'id="live"' in response.content.decode()
