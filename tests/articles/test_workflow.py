"""The workflow functions: states, rights, audit entries, notes and notices."""

import datetime

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied
from django.utils import timezone

from articles import workflow
from articles.models import AuditEntry, EditorialNote, ShareLink, Status
from tests.factories import ArticleFactory, AuthorFactory, UserFactory, editor, journalist

pytestmark = pytest.mark.django_db(transaction=False)


@pytest.fixture
def draft(writer):
    author = AuthorFactory(user=writer)
    return ArticleFactory(status=Status.DRAFT, published_at=None, created_by=writer, authors=[author])


def test_the_whole_path_from_draft_to_unpublished(draft, writer, desk):
    workflow.submit(draft, writer)
    assert draft.status == Status.IN_REVIEW
    workflow.send_back(draft, desk, note="Needs a second source.")
    assert draft.status == Status.DRAFT
    workflow.submit(draft, writer)
    workflow.approve(draft, desk)
    assert draft.status == Status.APPROVED
    workflow.publish(draft, desk)
    assert draft.status == Status.PUBLISHED and draft.is_live
    workflow.unpublish(draft, desk, note="Legal asked us to hold it.")
    assert draft.status == Status.UNPUBLISHED and not draft.is_live

    steps = list(draft.audit_entries.order_by("created_at", "id").values_list("action", "from_status", "to_status"))
    assert steps == [
        ("submit", "draft", "in_review"),
        ("send_back", "in_review", "draft"),
        ("submit", "draft", "in_review"),
        ("approve", "in_review", "approved"),
        ("publish", "approved", "published"),
        ("unpublish", "published", "unpublished"),
    ]
    first = draft.audit_entries.order_by("created_at", "id").first()
    assert first.actor == writer and first.created_at is not None


def test_send_back_needs_a_note_and_lands_in_the_thread(draft, writer, desk):
    workflow.submit(draft, writer)
    with pytest.raises(workflow.WorkflowError, match="note is required"):
        workflow.send_back(draft, desk, note="   ")
    workflow.send_back(draft, desk, note="Check the launch date.")
    note = EditorialNote.objects.get(article=draft)
    assert note.author == desk
    assert "Check the launch date." in note.text
    assert AuditEntry.objects.get(action="send_back").note == "Check the launch date."


@pytest.mark.parametrize("step", ["send_back", "approve", "publish", "unpublish"])
def test_journalists_cannot_make_desk_decisions(draft, writer, step):
    kwargs = {"note": "x"} if step == "send_back" else {}
    with pytest.raises(PermissionDenied):
        getattr(workflow, step)(draft, writer, **kwargs)
    draft.refresh_from_db()
    assert draft.status == Status.DRAFT
    assert not AuditEntry.objects.exists()


def test_a_journalist_cannot_submit_someone_elses_story(draft):
    other = journalist(username="other")
    with pytest.raises(PermissionDenied):
        workflow.submit(draft, other)


def test_non_staff_and_anonymous_users_can_do_nothing(draft):
    from django.contrib.auth.models import AnonymousUser

    outsider = UserFactory(is_staff=False)
    for user in [outsider, AnonymousUser()]:
        assert workflow.available_steps(user, draft) == []
        with pytest.raises(PermissionDenied):
            workflow.submit(draft, user)


def test_states_are_enforced(draft, writer, desk):
    with pytest.raises(workflow.WorkflowError, match="cannot be approved"):
        workflow.approve(draft, desk)
    workflow.publish(draft, desk)
    with pytest.raises(workflow.WorkflowError, match="cannot be published"):
        workflow.publish(draft, desk)
    with pytest.raises(workflow.WorkflowError):
        workflow.submit(draft, desk)
    assert AuditEntry.objects.filter(action="publish").count() == 1


def test_editors_may_publish_straight_from_draft_or_review(draft, writer, desk):
    workflow.publish(draft, desk)
    assert draft.is_live
    second = ArticleFactory(status=Status.DRAFT, published_at=None, created_by=writer)
    workflow.submit(second, writer)
    workflow.publish(second, desk)
    assert second.is_live


def test_scheduling_sets_the_exact_second(draft, desk):
    at = timezone.now() + datetime.timedelta(minutes=2)
    workflow.publish(draft, desk, at=at)
    assert draft.status == Status.PUBLISHED
    assert draft.published_at == at.replace(microsecond=0)
    assert not draft.is_live
    assert draft.is_live_at(at.replace(microsecond=0))
    assert not draft.is_live_at(at.replace(microsecond=0) - datetime.timedelta(seconds=1))


def test_reschedule_only_before_the_story_is_due(draft, desk):
    at = timezone.now() + datetime.timedelta(hours=3)
    workflow.publish(draft, desk, at=at)
    assert [s.name for s in workflow.available_steps(desk, draft)] == ["reschedule", "unpublish"]
    later = at + datetime.timedelta(hours=1)
    workflow.reschedule(draft, desk, at=later)
    assert draft.published_at == later.replace(microsecond=0)
    with pytest.raises(workflow.WorkflowError, match="must be in the future"):
        workflow.reschedule(draft, desk, at=timezone.now() - datetime.timedelta(minutes=1))


def test_republishing_keeps_the_original_time_and_address(draft, desk):
    workflow.publish(draft, desk)
    url, when = draft.get_absolute_url(), draft.published_at
    workflow.unpublish(draft, desk)
    workflow.publish(draft, desk)
    assert (draft.get_absolute_url(), draft.published_at) == (url, when)


def test_a_story_without_a_byline_cannot_go_out(desk):
    story = ArticleFactory(status=Status.DRAFT, published_at=None, authors=[])
    with pytest.raises(workflow.WorkflowError, match="at least one byline"):
        workflow.publish(story, desk)
    story.refresh_from_db()
    assert story.status == Status.DRAFT


def test_publishing_refuses_a_clashing_address(desk):
    # Published this second, so that publishing the draft now gives it the same day, even just after midnight.
    ArticleFactory(slug="same-slug", published_at=timezone.now())
    story = ArticleFactory(slug="same-slug", status=Status.DRAFT, published_at=None)
    with pytest.raises(workflow.WorkflowError, match="already uses the address"):
        workflow.publish(story, desk)


def test_unpublishing_revokes_share_links(draft, desk):
    link = ShareLink.objects.create(
        article=draft, created_by=desk, expires_at=timezone.now() + datetime.timedelta(days=1)
    )
    workflow.publish(draft, desk)
    workflow.unpublish(draft, desk)
    link.refresh_from_db()
    assert not link.is_usable()


def test_available_steps_per_role(draft, writer, desk):
    assert [s.name for s in workflow.available_steps(writer, draft)] == ["submit"]
    assert [s.name for s in workflow.available_steps(desk, draft)] == ["submit", "publish"]
    workflow.submit(draft, writer)
    assert [s.name for s in workflow.available_steps(writer, draft)] == ["withdraw"]
    assert [s.name for s in workflow.available_steps(desk, draft)] == ["send_back", "approve", "publish"]


class TestNotices:
    def test_submit_tells_the_editors(self, draft, writer, desk, django_capture_on_commit_callbacks):
        other_editor = editor(username="night", email="night@newsroom.example")
        with django_capture_on_commit_callbacks(execute=True):
            workflow.submit(draft, writer)
        assert len(mail.outbox) == 1
        message = mail.outbox[0]
        assert sorted(message.to) == sorted([desk.email, other_editor.email])
        assert "Submitted for review" in message.subject and draft.headline in message.subject
        assert f"/admin/articles/article/{draft.pk}/change/" in message.body

    @pytest.mark.parametrize("step", ["send_back", "approve", "publish"])
    def test_desk_decisions_tell_the_bylined_authors(
        self, draft, writer, desk, step, django_capture_on_commit_callbacks
    ):
        co_author = AuthorFactory(email="guest@writers.example")
        draft.bylines.create(author=co_author, order=1)
        workflow.submit(draft, writer)
        mail.outbox.clear()
        kwargs = {"note": "Tighten the top."} if step == "send_back" else {}
        with django_capture_on_commit_callbacks(execute=True):
            getattr(workflow, step)(draft, desk, **kwargs)
        assert len(mail.outbox) == 1
        assert sorted(mail.outbox[0].to) == ["guest@writers.example", "writer@newsroom.example"]
        if step == "send_back":
            assert "Tighten the top." in mail.outbox[0].body

    def test_no_notice_when_the_transaction_fails(self, draft, desk, django_capture_on_commit_callbacks):
        with django_capture_on_commit_callbacks(execute=True), pytest.raises(workflow.WorkflowError):
            workflow.approve(draft, desk)
        assert mail.outbox == []


def requested(story):
    """What the desk's lists read about a story: its changes-requested note, or None."""
    from articles.models import Article

    return workflow.with_changes_requested(Article.objects.filter(pk=story.pk)).get().changes_requested_note


def test_a_sent_back_story_says_changes_are_requested_until_it_is_resubmitted(draft, writer, desk):
    workflow.submit(draft, writer)
    assert requested(draft) is None and workflow.changes_requested(draft) is None

    workflow.send_back(draft, desk, note="Name the second source.")
    entry = workflow.changes_requested(draft)
    assert entry.note == "Name the second source." and entry.actor == desk
    assert requested(draft) == "Name the second source."

    workflow.submit(draft, writer, note="Source named.")
    assert requested(draft) is None and workflow.changes_requested(draft) is None


def test_a_story_published_after_a_send_back_requests_nothing(draft, writer, desk):
    workflow.submit(draft, writer)
    workflow.send_back(draft, desk, note="Shorter, please.")
    workflow.publish(draft, desk)
    assert requested(draft) is None and workflow.changes_requested(draft) is None
