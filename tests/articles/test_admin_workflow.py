"""
The workflow through the admin, as each kind of user meets it: the permission matrix, the
buttons, stale saves between two people, revisions, autosave recovery and share links.
"""

import datetime
import re

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core import mail
from django.test import Client
from django.utils import timezone

from articles import sharing, workflow
from articles.models import Article, AuditEntry, EditorialNote, RecoveryCopy, ShareLinkVisit, Status
from tests.articles.story_form import change_url, story_form
from tests.clients import client_for
from tests.factories import ArticleFactory, AuthorFactory, UserFactory, editor, journalist

pytestmark = pytest.mark.django_db

CHANGELIST = "/admin/articles/article/"


def step_url(story, step):
    return f"/admin/articles/article/{story.pk}/transition/{step}/"


@pytest.fixture
def people():
    writer = journalist(username="writer", first_name="Wren", last_name="Writer", email="writer@newsroom.example")
    return {
        "anonymous": AnonymousUser(),
        "writer": writer,
        "colleague": journalist(username="colleague"),
        "editor": editor(username="editor", first_name="Edie", last_name="Tor", email="editor@newsroom.example"),
        "superuser": UserFactory(username="root", is_superuser=True),
    }


@pytest.fixture
def own_draft(people):
    author = AuthorFactory(user=people["writer"])
    return ArticleFactory(
        headline="Rover finds clay",
        status=Status.DRAFT,
        published_at=None,
        created_by=people["writer"],
        authors=[author],
    )


# The permission matrix --------------------------------------------------------------------------

LIST_AND_FORM = [
    # who, changelist status, change-form GET status, may edit (form has inputs), POST outcome
    ("anonymous", 302, 302, False, 302),
    ("writer", 200, 200, True, 302),
    ("colleague", 200, 200, False, 403),
    ("editor", 200, 200, True, 302),
    ("superuser", 200, 200, True, 302),
]


@pytest.mark.parametrize(("who", "list_status", "form_status", "editable", "post_status"), LIST_AND_FORM)
def test_list_and_form_rights_on_a_journalists_own_draft(
    people, own_draft, who, list_status, form_status, editable, post_status
):
    client = client_for(people[who])
    assert client.get(CHANGELIST).status_code == list_status
    form = client.get(change_url(own_draft))
    assert form.status_code == form_status
    if form_status == 200:
        assert ('name="headline"' in form.content.decode()) is editable
    response = client.post(change_url(own_draft), story_form(own_draft, headline="Rover finds clay, and water"))
    assert response.status_code == post_status
    if who == "anonymous":
        assert response["Location"].startswith("/admin/login/")
    own_draft.refresh_from_db()
    assert (own_draft.headline == "Rover finds clay, and water") is (post_status == 302 and who != "anonymous")


def test_a_journalist_cannot_edit_their_story_once_submitted(people, own_draft):
    client = client_for(people["writer"])
    client.post(step_url(own_draft, "submit"))
    own_draft.refresh_from_db()
    assert own_draft.status == Status.IN_REVIEW
    assert 'name="headline"' not in client.get(change_url(own_draft)).content.decode()
    response = client.post(change_url(own_draft), story_form(own_draft, headline="Sneaky edit"))
    # Refused on the story as it is now, with the words given back rather than a bare 403.
    assert response.status_code == 200
    html = response.content.decode()
    assert "Wren Writer submitted this story at" in html
    assert "it is now in review, and only an editor can change it." in html
    own_draft.refresh_from_db()
    assert own_draft.headline == "Rover finds clay"


# who: the transitions that person may post on the writer's story in each state
TRANSITIONS = {
    "anonymous": set(),
    "writer": {("draft", "submit"), ("in_review", "withdraw")},
    "colleague": set(),
    "editor": {
        ("draft", "submit"),
        ("draft", "publish"),
        ("in_review", "send_back"),
        ("in_review", "approve"),
        ("in_review", "publish"),
        ("approved", "send_back"),
        ("approved", "publish"),
        ("published", "unpublish"),
        ("unpublished", "publish"),
    },
}
TRANSITIONS["superuser"] = TRANSITIONS["editor"]
STEPS = ["submit", "withdraw", "send_back", "approve", "publish", "unpublish"]
STATES = ["draft", "in_review", "approved", "published", "unpublished"]


@pytest.mark.parametrize("who", list(TRANSITIONS))
@pytest.mark.parametrize("state", STATES)
def test_transition_urls_enforce_rights_and_states(people, own_draft, who, state):
    Article.objects.filter(pk=own_draft.pk).update(
        status=state, published_at=timezone.now() - datetime.timedelta(hours=1) if state != "draft" else None
    )
    Article.objects.get(pk=own_draft.pk).save()  # keeps publication_date in step with published_at
    client = client_for(people[who])
    for step in STEPS:
        before = Article.objects.get(pk=own_draft.pk).status
        audit_before = AuditEntry.objects.count()
        response = client.post(step_url(own_draft, step), {"note": "Because.", "confirm": "yes"})
        after = Article.objects.get(pk=own_draft.pk)
        allowed = (state, step) in TRANSITIONS[who]
        if who == "anonymous":
            assert response.status_code == 302 and response["Location"].startswith("/admin/login/")
        elif allowed:
            assert response.status_code == 302, (state, step)
            assert after.status == workflow.STEPS[step].target, (state, step)
            assert AuditEntry.objects.count() == audit_before + 1
            Article.objects.filter(pk=own_draft.pk).update(status=before)  # back, for the next step
            continue
        else:
            # A right missing is a 403; a step the state does not allow is refused with a message.
            assert response.status_code in (302, 403), (state, step)
        assert after.status == before, (who, state, step)
        assert AuditEntry.objects.count() == audit_before


def test_transitions_answer_only_post(people, own_draft):
    response = client_for(people["editor"]).get(step_url(own_draft, "publish"))
    assert response.status_code == 405
    own_draft.refresh_from_db()
    assert own_draft.status == Status.DRAFT


def test_unknown_step_is_404(people, own_draft):
    assert client_for(people["editor"]).post(step_url(own_draft, "explode")).status_code == 404


def test_a_journalist_cannot_publish_by_posting_status_or_time(people, own_draft):
    client = client_for(people["writer"])
    data = story_form(own_draft)
    data |= {"status": "published", "published_at_0": "2020-01-01", "published_at_1": "10:00:00"}
    assert client.post(change_url(own_draft), data).status_code == 302
    own_draft.refresh_from_db()
    assert own_draft.status == Status.DRAFT and own_draft.published_at is None


def test_a_journalist_cannot_publish_by_a_bulk_action(people, own_draft):
    client = client_for(people["writer"])
    page = client.get(CHANGELIST).content.decode()
    assert "publish_selected" not in page
    response = client.post(CHANGELIST, {"action": "publish_selected", "_selected_action": [own_draft.pk]})
    assert response.status_code in (200, 302)
    own_draft.refresh_from_db()
    assert own_draft.status == Status.DRAFT


def test_editors_publish_and_unpublish_in_bulk(people):
    stories = [ArticleFactory(status=Status.APPROVED, published_at=None) for _ in range(3)]
    client = client_for(people["editor"])
    ids = [story.pk for story in stories]
    client.post(CHANGELIST, {"action": "publish_selected", "_selected_action": ids, "confirm": "yes"})
    assert set(Article.objects.filter(pk__in=ids).values_list("status", flat=True)) == {Status.PUBLISHED}
    assert AuditEntry.objects.filter(action="publish").count() == 3
    client.post(CHANGELIST, {"action": "unpublish_selected", "_selected_action": ids, "confirm": "yes"})
    assert set(Article.objects.filter(pk__in=ids).values_list("status", flat=True)) == {Status.UNPUBLISHED}


@pytest.mark.parametrize(("who", "allowed"), [("writer", False), ("colleague", False), ("editor", True)])
def test_only_editors_delete(people, own_draft, who, allowed):
    client = client_for(people[who])
    response = client.post(f"/admin/articles/article/{own_draft.pk}/delete/", {"post": "yes"})
    assert Article.objects.filter(pk=own_draft.pk).exists() is not allowed
    assert response.status_code == (302 if allowed else 403)
    bulk = client.post(CHANGELIST, {"action": "delete_selected", "_selected_action": [own_draft.pk], "post": "yes"})
    assert bulk.status_code in (200, 302)


# The story page --------------------------------------------------------------------------------


def buttons(html):
    """The step buttons on a story page: those of the story form and those posting on their own."""
    in_form = re.findall(r'<button type="submit" form="article_form" name="_workflow_step" value="(\w+)"', html)
    alone = re.findall(r'<form method="post" action="/admin/articles/article/\d+/transition/(\w+)/"', html)
    return in_form + alone


def test_each_user_sees_exactly_the_steps_open_to_them(people, own_draft):
    assert buttons(client_for(people["writer"]).get(change_url(own_draft)).content.decode()) == ["submit"]
    assert buttons(client_for(people["colleague"]).get(change_url(own_draft)).content.decode()) == []
    assert buttons(client_for(people["editor"]).get(change_url(own_draft)).content.decode()) == ["submit", "publish"]


def test_send_back_round_trip_with_notes_audit_and_mail(people, own_draft, django_capture_on_commit_callbacks):
    writer, desk = client_for(people["writer"]), client_for(people["editor"])
    with django_capture_on_commit_callbacks(execute=True):
        writer.post(step_url(own_draft, "submit"))
        desk.post(step_url(own_draft, "send_back"), {"note": "Name the lab that did the analysis."})
    own_draft.refresh_from_db()
    assert own_draft.status == Status.DRAFT
    assert [message.to for message in mail.outbox] == [["editor@newsroom.example"], ["writer@newsroom.example"]]

    page = writer.get(change_url(own_draft)).content.decode()
    assert "Name the lab that did the analysis." in page
    assert "Workflow step" in page and "Sent back: In review → Draft" in page

    writer.post(f"/admin/articles/article/{own_draft.pk}/notes/", {"text": "Done: it was the JPL lab."})
    assert EditorialNote.objects.filter(article=own_draft, author=people["writer"]).exists()
    html = client_for(AnonymousUser()).get("/").content.decode()
    assert "JPL lab" not in html


def test_send_back_without_a_note_is_refused(people, own_draft):
    workflow.submit(own_draft, people["writer"])
    response = client_for(people["editor"]).post(step_url(own_draft, "send_back"), {"note": ""}, follow=True)
    assert "a note is required" in response.content.decode()
    own_draft.refresh_from_db()
    assert own_draft.status == Status.IN_REVIEW


def test_scheduling_from_the_admin_to_the_second(people, own_draft, settings):
    desk = client_for(people["editor"])
    when = timezone.localtime() + datetime.timedelta(days=1)
    response = desk.post(
        step_url(own_draft, "publish"), {"publish_at": f"{when:%Y-%m-%dT%H:%M:%S}", "confirm": "yes"}, follow=True
    )
    own_draft.refresh_from_db()
    assert own_draft.status == Status.PUBLISHED
    assert own_draft.published_at == when.replace(microsecond=0)
    assert "is scheduled: readers see it from" in response.content.decode()
    assert client_for(AnonymousUser()).get(own_draft.get_absolute_url()).status_code == 404
    bad = desk.post(step_url(own_draft, "reschedule"), {"publish_at": "next tuesday", "confirm": "yes"}, follow=True)
    assert "Give the publication time as a date and a time." in bad.content.decode()


# Two people, one story ---------------------------------------------------------------------------


def opened_version(client, story):
    html = client.get(change_url(story)).content.decode()
    return int(re.search(r'name="started_from_version" value="(\d+)"', html).group(1))


def test_the_second_of_two_saves_is_refused_and_keeps_its_text(people):
    story = ArticleFactory(headline="Launch window opens")
    first, second = client_for(people["editor"]), client_for(people["superuser"])
    first_version, second_version = opened_version(first, story), opened_version(second, story)
    assert first_version == second_version

    saved = first.post(
        change_url(story), story_form(story, body="<p>Edie's rewrite.</p>", started_from_version=first_version)
    )
    assert saved.status_code == 302

    refused = second.post(
        change_url(story),
        story_form(story, body="<p>Root's rival rewrite.</p>", started_from_version=second_version),
    )
    assert refused.status_code == 200
    html = refused.content.decode()
    assert "Edie Tor saved this story at" in html
    assert f'href="/admin/articles/article/{story.pk}/compare/?since={second_version}"' in html
    assert "Root&#x27;s rival rewrite." in html or "Root's rival rewrite." in html
    assert 'name="save_over"' in html
    story.refresh_from_db()
    assert story.body == "<p>Edie's rewrite.</p>"

    compare = second.get(f"/admin/articles/article/{story.pk}/compare/?since={second_version}")
    assert compare.status_code == 200
    assert "<ins>Edie&#x27;s rewrite.</ins>" in compare.content.decode()

    current_version = int(re.search(r'name="save_over_version" value="(\d+)"', html).group(1))
    deliberate = second.post(
        change_url(story),
        story_form(
            story,
            body="<p>Root's rival rewrite.</p>",
            started_from_version=second_version,
            save_over="on",
            save_over_version=current_version,
        ),
    )
    assert deliberate.status_code == 302
    story.refresh_from_db()
    assert story.body == "<p>Root's rival rewrite.</p>"


def test_every_save_is_a_revision_that_can_be_compared_previewed_and_restored(people):
    story = ArticleFactory(headline="Comet brightens")
    desk = client_for(people["editor"])
    for headline in ["Comet brightens sharply", "Comet outburst seen worldwide"]:
        desk.post(change_url(story), story_form(story, headline=headline, started_from_version=story.version))
        story.refresh_from_db()
    page = desk.get(change_url(story)).content.decode()
    # Newest first: the two edits, then the story as it stood before the first one.
    preview_urls = re.findall(r'href="(/admin/articles/article/\d+/revisions/\d+/preview/)"', page)
    restore_urls = re.findall(r'action="(/admin/articles/article/\d+/revisions/\d+/restore/)"', page)
    assert len(preview_urls) == 3 and len(restore_urls) == 2, "the newest revision is the story itself"
    assert "As it stood before its first edit" in page
    preview = desk.get(preview_urls[1])
    assert "Comet brightens sharply" in preview.content.decode()
    assert preview["X-Robots-Tag"] == "noindex, nofollow"
    assert "Comet brightens" in desk.get(preview_urls[2]).content.decode()
    compare = re.search(r'href="(/admin/articles/article/\d+/compare/\?from=\d+&amp;to=\d+)"', page).group(1)
    diff = desk.get(compare.replace("&amp;", "&")).content.decode()
    assert "Comet <del>brightens sharply</del> <ins>outburst seen worldwide</ins>" in diff

    desk.post(restore_urls[0])
    story.refresh_from_db()
    assert story.headline == "Comet brightens sharply"
    assert story.status == Status.PUBLISHED
    page = desk.get(change_url(story)).content.decode()
    assert "Restored the revision of" in page


def test_substantive_update_sets_the_readers_updated_time(people):
    story = ArticleFactory()
    desk = client_for(people["editor"])
    assert 'name="substantive_update"' in desk.get(change_url(story)).content.decode()
    desk.post(change_url(story), story_form(story, substantive_update="on"))
    story.refresh_from_db()
    assert story.updated_at is not None
    assert "Updated" in client_for(AnonymousUser()).get(story.get_absolute_url()).content.decode()


# Autosave and recovery ----------------------------------------------------------------------------


def test_autosave_keeps_a_private_copy_offered_back_on_return(people, own_draft):
    writer = client_for(people["writer"])
    response = writer.post(
        "/admin/articles/article/autosave/",
        {"article": own_draft.pk, "headline": "Rover finds clay and", "body": "<p>Half a sentence</p>"},
    )
    assert response.status_code == 200 and "saved_at" in response.json()
    copy = RecoveryCopy.objects.get(user=people["writer"], article=own_draft)
    assert copy.data["body"] == "<p>Half a sentence</p>"
    own_draft.refresh_from_db()
    assert own_draft.headline == "Rover finds clay"

    page = writer.get(change_url(own_draft)).content.decode()
    assert "You have unsaved text for this story" in page
    restored = writer.get(change_url(own_draft) + "?restore=1").content.decode()
    assert 'value="Rover finds clay and"' in restored
    assert "Half a sentence" in restored

    other = client_for(people["editor"]).get(change_url(own_draft)).content.decode()
    assert "You have unsaved text" not in other


def test_autosave_refuses_stories_the_user_cannot_edit(people, own_draft):
    response = client_for(people["colleague"]).post(
        "/admin/articles/article/autosave/", {"article": own_draft.pk, "headline": "x"}
    )
    assert response.status_code == 403
    assert client_for(people["writer"]).get("/admin/articles/article/autosave/").status_code == 405
    assert not RecoveryCopy.objects.exists()


def test_a_new_story_can_be_recovered_too(people):
    writer = client_for(people["writer"])
    writer.post("/admin/articles/article/autosave/", {"article": "", "headline": "Unsaved new story"})
    page = writer.get("/admin/articles/article/add/").content.decode()
    assert "You have unsaved text" in page
    assert 'value="Unsaved new story"' in writer.get("/admin/articles/article/add/?restore=1").content.decode()


def test_creating_the_story_discards_the_new_story_copy(people):
    author = AuthorFactory(user=people["writer"])
    writer = client_for(people["writer"])
    writer.post("/admin/articles/article/autosave/", {"article": "", "headline": "Unsaved new story"})
    form = story_form(bylines=[(author, "")], headline="Unsaved new story, now saved", slug="unsaved-new-story")
    response = writer.post("/admin/articles/article/add/", form)
    assert response.status_code == 302
    assert Article.objects.filter(headline="Unsaved new story, now saved").exists()
    assert not RecoveryCopy.objects.filter(user=people["writer"]).exists()
    assert "You have unsaved text" not in writer.get("/admin/articles/article/add/").content.decode()


def test_saving_discards_the_copy(people, own_draft):
    writer = client_for(people["writer"])
    writer.post("/admin/articles/article/autosave/", {"article": own_draft.pk, "headline": "Typed"})
    writer.post(change_url(own_draft), story_form(own_draft, headline="Typed and saved"))
    assert not RecoveryCopy.objects.exists()


# Share links ----------------------------------------------------------------------------------------


def test_share_link_lifecycle(people, own_draft):
    desk = client_for(people["editor"])
    response = desk.post(f"/admin/articles/article/{own_draft.pk}/share/", {"label": "legal", "days": "2"}, follow=True)
    url = re.search(r"http://127\.0\.0\.1:8000(/preview/[^/\s]+/)", response.content.decode()).group(1)

    guest = Client(REMOTE_ADDR="203.0.113.9", HTTP_USER_AGENT="LawFirmBrowser/1.0")
    page = guest.get(url)
    assert page.status_code == 200
    assert "Rover finds clay" in page.content.decode()
    assert '<meta name="robots" content="noindex, nofollow">' in page.content.decode()
    assert page["X-Robots-Tag"] == "noindex, nofollow"
    assert "no-store" in page["Cache-Control"] and "private" in page["Cache-Control"]
    visit = ShareLinkVisit.objects.get()
    assert visit.ip_address == "203.0.113.9" and visit.user_agent == "LawFirmBrowser/1.0"
    assert "203.0.113.9" in desk.get(change_url(own_draft)).content.decode()

    link = own_draft.share_links.get()
    desk.post(f"/admin/articles/article/{own_draft.pk}/share/{link.pk}/revoke/")
    assert guest.get(url).status_code == 404


def test_share_links_are_for_editors_and_die_with_unpublish_and_expiry(people, own_draft):
    writer = client_for(people["writer"])
    assert writer.post(f"/admin/articles/article/{own_draft.pk}/share/", {"days": "2"}).status_code == 403
    link = sharing.create_link(own_draft, people["editor"], lifetime=datetime.timedelta(hours=1))
    url = f"/preview/{sharing.token_for(link)}/"
    assert Client().get(url).status_code == 200
    workflow.publish(own_draft, people["editor"])
    assert Client().get(url)["Location"] == own_draft.get_absolute_url()
    workflow.unpublish(own_draft, people["editor"])
    assert Client().get(url).status_code == 404

    second = sharing.create_link(own_draft, people["editor"], lifetime=datetime.timedelta(minutes=1))
    type(second).objects.filter(pk=second.pk).update(expires_at=timezone.now() - datetime.timedelta(seconds=1))
    assert Client().get(f"/preview/{sharing.token_for(second)}/").status_code == 404
    assert Client().get("/preview/not-a-real-token/").status_code == 404
