"""Shared fixtures: uploads in a temporary folder, a fresh cache, staff past the second step, the demo newsroom."""

import pytest
from django.core.cache import cache
from django.core.management import call_command
from django.db import connection
from django.test import Client
from django_otp import DEVICE_ID_SESSION_KEY

from articles.models import Status
from pagecache.navigation import forget_sections
from pagecache.state import ledger
from public.teasers import store as kept_teasers
from tests.factories import ArticleFactory, AuthorFactory, authenticator, editor, journalist


def pytest_collection_modifyitems(config, items):
    """Tests marked ``postgres`` (``-m postgres`` selects them) skip on another database, saying why they need it."""
    if connection.vendor == "postgresql":
        return
    for item in items:
        marker = item.get_closest_marker("postgres")
        if marker is not None:
            why = marker.kwargs.get("reason", "")
            item.add_marker(pytest.mark.skip(reason=f"needs PostgreSQL: {why}" if why else "needs PostgreSQL"))


@pytest.fixture(autouse=True)
def _uploads_in_tmp(settings, tmp_path):
    """Every test writes its uploads to its own folder, never to var/uploads/."""
    settings.MEDIA_ROOT = tmp_path / "uploads"


@pytest.fixture(autouse=True)
def _fresh_cache():
    """
    An empty cache, and no navigation, key versions or teasers kept in this process: every test database counts
    its content version from the start again, so what was kept at "version 3" by an earlier test is
    not this one's.
    """
    cache.clear()
    forget_sections()
    ledger.forget()
    kept_teasers.clear()
    yield
    cache.clear()
    forget_sections()
    ledger.forget()
    kept_teasers.clear()


@pytest.fixture(autouse=True)
def _staff_pass_the_second_step(request, monkeypatch):
    """
    ``client.force_login(user)`` signs a staff account in the whole way, as the login pages would:
    the password, then an authenticator set up for it and this session verified with it, stored
    just as django-otp's ``login()`` stores it. The production rule stays on for every test.

    Tests marked ``password_only`` sign in with the password alone, to test the second step itself.
    """
    if request.node.get_closest_marker("password_only"):
        return
    force_login = Client.force_login

    def force_login_past_the_second_step(client, user, backend=None):
        force_login(client, user, backend)
        if user.is_staff:
            session = client.session
            session[DEVICE_ID_SESSION_KEY] = authenticator(user).persistent_id
            session.save()

    monkeypatch.setattr(Client, "force_login", force_login_past_the_second_step)


@pytest.fixture
def page_cache_on(settings):
    """The page cache on, with production's lifetimes (the suite's settings switch it off)."""
    settings.PAGE_CACHE_SECONDS = 300
    settings.PAGE_CACHE_MAX_AGE = 60
    settings.PAGE_CACHE_STALE_SECONDS = 300


@pytest.fixture
def desk(db):
    """The desk's editor, Edie Tor: approves, publishes, schedules and sends stories back."""
    return editor(username="edie", first_name="Edie", last_name="Tor", email="edie@newsroom.example")


@pytest.fixture
def writer(db):
    """A journalist, Wren Writer: writes and submits stories, and edits only their own."""
    return journalist(username="writer", first_name="Wren", last_name="Writer", email="writer@newsroom.example")


@pytest.fixture
def own_draft(writer):
    """The writer's draft, on their own byline: theirs to edit until they submit it."""
    return ArticleFactory(
        headline="Rover finds clay",
        slug="rover-finds-clay",
        body="<p>The rover drilled twice this week.</p>",
        status=Status.DRAFT,
        published_at=None,
        created_by=writer,
        authors=[AuthorFactory(name="Wren Writer", user=writer)],
    )


@pytest.fixture
def desk_client(client, desk):
    """The test client, signed in as the desk's editor (past the second step, as every staff sign-in here)."""
    client.force_login(desk)
    return client


@pytest.fixture
def demo(db):
    """The demo newsroom, loaded through its management command."""
    call_command("seed_demo", "--force", stdout=open("/dev/null", "w"))  # noqa: SIM115


@pytest.fixture
def seed_article(demo):
    from articles.models import Article

    return Article.objects.get(slug="chinese-space-officials-meeting-with-nasa-today")


@pytest.fixture
def make_renditions():
    """
    Store the renditions public pages draw for some images: one width per ratio, JPEG and WebP.

    Uploads make the full set after their transaction commits; tests run inside
    one, so they make the few they need.
    """
    from media.renditions import RATIOS, get_rendition

    def make(*images, width=480):
        for image in images:
            for ratio in RATIOS:
                for fmt in ("jpeg", "webp"):
                    get_rendition(image, ratio, width, fmt)
        return images

    return make
