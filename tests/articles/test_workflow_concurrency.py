"""Two people acting on the same story at the same moment, each on their own database connection."""

import threading

import pytest
from django.db import connection

from articles import workflow
from articles.models import Article, AuditEntry, Status
from tests.factories import ArticleFactory, editor

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(connection.vendor != "postgresql", reason="row locks need PostgreSQL"),
]


def run_together(*jobs):
    """Start each job in its own thread (so its own connection) at the same instant; collect outcomes."""
    barrier = threading.Barrier(len(jobs))
    outcomes = [None] * len(jobs)

    def runner(index, job):
        from django.db import connection as thread_connection

        try:
            barrier.wait(timeout=10)
            outcomes[index] = ("ok", job())
        except Exception as error:  # the test inspects whatever happened
            outcomes[index] = ("error", error)
        finally:
            thread_connection.close()

    threads = [threading.Thread(target=runner, args=(i, job)) for i, job in enumerate(jobs)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    return outcomes


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
    assert len(editing.revisions_of(story)) == 1


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
    from articles import editing as editing_module

    revisions = 0
    for story in stories:
        story.refresh_from_db()
        assert story.status in Status.values
        assert (story.published_at is not None) == (story.status in (Status.PUBLISHED, Status.UNPUBLISHED))
        story_revisions = len(editing_module.revisions_of(story))
        assert story.version == 1 + story_revisions, "every accepted save left exactly one revision"
        revisions += story_revisions
        entries = list(AuditEntry.objects.filter(article=story).order_by("created_at", "id"))
        for earlier, later in zip(entries, entries[1:], strict=False):
            assert earlier.to_status == later.from_status, "the audit trail is an unbroken chain"
        if entries:
            assert entries[-1].to_status == story.status
    assert revisions == total_saves
    assert AuditEntry.objects.count() == total_moves
