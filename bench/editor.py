"""
The editor of the load run: publishes, edits and unpublishes stories while readers load the site.

Every change goes through the newsroom's own services (``articles.workflow``
and ``articles.editing``), as the admin's would. After each one the editor polls
the story's public address, as a reader would, and records how long the change
took to reach readers: a published story answering 200, an edited dek showing,
an unpublished story answering 404.
"""

import time
import urllib.error
import urllib.request

from django.utils import timezone

from articles import editing, workflow
from articles.models import Article, Status

from .generate import editor_user

POLL_INTERVAL = 0.01
POLL_LIMIT = 5.0
PAUSE_BETWEEN_ROUNDS = 1.0


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


def run_editor(base_url, seconds):
    """Rounds of publish, edit and unpublish until ``seconds`` have passed; every change with its delay."""
    editor = editor_user()
    deadline = time.monotonic() + seconds
    drafts = Article.objects.filter(status=Status.DRAFT).order_by("pk").values_list("pk", flat=True)[:500]
    events, published, round_number = [], [], 0
    for draft in list(drafts):
        if time.monotonic() >= deadline:
            break
        round_number += 1
        story = Article.objects.get(pk=draft)
        events.append(_publish(base_url, editor, story))
        published.append(story.pk)
        events.append(_edit(base_url, editor, round_number))
        if len(published) > 1:
            events.append(_unpublish(base_url, editor, Article.objects.get(pk=published.pop(0))))
        time.sleep(PAUSE_BETWEEN_ROUNDS)
    return {"rounds": round_number, "events": events}


def _publish(base_url, editor, story):
    started = time.perf_counter()
    workflow.publish(story, editor, notify=False)
    written = time.perf_counter() - started
    delay = seconds_until(base_url + story.get_absolute_url(), lambda status, body: status == 200)
    return {"action": "publish", "url": story.get_absolute_url(), "write_s": round(written, 4), "visible_s": delay}


def _edit(base_url, editor, round_number):
    """Change the dek of one of the newest live stories, after a reader has seen (and cached) its page."""
    now = timezone.now()
    live = Article.objects.filter(status=Status.PUBLISHED, published_at__lte=now).order_by("-published_at")
    story = live[round_number % 50]
    url = base_url + story.get_absolute_url()
    fetch(url)
    marker = f"Updated in round {round_number} at {now:%H:%M:%S}."
    story.dek = f"{marker} {story.dek}"[:500]
    started = time.perf_counter()
    editing.save_story(story, editor, story.version, substantive_update=True, comment="Benchmark edit")
    written = time.perf_counter() - started
    delay = seconds_until(url, lambda status, body: status == 200 and marker.encode() in body)
    return {"action": "edit", "url": story.get_absolute_url(), "write_s": round(written, 4), "visible_s": delay}


def _unpublish(base_url, editor, story):
    url = base_url + story.get_absolute_url()
    fetch(url)
    started = time.perf_counter()
    workflow.unpublish(story, editor, notify=False)
    written = time.perf_counter() - started
    delay = seconds_until(url, lambda status, body: status == 404)
    return {"action": "unpublish", "url": story.get_absolute_url(), "write_s": round(written, 4), "visible_s": delay}
