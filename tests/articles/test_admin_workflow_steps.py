"""
Workflow steps as the story page makes them: a step saves what is on screen first (or neither
happens), a writer withdraws a submission, a sent-back draft says so at the top, and every step
that reaches readers asks for a confirmation that lists the stories and when readers see them.
"""

import datetime
import re

import pytest
from django.contrib.auth.models import AnonymousUser
from django.utils import timezone

from articles import workflow
from articles.models import Article, AuditEntry, Status
from tests.articles.story_form import change_url, story_form
from tests.clients import client_for
from tests.factories import ArticleFactory, AuthorFactory, editor, journalist

pytestmark = pytest.mark.django_db

CHANGELIST = "/admin/articles/article/"


def step_url(story, step):
    return f"/admin/articles/article/{story.pk}/transition/{step}/"


def confirm_url(story, step):
    return f"/admin/articles/article/{story.pk}/confirm/{step}/"


def text_of(response):
    return response.content.decode()


def messages_of(response):
    return [str(message) for message in response.context["messages"]]


def steps_taken(story):
    return list(AuditEntry.objects.filter(article=story).order_by("created_at", "id").values_list("action", flat=True))


# A step from the story form saves the form first ---------------------------------------------------


def test_submit_from_the_form_saves_the_text_on_screen_then_submits(writer, own_draft):
    client = client_for(writer)
    data = story_form(own_draft, headline="Rover finds clay and ice", body="<p>Typed but never saved.</p>")
    response = client.post(change_url(own_draft), data | {"_workflow_step": "submit"})
    assert response.status_code == 302 and response["Location"] == change_url(own_draft)
    own_draft.refresh_from_db()
    assert (own_draft.headline, own_draft.body) == ("Rover finds clay and ice", "<p>Typed but never saved.</p>")
    assert own_draft.status == Status.IN_REVIEW
    assert steps_taken(own_draft) == ["submit"]
    page = client.get(change_url(own_draft))
    assert "“Rover finds clay and ice” is now in review." in messages_of(page)
    assert "Typed but never saved." in text_of(page)


def test_the_step_buttons_belong_to_the_story_form_and_enter_still_saves(writer, desk, own_draft):
    html = text_of(client_for(writer).get(change_url(own_draft)))
    step = html.index('<button type="submit" form="article_form" name="_workflow_step" value="submit"')
    # Enter in a text box presses the form's first button: a hidden Save, ahead of every step.
    default = html.index('<button type="submit" form="article_form" name="_save" value="Save" hidden')
    assert default < step
    assert "Each step saves your changes to the story first." in html
    workflow.submit(own_draft, writer)
    html = text_of(client_for(desk).get(change_url(own_draft)))
    assert re.search(r'<textarea id="send-back-note" name="note" form="article_form"', html)
    assert re.search(
        r'<input type="datetime-local" step="1" id="publish-at-publish" name="publish_at" form="article_form"', html
    )
    assert "publishing and unpublishing then show what readers will see and ask you to confirm" in html


def test_a_stale_form_neither_saves_nor_makes_the_step_and_keeps_the_text(writer, desk, own_draft):
    workflow.submit(own_draft, writer)
    opened = story_form(own_draft)
    client_for(editor(username="other")).post(change_url(own_draft), story_form(own_draft, dek="Saved in between."))
    response = client_for(desk).post(
        change_url(own_draft), opened | {"body": "<p>My unsaved edit.</p>", "_workflow_step": "approve"}
    )
    assert response.status_code == 200
    html = text_of(response)
    assert "while you were editing" in html and "My unsaved edit." in html
    assert "Not saved, and “Approve” was not done." in " ".join(messages_of(response))
    own_draft.refresh_from_db()
    assert own_draft.status == Status.IN_REVIEW and own_draft.dek == "Saved in between."
    assert steps_taken(own_draft) == ["submit"]


def test_a_form_with_errors_neither_saves_nor_submits(writer, own_draft):
    response = client_for(writer).post(
        change_url(own_draft),
        story_form(own_draft, headline="", body="<p>Words worth keeping.</p>") | {"_workflow_step": "submit"},
    )
    assert response.status_code == 200
    assert "Words worth keeping." in text_of(response)
    own_draft.refresh_from_db()
    assert own_draft.status == Status.DRAFT and own_draft.headline == "Rover finds clay"
    assert steps_taken(own_draft) == []


def test_a_writer_whose_story_was_published_meanwhile_submits_nothing_and_keeps_the_text(writer, desk, own_draft):
    opened = story_form(own_draft)
    workflow.publish(own_draft, desk)
    response = client_for(writer).post(
        change_url(own_draft), opened | {"body": "<p>Late words.</p>", "_workflow_step": "submit"}
    )
    assert response.status_code == 200
    assert "only an editor can change it" in text_of(response) and "Late words." in text_of(response)
    own_draft.refresh_from_db()
    assert own_draft.status == Status.PUBLISHED and "Late words." not in own_draft.body
    assert steps_taken(own_draft) == ["publish"]


@pytest.mark.parametrize(
    ("who", "state", "step", "extra", "refusal"),
    [
        ("desk", Status.IN_REVIEW, "send_back", {"note": "  "}, "a note is required to send a story back"),
        ("desk", Status.DRAFT, "send_back", {"note": "Why."}, "You may not send back this story now: it is draft."),
        ("writer", Status.DRAFT, "publish", {}, "You may not publish this story now: it is draft."),
        ("writer", Status.DRAFT, "approve", {}, "You may not approve this story now: it is draft."),
        ("desk", Status.DRAFT, "explode", {}, "There is no such workflow step."),
        ("desk", Status.DRAFT, "publish", {"publish_at": "soon"}, "Give the publication time as a date and a time."),
        ("desk", Status.PUBLISHED, "reschedule", {}, "Give the new publication time."),
    ],
)
def test_a_step_that_cannot_follow_refuses_the_save_too(request, own_draft, who, state, step, extra, refusal):
    Article.objects.filter(pk=own_draft.pk).update(
        status=state, published_at=timezone.now() + datetime.timedelta(days=1) if state == Status.PUBLISHED else None
    )
    own_draft.refresh_from_db()
    client = client_for(request.getfixturevalue(who))
    data = story_form(own_draft, body="<p>Kept on screen.</p>") | {"_workflow_step": step} | extra
    response = client.post(change_url(own_draft), data)
    assert response.status_code == 200
    assert refusal in text_of(response) and "Kept on screen." in text_of(response)
    own_draft.refresh_from_db()
    assert own_draft.body != "<p>Kept on screen.</p>" and own_draft.status == state
    assert steps_taken(own_draft) == []


def test_the_send_back_note_survives_a_refused_save(writer, desk, own_draft):
    workflow.submit(own_draft, writer)
    data = story_form(own_draft, headline="") | {"_workflow_step": "send_back", "note": "Name the second source."}
    html = text_of(client_for(desk).post(change_url(own_draft), data))
    assert re.search(r'<textarea id="send-back-note"[^>]*>Name the second source.</textarea>', html)


def test_send_back_from_the_form_saves_the_editors_fix_and_sends_the_note(writer, desk, own_draft):
    workflow.submit(own_draft, writer)
    data = story_form(own_draft, dek="Tightened by the desk.") | {"_workflow_step": "send_back", "note": "Cite JPL."}
    assert client_for(desk).post(change_url(own_draft), data).status_code == 302
    own_draft.refresh_from_db()
    assert own_draft.dek == "Tightened by the desk." and own_draft.status == Status.DRAFT
    assert AuditEntry.objects.get(article=own_draft, action="send_back").note == "Cite JPL."


def test_publish_from_the_form_saves_then_asks_to_confirm(desk, own_draft):
    client = client_for(desk)
    when = (timezone.localtime() + datetime.timedelta(days=2)).replace(hour=9, minute=0, second=0, microsecond=0)
    typed = f"{when:%Y-%m-%dT%H:%M}"
    data = story_form(own_draft, body="<p>Final text.</p>") | {"_workflow_step": "publish", "publish_at": typed}
    response = client.post(change_url(own_draft), data)
    assert response.status_code == 302
    assert response["Location"] == f"{confirm_url(own_draft, 'publish')}?publish_at={typed.replace(':', '%3A')}"
    own_draft.refresh_from_db()
    assert own_draft.body == "<p>Final text.</p>" and own_draft.status == Status.DRAFT
    page = client.get(response["Location"])
    assert f"Scheduled for {when:%a %-d %b}" in text_of(page) and "09:00 (newsroom time)" in text_of(page)
    assert steps_taken(own_draft) == []
    client.post(step_url(own_draft, "publish"), {"publish_at": typed, "confirm": "yes"})
    own_draft.refresh_from_db()
    assert own_draft.status == Status.PUBLISHED and own_draft.published_at == when


def test_a_plain_save_still_makes_no_step(writer, own_draft):
    assert client_for(writer).post(change_url(own_draft), story_form(own_draft, dek="Only saved.")).status_code == 302
    own_draft.refresh_from_db()
    assert own_draft.dek == "Only saved." and own_draft.status == Status.DRAFT
    assert steps_taken(own_draft) == []


# Withdrawing a submission ----------------------------------------------------------------------------


# who, state, outcome: made; refused for the state (a message); refused for the person (403)
WITHDRAW = [
    ("writer", Status.IN_REVIEW, "made"),
    ("writer", Status.DRAFT, "state"),
    ("writer", Status.APPROVED, "state"),
    ("writer", Status.PUBLISHED, "state"),
    ("writer", Status.UNPUBLISHED, "state"),
    ("colleague", Status.IN_REVIEW, "person"),
    ("desk", Status.IN_REVIEW, "person"),
    ("desk", Status.APPROVED, "person"),
    # An editor who wrote the story sends it back like any other, with a note.
    ("desk_writer", Status.IN_REVIEW, "person"),
]


@pytest.mark.parametrize(("who", "state", "outcome"), WITHDRAW)
def test_who_may_withdraw_a_submission_in_which_state(request, own_draft, who, state, outcome):
    people = {"writer": request.getfixturevalue("writer"), "desk": request.getfixturevalue("desk")}
    people["colleague"] = journalist(username="colleague")
    people["desk_writer"] = editor(username="desk-writer")
    own_draft.bylines.create(author=AuthorFactory(user=people["desk_writer"]), order=1)
    Article.objects.filter(pk=own_draft.pk).update(status=state)
    version = Article.objects.get(pk=own_draft.pk).version
    client = client_for(people[who])
    page = text_of(client.get(change_url(own_draft)))
    assert ("Withdraw from review" in page) is (outcome == "made")
    response = client.post(step_url(own_draft, "withdraw"), follow=outcome != "person")
    story = Article.objects.get(pk=own_draft.pk)
    if outcome == "made":
        assert response.redirect_chain == [(change_url(own_draft), 302)]
        assert story.status == Status.DRAFT and story.version == version + 1
        entry = AuditEntry.objects.get(article=own_draft)
        assert (entry.action, entry.actor, entry.from_status, entry.to_status) == (
            "withdraw",
            people[who],
            Status.IN_REVIEW,
            Status.DRAFT,
        )
    else:
        if outcome == "person":
            assert response.status_code == 403
        else:
            assert "it cannot be withdrawn from that state." in " ".join(messages_of(response))
        assert story.status == state and story.version == version
        assert steps_taken(own_draft) == []


def test_a_withdrawn_story_is_the_writers_draft_again(writer, own_draft):
    client = client_for(writer)
    workflow.submit(own_draft, writer)
    html = text_of(client.get(change_url(own_draft)))
    # Nothing to edit on a story in review, so Withdraw posts on its own (with its CSRF token).
    assert re.search(
        rf'<form method="post" action="{step_url(own_draft, "withdraw")}"[^>]*>\s*<input type="hidden" '
        r'name="csrfmiddlewaretoken"',
        html,
    )
    response = client.post(step_url(own_draft, "withdraw"), follow=True)
    assert "“Rover finds clay” is now draft." in messages_of(response)
    assert 'name="headline"' in text_of(response)
    own_draft.refresh_from_db()
    assert client.post(change_url(own_draft), story_form(own_draft, dek="Reworked.")).status_code == 302


def test_once_the_desk_has_acted_the_writer_cannot_withdraw(writer, desk, own_draft):
    workflow.submit(own_draft, writer)
    workflow.send_back(own_draft, desk, note="One more source.")
    workflow.submit(own_draft, writer)
    workflow.approve(own_draft, desk)
    response = client_for(writer).post(step_url(own_draft, "withdraw"), follow=True)
    assert "“Rover finds clay” is approved; it cannot be withdrawn from that state." in messages_of(response)
    own_draft.refresh_from_db()
    assert own_draft.status == Status.APPROVED
    assert steps_taken(own_draft) == ["submit", "send_back", "submit", "approve"]


# A sent-back draft says so at the top -----------------------------------------------------------------


def test_a_sent_back_draft_shows_the_request_above_the_form_until_resubmitted(writer, desk, own_draft):
    client = client_for(writer)
    assert "Changes requested" not in text_of(client.get(change_url(own_draft)))
    workflow.submit(own_draft, writer)
    workflow.send_back(own_draft, desk, note="Name the lab that ran the analysis.")
    html = text_of(client.get(change_url(own_draft)))
    banner = html.index('<h2 id="changes-requested-heading">Changes requested</h2>')
    assert banner < html.index('id="workflow-heading"') < html.index('<form method="post" id="article_form"')
    when = timezone.localtime(AuditEntry.objects.get(action="send_back").created_at)
    top = html[banner : html.index("</section>", banner)]
    assert "Name the lab that ran the analysis." in top
    assert "Sent back by Edie Tor" in top and f"{when:%a %-d %b, %H:%M}" in top
    assert "Changes requested" in text_of(client_for(desk).get(change_url(own_draft)))
    client.post(change_url(own_draft), story_form(own_draft) | {"_workflow_step": "submit"})
    assert "Changes requested" not in text_of(client.get(change_url(own_draft)))


# Confirm what reaches readers ---------------------------------------------------------------------------


def test_publish_asks_first_and_cancel_changes_nothing(desk, own_draft):
    client = client_for(desk)
    response = client.post(step_url(own_draft, "publish"), {"publish_at": ""})
    assert response.status_code == 200
    html = text_of(response)
    assert "Publish this story?" in html
    assert re.search(
        r"<th scope=\"row\">Rover finds clay</th>\s*<td>Draft</td>\s*<td><strong>Publish now</strong>", html
    )
    assert re.search(rf'<form method="post" action="{step_url(own_draft, "publish")}"', html)
    assert '<input type="hidden" name="confirm" value="yes">' in html
    assert "Confirm: publish</button>" in html
    assert f'<a class="button cancel-link" href="{change_url(own_draft)}">Cancel</a>' in html
    own_draft.refresh_from_db()
    assert own_draft.status == Status.DRAFT and steps_taken(own_draft) == []
    # Cancel is a link back to the story: following it changes nothing either.
    client.get(change_url(own_draft))
    own_draft.refresh_from_db()
    assert own_draft.status == Status.DRAFT
    client.post(step_url(own_draft, "publish"), {"publish_at": "", "confirm": "yes"})
    own_draft.refresh_from_db()
    assert own_draft.is_live and steps_taken(own_draft) == ["publish"]


@pytest.mark.parametrize("step", ["publish", "reschedule", "unpublish"])
def test_every_step_that_reaches_readers_needs_the_confirmation(desk, step):
    story = ArticleFactory(
        status=Status.APPROVED if step == "publish" else Status.PUBLISHED,
        published_at=timezone.now() + datetime.timedelta(days=1) if step == "reschedule" else None,
    )
    before = Article.objects.get(pk=story.pk)
    later = f"{timezone.localtime() + datetime.timedelta(days=3):%Y-%m-%dT%H:%M}"
    for answer in ({}, {"confirm": "no"}, {"confirm": ""}):
        response = client_for(desk).post(step_url(story, step), {"publish_at": later} | answer)
        assert response.status_code == 200 and "Nothing has changed yet" in text_of(response)
    after = Article.objects.get(pk=story.pk)
    assert (after.status, after.published_at, after.version) == (before.status, before.published_at, before.version)
    assert steps_taken(story) == []


def test_the_confirmation_says_when_readers_see_each_story(desk):
    client = client_for(desk)
    story = ArticleFactory(status=Status.APPROVED, published_at=None)
    html = text_of(client.get(confirm_url(story, "publish") + "?publish_at=2999-12-01T09:00"))
    assert "Scheduled for Sun 1 Dec 2999, 09:00 (newsroom time)" in html
    html = text_of(client.get(confirm_url(story, "publish") + "?publish_at=2999-12-01T09:00:30"))
    assert "Scheduled for Sun 1 Dec 2999, 09:00:30 (newsroom time)" in html
    soon = timezone.localtime() + datetime.timedelta(minutes=5)
    html = text_of(client.get(confirm_url(story, "publish") + f"?publish_at={soon:%Y-%m-%dT%H:%M}"))
    this_year = f"{soon:%a %-d %b}" if soon.year == timezone.localdate().year else f"{soon:%a %-d %b %Y}"
    assert f"Scheduled for {this_year}, {soon:%H:%M} (newsroom time)" in html

    live = ArticleFactory(published_at=datetime.datetime(2024, 3, 5, 10, 0, tzinfo=datetime.UTC))
    assert "Disappears from the site now" in text_of(client.get(confirm_url(live, "unpublish")))
    workflow.unpublish(live, desk)
    html = text_of(client.get(confirm_url(live, "publish")))
    local = timezone.localtime(live.published_at)
    assert f"Publish now, dated {local:%a %-d %b %Y, %H:%M} (newsroom time)" in html

    scheduled = ArticleFactory(published_at=datetime.datetime(2999, 12, 1, 14, 0, tzinfo=datetime.UTC))
    html = text_of(client.get(confirm_url(scheduled, "unpublish")))
    assert re.search(r"</th>\s*<td>Scheduled</td>", html)
    assert "Never appears: its schedule for Sun 1 Dec 2999, 09:00 (newsroom time) is cancelled" in html
    html = text_of(client.get(confirm_url(scheduled, "reschedule") + "?publish_at=2999-12-02T09:00"))
    assert "Scheduled for Mon 2 Dec 2999, 09:00 (newsroom time), instead of Sun 1 Dec 2999, 09:00" in html


def test_a_step_that_would_be_refused_goes_back_to_the_story_with_why(desk):
    story = ArticleFactory(status=Status.APPROVED, published_at=None, authors=[])
    response = client_for(desk).get(confirm_url(story, "publish"), follow=True)
    assert response.redirect_chain == [(change_url(story), 302)]
    assert "cannot be published without at least one byline." in " ".join(messages_of(response))
    response = client_for(desk).get(confirm_url(story, "publish") + "?publish_at=soon", follow=True)
    assert "Give the publication time as a date and a time." in " ".join(messages_of(response))
    assert client_for(desk).get(confirm_url(story, "submit")).status_code == 404


@pytest.mark.parametrize(("who", "status"), [("anonymous", 302), ("writer", 403)])
def test_only_those_who_may_publish_see_the_confirmation(request, own_draft, who, status):
    user = AnonymousUser() if who == "anonymous" else request.getfixturevalue(who)
    client = client_for(user)
    assert client.get(confirm_url(own_draft, "publish")).status_code == status
    assert client.post(step_url(own_draft, "publish")).status_code == status
    own_draft.refresh_from_db()
    assert own_draft.status == Status.DRAFT


def test_bulk_publish_lists_the_stories_and_changes_nothing_until_confirmed(desk):
    ready = ArticleFactory(headline="Ready to go", status=Status.APPROVED, published_at=None)
    pulled = ArticleFactory(
        headline="Pulled last week", published_at=datetime.datetime(2024, 3, 5, tzinfo=datetime.UTC)
    )
    workflow.unpublish(pulled, desk)
    live = ArticleFactory(headline="Already out")
    client = client_for(desk)
    ids = [ready.pk, pulled.pk, live.pk]
    response = client.post(CHANGELIST, {"action": "publish_selected", "_selected_action": ids})
    assert response.status_code == 200
    html = text_of(response)
    assert "Publish these 3 stories?" in html
    assert re.search(r"Ready to go</th>\s*<td>Approved</td>\s*<td><strong>Publish now</strong>", html)
    assert re.search(r"Pulled last week</th>\s*<td>Unpublished</td>\s*<td><strong>Publish now, dated", html)
    assert re.search(r"Already out</th>\s*<td>Published</td>\s*<td>Left as it is. It is published", html)
    # Confirm posts back exactly the stories it will change.
    assert re.findall(r'name="_selected_action" value="(\d+)"', html) == [str(ready.pk), str(pulled.pk)]
    assert '<input type="hidden" name="action" value="publish_selected">' in html
    assert "Confirm: publish 2 stories</button>" in html
    assert f'<a class="button cancel-link" href="{CHANGELIST}">Cancel</a>' in html
    assert set(Article.objects.filter(pk__in=ids).values_list("status", flat=True)) == {
        Status.APPROVED,
        Status.UNPUBLISHED,
        Status.PUBLISHED,
    }
    assert steps_taken(ready) == [] and steps_taken(live) == []

    client.post(CHANGELIST, {"action": "publish_selected", "_selected_action": [ready.pk, pulled.pk], "confirm": "yes"})
    assert set(Article.objects.filter(pk__in=ids).values_list("status", flat=True)) == {Status.PUBLISHED}


def test_bulk_unpublish_asks_first_too(desk):
    stories = [ArticleFactory() for _ in range(2)]
    ids = [story.pk for story in stories]
    client = client_for(desk)
    html = text_of(client.post(CHANGELIST, {"action": "unpublish_selected", "_selected_action": ids}))
    assert "Unpublish these 2 stories?" in html and html.count("Disappears from the site now") == 2
    assert set(Article.objects.filter(pk__in=ids).values_list("status", flat=True)) == {Status.PUBLISHED}
    client.post(CHANGELIST, {"action": "unpublish_selected", "_selected_action": ids, "confirm": "yes"})
    assert set(Article.objects.filter(pk__in=ids).values_list("status", flat=True)) == {Status.UNPUBLISHED}


def test_a_bulk_selection_that_nothing_can_change_offers_no_confirm(desk):
    draft = ArticleFactory(status=Status.DRAFT, published_at=None)
    html = text_of(client_for(desk).post(CHANGELIST, {"action": "unpublish_selected", "_selected_action": [draft.pk]}))
    assert "Nothing to unpublish" in html and "Confirm:" not in html
