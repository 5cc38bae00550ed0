"""
axe-core, run in Debian's chromium against a live server, finds no WCAG 2.1 A/AA violation.

The pages come from the demo newsroom, with its pictures and their renditions,
styled by the real stylesheet (colour contrast is checked on what is drawn).
"""

import pytest
from django.apps import apps as django_apps
from django.core.management import call_command

from articles.models import Article
from articles.roles import sync_groups
from tests.site.conftest import RUN_AXE, WCAG_21_AA, axe_findings, demo_pages

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def violations_on(page, url, axe_script):
    page.goto(url)
    # Contrast is only checked for real when the stylesheet has loaded.
    assert "Georgia" in page.evaluate("getComputedStyle(document.body).fontFamily"), url
    return axe_findings(page, axe_script)


@pytest.fixture
def site_pages(live_server):
    """The demo newsroom, committed so the live server sees it (its uploads make their renditions)."""
    # An earlier transactional test may have flushed the groups the role migration made.
    sync_groups(django_apps)
    call_command("seed_demo", "--force", stdout=open("/dev/null", "w"))  # noqa: SIM115
    seed = Article.objects.get(slug="chinese-space-officials-meeting-with-nasa-today")
    return [(name, live_server.url + path) for name, path in demo_pages(seed)]


# ``site_pages`` comes before ``browser``: the database is filled before Playwright's event loop starts.
def test_public_pages_have_no_wcag_violations(axe_script, site_pages, browser):
    # The strict Content-Security-Policy would refuse the injected checker; the pages are unchanged.
    context = browser.new_context(bypass_csp=True, viewport={"width": 1280, "height": 900})
    page = context.new_page()
    found = {}
    for name, url in site_pages:
        violations = violations_on(page, url, axe_script)
        if violations:
            found[name] = violations
    assert found == {}


def test_axe_does_report_a_violation(axe_script, browser, live_server):
    context = browser.new_context(bypass_csp=True)
    page = context.new_page()
    page.set_content('<html><body><img src="x.png"><p style="color:#ccc;background:#fff">Faint</p></body></html>')
    page.add_script_tag(content=axe_script)
    ids = {violation["id"] for violation in page.evaluate(RUN_AXE, WCAG_21_AA)}
    assert {"image-alt", "color-contrast", "html-has-lang"} <= ids
