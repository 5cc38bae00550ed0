"""
axe-core, run in Debian's chromium against a live server, finds no serious or critical WCAG 2.1 A/AA
violation on the pages staff work in, signed in: the story form (a live story with two bylines, tags,
a hero picture, a body figure and a correction; a writer's draft with no picture or tags; a new story),
the story list and a picture's page, as an editor and as a journalist.
"""

import pytest
from django.apps import apps as django_apps
from django.conf import settings
from django.core.files.base import ContentFile
from django.test import Client

from articles.models import Correction, Status
from articles.roles import sync_groups
from tests.factories import ArticleFactory, AuthorFactory, ImageFactory, TagFactory, editor, journalist, jpeg_bytes
from tests.site.conftest import SERIOUS, axe_findings

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

# Each page has drawn its scripted parts (select2's boxes, the body editor) before axe looks.
DRAWN = {"form": ".select2-selection, .tiptap", "list": "#result_list", "picture": "#image_form"}


@pytest.fixture
def admin_pages(live_server):
    """Each role's session cookie, and the pages it works in, as (name, cookie, url, kind)."""
    # An earlier transactional test may have flushed the groups the role migration made.
    sync_groups(django_apps)
    writer = journalist(username="wren", first_name="Wren", last_name="Harlow")
    desk = editor(username="edie", first_name="Edie", last_name="Marsh")
    wren = AuthorFactory(user=writer, name="Wren Harlow")
    colleague = AuthorFactory(name="Tomas Okafor")
    picture = ImageFactory(
        title="Launch pad at dusk",
        alt_text="A rocket on its pad at dusk",
        file=ContentFile(jpeg_bytes((900, 600)), name="pad.jpg"),
    )
    figure = (
        f'<figure><img src="{picture.file.url}" alt="{picture.alt_text}" data-file="{picture.pk}">'
        "<figcaption>The pad the evening before.</figcaption></figure>"
    )
    live = ArticleFactory(
        headline="Crew lands safely",
        authors=[wren, colleague],
        tags=[TagFactory(name="NASA"), TagFactory(name="Moon")],
        hero_image=picture,
        body=f"<p>The capsule came down on time.</p>{figure}<p>All three are well.</p>",
        created_by=writer,
    )
    Correction.objects.create(article=live, text="An earlier version gave the wrong landing site.")
    draft = ArticleFactory(
        headline="Half-written", status=Status.DRAFT, published_at=None, authors=[wren], created_by=writer
    )
    stories = "/admin/articles/article/"
    pages = []
    for user, paths in [
        (writer, [f"{stories}{draft.pk}/change/", f"{stories}add/"]),
        (desk, [f"{stories}{live.pk}/change/", f"{stories}{draft.pk}/change/", f"{stories}add/"]),
    ]:
        client = Client()
        client.force_login(user)
        cookie = client.cookies[settings.SESSION_COOKIE_NAME].value
        for path, kind in [
            *[(path, "form") for path in paths],
            (stories, "list"),
            (f"/admin/media/image/{picture.pk}/change/", "picture"),
            ("/admin/media/image/", "list"),
        ]:
            pages.append((f"{user.username} {path}", cookie, live_server.url + path, kind))
    return pages


# ``admin_pages`` comes before ``browser``: the database is filled before Playwright's event loop starts.
def test_the_story_form_lists_and_picture_page_have_no_serious_wcag_violations(
    axe_script, admin_pages, live_server, browser
):
    found = {}
    for name, cookie, url, kind in admin_pages:
        context = browser.new_context(bypass_csp=True, viewport={"width": 1280, "height": 900})
        context.add_cookies([{"name": settings.SESSION_COOKIE_NAME, "value": cookie, "url": live_server.url}])
        page = context.new_page()
        page.goto(url)
        assert page.url == url, f"{name}: not signed in"
        # Contrast and link styles are only checked for real when the admin's stylesheets have loaded.
        underline = "getComputedStyle(document.querySelector('.breadcrumbs a')).textDecorationLine"
        assert page.evaluate(underline) == "underline", f"{name}: the admin's stylesheet did not load"
        for part in DRAWN[kind].split(", "):
            page.locator(part).first.wait_for(state="attached")
        violations = axe_findings(page, axe_script, SERIOUS)
        if violations:
            found[name] = violations
        context.close()
    assert found == {}
