"""
Who may do what to live coverage, in which state of the story, through the desk's own POSTs: editors
switch a story to live and end it, and post, edit and delete its updates in any state; a journalist on
its byline writes updates on a draft (readers see them only once an editor publishes it) and on a
published story while the coverage goes on, and never in review, approved or unpublished; a
journalist not on the byline never. A refused POST changes nothing.
"""

import pytest
from django.utils import timezone

from articles import live, workflow
from articles.models import LiveCoverage, LiveEntry, Status
from tests.clients import client_for
from tests.factories import ArticleFactory, AuthorFactory, journalist
from tests.live.stories import post

pytestmark = pytest.mark.django_db

STATES = ["draft", "in_review", "approved", "published", "ended", "unpublished"]
# Where a bylined journalist may write updates: a draft goes to the desk with its updates; a published
# story was approved as live coverage, until the desk ends it.
WRITER_WRITES_IN = {"draft", "published"}


def admin(story, *parts):
    return "/".join([f"/admin/articles/article/{story.pk}", *parts]) + "/"


def update_form(story, text="Booster separation confirmed.", **fields):
    author = story.bylines.first().author
    data = {"update-title": "", "update-body": f"<p>{text}</p>", "update-authors": [author.pk]}
    return data | {f"update-{name}": value for name, value in fields.items()}


@pytest.fixture
def bylined(db):
    return journalist(username="bylined", first_name="Bea", last_name="Lined")


@pytest.fixture
def outsider(db):
    return journalist(username="outsider", first_name="Otto", last_name="Side")


def story_in(state, desk, writer):
    """A story covered live with ``writer`` on its byline, brought to ``state`` by the desk's own steps."""
    story = ArticleFactory(status=Status.DRAFT, published_at=None, authors=[AuthorFactory(user=writer)])
    live.start_coverage(story, desk)
    if state in ("in_review", "approved"):
        workflow.submit(story, desk, notify=False)
    if state == "approved":
        workflow.approve(story, desk, notify=False)
    if state in ("published", "ended", "unpublished"):
        workflow.publish(story, desk, notify=False)
    if state == "ended":
        live.end_coverage(story, desk)
    if state == "unpublished":
        workflow.unpublish(story, desk, notify=False)
    story.refresh_from_db()
    assert story.status == {"ended": Status.PUBLISHED}.get(state, state)
    return story


def who(name, desk, bylined, outsider):
    return {"editor": desk, "bylined journalist": bylined, "other journalist": outsider}[name]


def allowed(name, state):
    return name == "editor" or (name == "bylined journalist" and state in WRITER_WRITES_IN)


@pytest.mark.parametrize("state", STATES)
@pytest.mark.parametrize("name", ["editor", "bylined journalist", "other journalist"])
def test_posting_an_update(name, state, desk, bylined, outsider):
    story = story_in(state, desk, bylined)
    response = client_for(who(name, desk, bylined, outsider)).post(admin(story, "updates"), update_form(story))
    posted = LiveEntry.objects.filter(article=story).count()
    if allowed(name, state):
        assert response.status_code == 302 and posted == 1
    else:
        assert response.status_code == 403 and posted == 0


@pytest.mark.parametrize("state", STATES)
@pytest.mark.parametrize("name", ["editor", "bylined journalist", "other journalist"])
def test_editing_an_update(name, state, desk, bylined, outsider):
    story = story_in(state, desk, bylined)
    entry = post(story, desk, text="Booster separtion confirmed.")
    data = update_form(story, text="Booster separation confirmed.", version=entry.version)
    response = client_for(who(name, desk, bylined, outsider)).post(admin(story, "updates", str(entry.pk)), data)
    entry.refresh_from_db()
    if allowed(name, state):
        assert response.status_code == 302 and entry.body == "<p>Booster separation confirmed.</p>"
    else:
        assert response.status_code == 403 and entry.body == "<p>Booster separtion confirmed.</p>"


@pytest.mark.parametrize("state", STATES)
@pytest.mark.parametrize("name", ["editor", "bylined journalist", "other journalist"])
def test_deleting_an_update(name, state, desk, bylined, outsider):
    story = story_in(state, desk, bylined)
    entry = post(story, desk)
    response = client_for(who(name, desk, bylined, outsider)).post(admin(story, "updates", str(entry.pk), "delete"))
    entry.refresh_from_db()
    if allowed(name, state):
        assert response.status_code == 302 and entry.deleted_at is not None
    else:
        assert response.status_code == 403 and entry.deleted_at is None


@pytest.mark.parametrize("state", ["draft", "published"])
@pytest.mark.parametrize("name", ["bylined journalist", "other journalist"])
def test_only_an_editor_switches_a_story_to_live_or_ends_it(name, state, desk, bylined, outsider):
    user = who(name, desk, bylined, outsider)
    story = ArticleFactory(status=state, authors=[AuthorFactory(user=bylined)])
    client = client_for(user)
    assert client.post(admin(story, "live", "start")).status_code == 302
    assert not LiveCoverage.objects.filter(article=story).exists()
    live.start_coverage(story, desk)
    assert client.post(admin(story, "live", "end")).status_code == 302
    assert LiveCoverage.objects.get(article=story).ended_at is None
    editor = client_for(desk)
    assert editor.post(admin(story, "live", "end")).status_code == 302
    assert LiveCoverage.objects.get(article=story).ended_at is not None
    assert editor.post(admin(story, "live", "start")).status_code == 302
    assert LiveCoverage.objects.get(article=story).ended_at is None


def test_a_journalist_cannot_make_an_update_readers_see_before_an_editor_publishes(client, desk, bylined):
    story = story_in("draft", desk, bylined)
    writer = client_for(bylined)
    assert writer.post(admin(story, "updates"), update_form(story, text="Countdown resumes.")).status_code == 302
    assert client.get(story.get_absolute_url() or "/2000/01/01/nothing/").status_code == 404
    workflow.submit(story, bylined, notify=False)
    refused = writer.post(admin(story, "updates"), update_form(story, text="Liftoff!"))
    assert refused.status_code == 403
    workflow.approve(story, desk, notify=False)
    assert writer.post(admin(story, "updates"), update_form(story, text="Liftoff!")).status_code == 403
    workflow.publish(story, desk, notify=False)
    story.refresh_from_db()
    page = client.get(story.get_absolute_url()).content.decode()
    assert "Countdown resumes." in page and "Liftoff!" not in page


def test_updates_are_refused_on_a_story_that_is_not_covered_live(desk):
    story = ArticleFactory()
    response = client_for(desk).post(admin(story, "updates"), update_form(story))
    assert response.status_code == 200
    assert "This story is not covered live" in response.content.decode()
    assert not LiveEntry.objects.exists()


def test_an_updates_authors_come_from_the_byline(desk, bylined):
    story = story_in("published", desk, bylined)
    stranger = AuthorFactory(name="Not On The Byline")
    response = client_for(desk).post(admin(story, "updates"), update_form(story) | {"update-authors": [stranger.pk]})
    assert response.status_code == 200 and not LiveEntry.objects.exists()


def test_the_coverage_cannot_start_in_the_future(desk):
    story = ArticleFactory()
    later = timezone.localtime() + timezone.timedelta(hours=2)
    response = client_for(desk).post(admin(story, "live", "start"), {"at": later.strftime("%Y-%m-%dT%H:%M:%S")})
    assert response.status_code == 302
    assert not LiveCoverage.objects.filter(article=story).exists()
