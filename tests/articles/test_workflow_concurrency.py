"""Two people acting on the same story at the same moment, each on their own database connection."""

import threading

import pytest
from django.db import transaction
from django.test import Client
from reversion.models import Version

from articles import editing, workflow
from articles.models import Article, AuditEntry, Status
from tests.articles.story_form import story_form
from tests.concurrency import run_together, someone_waits_for_a_row_lock
from tests.factories import ArticleFactory, AuthorFactory, editor, journalist

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.postgres(reason="row locks"),
]


def test_two_editors_publishing_at_once_make_one_publish():
    first, second = editor(username="ed1"), editor(username="ed2")
    story = ArticleFactory(status=Status.APPROVED, published_at=None)

    outcomes = run_together(
        lambda: workflow.publish(Article.objects.get(pk=story.pk), first),
        lambda: workflow.publish(Article.objects.get(pk=story.pk), second),
    )

    kinds = sorted(kind for kind, _ in outcomes)
    assert kinds == ["error", "ok"], outcomes
    error = next(value for kind, value in outcomes if kind == "error")
    assert isinstance(error, workflow.WorkflowError)
    assert AuditEntry.objects.filter(article=story, action="publish").count() == 1
    story.refresh_from_db()
    assert story.status == Status.PUBLISHED


def test_many_transitions_on_many_stories_stay_consistent():
    desk = [editor(username=f"desk{i}") for i in range(4)]
    stories = [ArticleFactory(status=Status.IN_REVIEW, published_at=None) for _ in range(3)]

    jobs = []
    for story in stories:
        for person in desk:
            jobs.append(lambda s=story, p=person: workflow.approve(Article.objects.get(pk=s.pk), p))
    outcomes = run_together(*jobs)

    assert sum(kind == "ok" for kind, _ in outcomes) == len(stories)
    for story in stories:
        story.refresh_from_db()
        assert story.status == Status.APPROVED
        assert AuditEntry.objects.filter(article=story, action="approve").count() == 1


def test_two_conflicting_saves_make_one_refusal_and_lose_no_text():
    from articles import editing

    first, second = editor(username="sv1"), editor(username="sv2")
    story = ArticleFactory(body="<p>Original.</p>")

    def save_as(person, body):
        def job():
            copy = Article.objects.get(pk=story.pk)
            copy.body = body
            return editing.save_story(copy, person, started_from_version=1)

        return job

    outcomes = run_together(save_as(first, "<p>First rewrite.</p>"), save_as(second, "<p>Second rewrite.</p>"))

    kinds = sorted(kind for kind, _ in outcomes)
    assert kinds == ["error", "ok"], outcomes
    refusal = next(value for kind, value in outcomes if kind == "error")
    assert isinstance(refusal, editing.StaleEdit)
    story.refresh_from_db()
    winner = next(value for kind, value in outcomes if kind == "ok")
    assert story.body == winner.body and story.version == 2
    assert len(Version.objects.get_for_object(story)) == 1


def test_a_crowd_of_saves_and_transitions_leaves_every_story_valid_and_recorded():
    from articles import editing
    from articles.models import Status

    desk = [editor(username=f"crowd{i}") for i in range(6)]
    stories = [ArticleFactory(status=Status.DRAFT, published_at=None, body="<p>Start.</p>") for _ in range(3)]
    steps = ["submit", "approve", "publish", "unpublish", "publish"]

    def worker(index):
        person = desk[index]
        saves, moves = 0, 0
        for round_number in range(4):
            story = stories[(index + round_number) % len(stories)]
            fresh = Article.objects.get(pk=story.pk)
            fresh.body = f"<p>Edit {round_number} by {person.username}.</p>"
            try:
                editing.save_story(fresh, person, started_from_version=fresh.version)
                saves += 1
            except editing.StaleEdit:
                pass
            step = steps[(index + round_number) % len(steps)]
            try:
                getattr(workflow, step)(Article.objects.get(pk=story.pk), person)
                moves += 1
            except workflow.WorkflowError:
                pass
        return saves, moves

    outcomes = run_together(*[lambda i=i: worker(i) for i in range(len(desk))])

    assert all(kind == "ok" for kind, _ in outcomes), outcomes
    total_saves = sum(value[0] for _, value in outcomes)
    total_moves = sum(value[1] for _, value in outcomes)
    assert total_saves > 0 and total_moves > 0
    revisions = 0
    for story in stories:
        story.refresh_from_db()
        assert story.status in Status.values
        assert (story.published_at is not None) == (story.status in (Status.PUBLISHED, Status.UNPUBLISHED))
        story_revisions = len(Version.objects.get_for_object(story))
        entries = list(AuditEntry.objects.filter(article=story).order_by("created_at", "id"))
        # Every accepted save left exactly one revision, and every save and step moved the version on once.
        assert story.version == 1 + story_revisions + len(entries)
        revisions += story_revisions
        for earlier, later in zip(entries, entries[1:], strict=False):
            assert earlier.to_status == later.from_status, "the audit trail is an unbroken chain"
        if entries:
            assert entries[-1].to_status == story.status
    assert revisions == total_saves
    assert AuditEntry.objects.count() == total_moves


def publish_holding_the_row(story, desk, started):
    """An editor's publish whose transaction commits only once a save is queued behind its row lock."""

    def job():
        with transaction.atomic():
            workflow.publish(Article.objects.get(pk=story.pk), desk)
            started.set()
            assert someone_waits_for_a_row_lock(), "the save never reached the story's row"

    return job


def test_a_writers_save_in_flight_while_an_editor_publishes_the_draft_is_refused():
    writer = journalist(username="wren", first_name="Wren", last_name="Writer")
    desk = editor(username="edie", first_name="Edie", last_name="Tor")
    story = ArticleFactory(
        headline="Rover finds clay",
        body="<p>The draft as the desk read it.</p>",
        status=Status.DRAFT,
        published_at=None,
        created_by=writer,
        authors=[AuthorFactory(user=writer)],
    )
    page = Client()
    page.force_login(writer)
    # The form as the writer opened it, from version 1 of their draft, now with their late rewrite.
    typed = story_form(story, body="<p>A late rewrite nobody approved.</p>", started_from_version=story.version)
    publishing = threading.Event()

    def writer_saves():
        # The save starts while the publish holds the row: it passes the admin's first look (still a
        # draft, still theirs) and waits for the row in the form's check.
        assert publishing.wait(timeout=10)
        return page.post(f"/admin/articles/article/{story.pk}/change/", typed)

    outcomes = run_together(publish_holding_the_row(story, desk, publishing), writer_saves)

    assert [kind for kind, _ in outcomes] == ["ok", "ok"], outcomes
    response = outcomes[1][1]
    assert response.status_code == 200, "the save was accepted"
    html = response.content.decode()
    assert "Edie Tor published this story at" in html and "Nothing of yours was saved." in html
    assert "A late rewrite nobody approved." in html
    story.refresh_from_db()
    assert story.status == Status.PUBLISHED and story.is_live
    assert story.body == "<p>The draft as the desk read it.</p>"
    reader = Client().get(story.get_absolute_url()).content.decode()
    assert "The draft as the desk read it." in reader and "late rewrite" not in reader


def test_an_editors_save_in_flight_while_another_publishes_is_refused_as_stale():
    first, second = editor(username="pub1"), editor(username="sv3", first_name="Sam", last_name="Second")
    story = ArticleFactory(status=Status.APPROVED, published_at=None, body="<p>As approved.</p>")
    publishing = threading.Event()

    def second_saves():
        assert publishing.wait(timeout=10)
        copy = Article.objects.get(pk=story.pk)
        copy.body = "<p>An edit begun before the publish.</p>"
        return editing.save_story(copy, second, started_from_version=1)

    outcomes = run_together(publish_holding_the_row(story, first, publishing), second_saves)

    assert outcomes[0][0] == "ok", outcomes
    kind, refusal = outcomes[1]
    assert kind == "error" and isinstance(refusal, editing.StaleEdit), outcomes
    story.refresh_from_db()
    assert story.status == Status.PUBLISHED and story.body == "<p>As approved.</p>"
