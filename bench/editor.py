"""
The editor of the load run: publishes new stories and edits live ones while readers load the site.

One change every ``CHANGE_EVERY_SECONDS``, publishing a draft and editing one of
the newest live stories in turn, through the newsroom's own services
(``articles.workflow`` and ``articles.editing``), as the admin's would. After
each one the editor polls the story's public address, as a reader would, and
records how long the change took to reach readers: a published story answering
200, an edited dek showing.
"""

import math
import time
import urllib.error
import urllib.request

from django.utils import timezone

from articles import editing, workflow
from articles.models import Article, Status

from .generate import editor_user

POLL_INTERVAL = 0.01
POLL_LIMIT = 5.0
# One change every 10 s, busier than most newsrooms' busiest hour: what the page cache is measured under.
CHANGE_EVERY_SECONDS = 10.0


def fetch(url):
    """
    Status and body of a reader's GET (error statuses included).

    A request the busy server did not answer in time, or a dropped connection,
    gives ``(None, b"")``: the poll goes on, and a change never seen is recorded
    as such rather than ending the run.
    """
    try:
        with urllib.request.urlopen(url, timeout=POLL_LIMIT) as response:
            return response.status, response.read()
    except urllib.error.HTTPError as error:
        return error.code, error.read()
    except (urllib.error.URLError, TimeoutError, ConnectionError):
        return None, b""


def seconds_until(url, seen):
    """Poll ``url`` until ``seen(status, body)``; the seconds it took, or None after ``POLL_LIMIT``."""
    started = time.perf_counter()
    while time.perf_counter() - started < POLL_LIMIT:
        status, body = fetch(url)
        if seen(status, body):
            return round(time.perf_counter() - started, 4)
        time.sleep(POLL_INTERVAL)
    return None


def change_plan(seconds, every=CHANGE_EVERY_SECONDS):
    """When each change falls (seconds from the start) and what it is: publish and edit in turn, publish first."""
    count = math.ceil(seconds / every) if seconds > 0 else 0
    return [(number * every, "publish" if number % 2 == 0 else "edit") for number in range(count)]


def run_editor(base_url, seconds):
    """
    The changes of ``change_plan`` at their times; every change with its delay. A publish finds the next
    draft; when none is left, the editor edits a live story instead.
    """
    editor = editor_user()
    drafts = Article.objects.filter(status=Status.DRAFT).order_by("pk").values_list("pk", flat=True)
    started = time.monotonic()
    events = []
    for number, (offset, action) in enumerate(change_plan(seconds)):
        time.sleep(max(0.0, started + offset - time.monotonic()))
        draft = drafts.first() if action == "publish" else None
        if draft is not None:
            events.append(_publish(base_url, editor, Article.objects.get(pk=draft)))
        else:
            events.append(_edit(base_url, editor, number))
    return {"changes": len(events), "events": events}


def _publish(base_url, editor, story):
    started = time.perf_counter()
    workflow.publish(story, editor, notify=False)
    written = time.perf_counter() - started
    delay = seconds_until(base_url + story.get_absolute_url(), lambda status, body: status == 200)
    return {"action": "publish", "url": story.get_absolute_url(), "write_s": round(written, 4), "visible_s": delay}


def _edit(base_url, editor, number):
    """Change the dek of one of the newest live stories, after a reader has seen (and cached) its page."""
    now = timezone.now()
    live = Article.objects.filter(status=Status.PUBLISHED, published_at__lte=now).order_by("-published_at")
    story = live[number % 50]
    url = base_url + story.get_absolute_url()
    fetch(url)
    marker = f"Updated by change {number} at {now:%H:%M:%S}."
    story.dek = f"{marker} {story.dek}"[:500]
    started = time.perf_counter()
    editing.save_story(story, editor, story.version, substantive_update=True, comment="Benchmark edit")
    written = time.perf_counter() - started
    delay = seconds_until(url, lambda status, body: status == 200 and marker.encode() in body)
    return {"action": "edit", "url": story.get_absolute_url(), "write_s": round(written, 4), "visible_s": delay}
