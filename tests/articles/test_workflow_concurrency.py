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
