"""
A live story's page with fifty updates (the demo's launch day and more, key events, a pinned one, a
figure from the library) and its older page: the Nu Html Checker finds no error, and axe-core no WCAG
2.1 A/AA violation in chromium.
"""

import json
import subprocess

import pytest
from django.apps import apps as django_apps
from django.core.management import call_command

from articles import live
from articles.models import Article, LiveEntry
from articles.roles import sync_groups
from media.models import Image
from tests.site.conftest import axe_findings

UPDATES = 50


def fifty_updates():
    """The demo's live story with updates enough for an older page: fifty in all."""
    sync_groups(django_apps)
    call_command("seed_demo", "--force", stdout=open("/dev/null", "w"))  # noqa: SIM115
    story = Article.objects.get(slug="shenzhou-crew-launch-day-live")
    desk = story.live_coverage.started_by
    author = story.bylines.first().author
    mirror = Image.objects.get(title="Segmented telescope mirror")
    figure = (
        f'<figure><img src="{mirror.file.url}" data-file="{mirror.pk}" alt="">'
        "<figcaption>The mirror that will fly next year.</figcaption></figure>"
    )
    for number in range(UPDATES - LiveEntry.objects.filter(article=story).count()):
        body = f"<p>Telemetry check number {number}: all <strong>nominal</strong>.</p>"
        live.post_entry(story, desk, body=body + (figure if number == 3 else ""), authors=[author])
    return story


@pytest.mark.django_db
def test_a_live_page_with_fifty_updates_is_valid_html(client, make_renditions, vnu_command, tmp_path):
    story = fifty_updates()
    make_renditions(*Image.objects.all())
    page = client.get(story.get_absolute_url()).content.decode()
    older = client.get(story.get_absolute_url() + "?from=" + page.split("?from=")[-1].split("#")[0])
    assert older.status_code == 200
    files = {"live.html": page, "older.html": older.content.decode()}
    for name, html in files.items():
        (tmp_path / name).write_text(html)
    assert (
        page.count('<article class="live-update') == 21 and LiveEntry.objects.filter(article=story).count() == UPDATES
    )
    checked = subprocess.run(
        [*vnu_command, "--format", "json", "--stdout", "--errors-only", *(str(tmp_path / name) for name in files)],
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    messages = json.loads(checked.stdout)["messages"]
    errors = [f"{m.get('url', '').rsplit('/', 1)[-1]}:{m.get('lastLine')}: {m['message']}" for m in messages]
    assert errors == []


@pytest.fixture
def live_pages(live_server):
    """The newest page of the story with fifty updates and an older one, on the live server."""
    story = fifty_updates()
    url = live_server.url + story.get_absolute_url()
    oldest = LiveEntry.objects.filter(article=story, pinned=False).order_by("published_at", "id")
    return [("newest", url), ("older", f"{url}?from={oldest.values_list('pk', flat=True)[5]}")]


# ``live_pages`` comes before ``browser``: the database is filled before Playwright's event loop starts.
@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_a_live_page_with_fifty_updates_has_no_wcag_violations(axe_script, live_pages, browser):
    context = browser.new_context(bypass_csp=True, viewport={"width": 1280, "height": 900})
    page = context.new_page()
    found = {}
    for name, address in live_pages:
        page.goto(address)
        assert "Georgia" in page.evaluate("getComputedStyle(document.body).fontFamily")
        violations = axe_findings(page, axe_script)
        if violations:
            found[name] = violations
    assert found == {}
