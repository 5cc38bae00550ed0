"""
Read replicas, against a real streaming replica of the test cluster (tests/replica.py): readers' pages
come from it, a publish reaches them through it, the desk never reads it, and a member of staff sees
their own change at once. The replica is paused to show which database answered: while it is behind,
only the primary knows the change.
"""

import time

import pytest
from django.db import connection, connections
from django.test.utils import CaptureQueriesContext

from articles import workflow
from articles.models import Status
from newsroom.replicas import PIN_COOKIE
from tests.articles.story_form import change_url, story_form
from tests.clients import client_for
from tests.factories import ArticleFactory
from tests.replica import streaming_replica

REPLICA = "replica_1"

pytestmark = [
    pytest.mark.postgres(reason="a streaming replica of the PostgreSQL cluster"),
    pytest.mark.django_db(transaction=True, databases=["default", REPLICA]),
]


@pytest.fixture(scope="module")
def replica(django_db_setup, django_db_blocker):
    """The replica, made once the test database exists, as the alias ``replica_1``: a mirror, no database of its own."""
    with django_db_blocker.unblock():
        primary = connection.settings_dict
        with streaming_replica(primary) as replica:
            connections.settings[REPLICA] = {
                **primary,
                "HOST": "127.0.0.1",
                "PORT": str(replica.port),
                "TEST": {**primary["TEST"], "MIRROR": "default"},
            }
            try:
                yield replica
            finally:
                connections[REPLICA].close()
                del connections[REPLICA]
                del connections.settings[REPLICA]


@pytest.fixture(autouse=True)
def readers_read_the_replica(settings, replica):
    settings.DATABASE_REPLICAS = [REPLICA]
    settings.PAGE_CACHE_SECONDS = 300


def queries_on_each(request):
    """``request()``'s response, and the queries it made on the primary and on the replica."""
    with CaptureQueriesContext(connection) as primary, CaptureQueriesContext(connections[REPLICA]) as replica:
        response = request()
    return response, len(primary), len(replica)


def until(check, within=10):
    """Wait for ``check()`` to hold, as a reader refreshing the page would."""
    deadline = time.monotonic() + within
    while not check():
        assert time.monotonic() < deadline, "it never did"
        time.sleep(0.05)


def test_readers_pages_come_from_the_replica_and_a_publish_reaches_them_through_it(client, desk, replica):
    ArticleFactory(headline="Already live")
    draft = ArticleFactory(headline="Rover wakes up", status=Status.APPROVED, published_at=None)
    replica.catch_up()
    home, on_primary, on_replica = queries_on_each(lambda: client.get("/"))
    assert b"Already live" in home.content
    assert (on_primary, on_replica > 0) == (0, True)

    with replica.paused():
        workflow.publish(draft, desk)
        # Readers read the replica, which has not replayed the publish yet.
        assert client.get(draft.get_absolute_url()).status_code == 404
        assert b"Rover wakes up" not in client.get("/").content
        # The desk reads the primary: the story is live there, and nothing is read from the replica.
        editor = client_for(desk)
        for url in (change_url(draft), "/admin/articles/article/", "/admin/"):
            page, _, on_replica = queries_on_each(lambda url=url: editor.get(url))
            assert page.status_code == 200 and on_replica == 0, url
            assert b"Rover wakes up" in page.content or url == "/admin/"

    # Replaying again, the replica brings the publish to readers, the home page kept before it included.
    until(lambda: client.get(draft.get_absolute_url()).status_code == 200)
    until(lambda: b"Rover wakes up" in client.get("/").content)
    assert client.get("/")["X-Page-Cache"] == "hit"


def test_a_member_of_staff_reads_their_own_change_at_once_then_the_replica_again(client, desk, replica, settings):
    story = ArticleFactory(headline="Comet seen at dusk")
    replica.catch_up()
    editor = client_for(desk)
    with replica.paused():
        saved = editor.post(change_url(story), story_form(story, headline="Comet seen at dawn"))
        assert saved.status_code == 302
        pin = saved.cookies[PIN_COOKIE]
        assert pin["max-age"] == settings.DATABASE_REPLICA_PIN_SECONDS and pin["httponly"]
        # Right after their save, the editor's view of the public site comes from the primary.
        page, _, on_replica = queries_on_each(lambda: editor.get(story.get_absolute_url()))
        assert b"Comet seen at dawn" in page.content and on_replica == 0
        # A reader still reads the replica, a moment behind; so does the editor once the pin has gone.
        assert b"Comet seen at dusk" in client.get(story.get_absolute_url()).content
        editor.cookies.pop(PIN_COOKIE)
        page, _, on_replica = queries_on_each(lambda: editor.get(story.get_absolute_url()))
        assert b"Comet seen at dusk" in page.content and on_replica > 0
    until(lambda: b"Comet seen at dawn" in client.get(story.get_absolute_url()).content)


def test_readyz_checks_the_replica_too(client, replica, settings):
    settings.MEDIA_ROOT.mkdir(parents=True)
    response, _, on_replica = queries_on_each(lambda: client.get("/readyz"))
    assert response.status_code == 200 and on_replica == 1
