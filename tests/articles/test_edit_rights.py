"""
A story that moves on while someone types: every workflow step moves the version on, every save and
restore checks the right to edit on the story as it is now, and a restore leaves the desk's own
fields alone. Through the admin, as the writer and the editor use it.
"""

import re

import pytest
from django.contrib.auth.models import AnonymousUser

from articles import workflow
from articles.models import Article, RecoveryCopy, Status
from tests.articles.story_form import change_url, story_form
from tests.clients import client_for
from tests.factories import editor, journalist

pytestmark = pytest.mark.django_db

TYPED_HEADLINE = "Rover finds clay, and water"
TYPED_SENTENCE = "A paragraph typed while the desk published."


def step_url(story, step):
    return f"/admin/articles/article/{story.pk}/transition/{step}/"


def opened_version(client, story):
    """The version the story form starts from, as the page the user opened holds it."""
    html = client.get(change_url(story)).content.decode()
    return int(re.search(r'name="started_from_version" value="(\d+)"', html).group(1))


def restore_urls(client, story):
    html = client.get(change_url(story)).content.decode()
    return re.findall(r'action="(/admin/articles/article/\d+/revisions/\d+/restore/)"', html)


# A save in flight while an editor publishes ---------------------------------------------------------


def test_a_writers_save_after_an_editor_published_the_draft_is_refused_and_keeps_the_text(writer, desk, own_draft):
    mine = client_for(writer)
    version = opened_version(mine, own_draft)  # the writer opens their draft...
    client_for(desk).post(step_url(own_draft, "publish"), {"confirm": "yes"})  # ...the desk publishes it as it stood...
    typed = story_form(
        own_draft,
        headline=TYPED_HEADLINE,
        body=f"<p>The rover drilled twice this week.</p><p>{TYPED_SENTENCE}</p>",
        started_from_version=version,
        save_over_version="",  # as a browser sends the form's empty hidden field
    )
    response = mine.post(change_url(own_draft), typed)  # ...then the writer saves

    assert response.status_code == 200
    html = response.content.decode()
    assert "Edie Tor published this story at" in html
    assert "it is now published, and only an editor can change it." in html
    assert "Nothing of yours was saved." in html
    # Saving over is no way out of this refusal, so it is not offered.
    assert 'type="checkbox" name="save_over"' not in html
    # The words are still in the form, editable, to copy.
    assert f'name="headline" value="{TYPED_HEADLINE}"' in html
    assert TYPED_SENTENCE in html
    # The live story is the one the desk published.
    own_draft.refresh_from_db()
    assert own_draft.status == Status.PUBLISHED and own_draft.is_live
    assert own_draft.headline == "Rover finds clay"
    public = client_for(AnonymousUser()).get(own_draft.get_absolute_url()).content.decode()
    assert "Rover finds clay" in public and TYPED_SENTENCE not in public and "and water" not in public

    # Kept as the writer's own unsaved text, shown to read on the story they can no longer change.
    copy = RecoveryCopy.objects.get(article=own_draft, user=writer)
    assert copy.data["headline"] == TYPED_HEADLINE and TYPED_SENTENCE in copy.data["body"]
    later = mine.get(change_url(own_draft)).content.decode()
    assert 'name="headline"' not in later
    assert "You have unsaved text for this story" in later
    banner = re.search(r'<div class="recovery-banner".*?</details>', later, re.S).group(0)
    assert TYPED_HEADLINE in banner and TYPED_SENTENCE in banner
    assert "Restore my unsaved text" not in banner


def test_ticking_save_over_cannot_put_a_writers_text_on_the_published_story(writer, desk, own_draft):
    mine = client_for(writer)
    version = opened_version(mine, own_draft)
    client_for(desk).post(step_url(own_draft, "publish"), {"confirm": "yes"})
    own_draft.refresh_from_db()

    forced = story_form(
        own_draft,
        headline=TYPED_HEADLINE,
        started_from_version=version,
        save_over="on",
        save_over_version=own_draft.version,
    )
    response = mine.post(change_url(own_draft), forced)

    assert response.status_code == 200
    assert "only an editor can change it." in response.content.decode()
    own_draft.refresh_from_db()
    assert own_draft.headline == "Rover finds clay"


def test_the_writer_keeps_typing_safely_after_the_desk_published(writer, desk, own_draft):
    mine = client_for(writer)
    client_for(desk).post(step_url(own_draft, "publish"), {"confirm": "yes"})
    # The form's script keeps sending what the writer types: still kept, privately.
    kept = mine.post("/admin/articles/article/autosave/", {"article": own_draft.pk, "headline": TYPED_HEADLINE})
    assert kept.status_code == 200
    assert RecoveryCopy.objects.get(article=own_draft, user=writer).data["headline"] == TYPED_HEADLINE
    # Someone who never wrote the story keeps nothing on it.
    colleague = client_for(journalist(username="colleague"))
    assert colleague.post("/admin/articles/article/autosave/", {"article": own_draft.pk}).status_code == 403
    own_draft.refresh_from_db()
    assert own_draft.headline == "Rover finds clay"


def test_a_restore_after_the_story_left_the_writers_hands_is_refused(writer, desk, own_draft):
    mine = client_for(writer)
    mine.post(change_url(own_draft), story_form(own_draft, headline="Rover finds clay at the lake"))
    own_draft.refresh_from_db()
    (restore,) = restore_urls(mine, own_draft)  # the page the writer has open offers the restore
    client_for(desk).post(step_url(own_draft, "publish"), {"confirm": "yes"})

    response = mine.post(restore, follow=True)

    assert "Edie Tor published this story at" in response.content.decode()
    assert "Nothing was restored." in response.content.decode()
    own_draft.refresh_from_db()
    assert own_draft.headline == "Rover finds clay at the lake"
    assert own_draft.status == Status.PUBLISHED
    # Someone who never wrote the story is turned away as before.
    colleague = client_for(journalist(username="colleague"))
    assert colleague.post(restore).status_code == 403


# Every step moves the version on --------------------------------------------------------------------


def test_every_workflow_step_moves_the_version_on(writer, desk, own_draft):
    mine, theirs = client_for(writer), client_for(desk)
    steps = [
        (mine, "submit", {}),
        (theirs, "send_back", {"note": "Name the lab."}),
        (mine, "submit", {}),
        (theirs, "approve", {}),
        (theirs, "publish", {"confirm": "yes"}),
        (theirs, "unpublish", {"confirm": "yes"}),
        (theirs, "publish", {"confirm": "yes"}),
    ]
    version = opened_version(theirs, own_draft)
    for client, step, data in steps:
        assert client.post(step_url(own_draft, step), data).status_code == 302
        moved_to = opened_version(theirs, own_draft)
        assert moved_to == version + 1, step
        version = moved_to


def test_an_editors_form_opened_before_a_step_is_refused_as_stale(writer, desk, own_draft):
    theirs = client_for(desk)
    version = opened_version(theirs, own_draft)
    client_for(writer).post(step_url(own_draft, "submit"))

    response = theirs.post(
        change_url(own_draft), story_form(own_draft, dek="A dek from before", started_from_version=version)
    )

    assert response.status_code == 200
    assert "Wren Writer saved this story at" in response.content.decode()
    own_draft.refresh_from_db()
    assert own_draft.dek != "A dek from before" and own_draft.status == Status.IN_REVIEW


def test_what_changed_since_a_form_opened_after_a_step_is_only_the_later_save(writer, desk, own_draft):
    mine, theirs, other = client_for(writer), client_for(desk), client_for(editor(username="otto"))
    mine.post(change_url(own_draft), story_form(own_draft, dek="The writer's own dek."))
    mine.post(step_url(own_draft, "submit"))
    own_draft.refresh_from_db()
    version = opened_version(theirs, own_draft)  # opened after the step: no revision holds this version
    other.post(change_url(own_draft), story_form(own_draft, headline="Rover finds clay at the lake"))

    refused = theirs.post(change_url(own_draft), story_form(own_draft, started_from_version=version))
    link = re.search(r'href="(/admin/articles/article/\d+/compare/\?since=\d+)"', refused.content.decode()).group(1)
    changes = theirs.get(link).content.decode()

    assert "<ins>at the lake</ins>" in changes
    assert "The writer&#x27;s own dek." not in changes, "the writer's earlier save was already in the opened form"


# A restore leaves the desk's fields alone -----------------------------------------------------------


def without(data, *names):
    return {key: value for key, value in data.items() if key not in names}


@pytest.mark.parametrize("featured_then", [True, False])
@pytest.mark.parametrize("who", ["writer", "desk"])
def test_restoring_a_revision_never_changes_the_lead_story_choice(request, writer, desk, own_draft, who, featured_then):
    theirs = client_for(desk)
    # The desk saves the draft as the lead (or not), then changes its mind with a new headline.
    then = story_form(own_draft, headline="Rover finds clay at the lake")
    theirs.post(change_url(own_draft), then | {"featured": "on"} if featured_then else without(then, "featured"))
    own_draft.refresh_from_db()
    assert own_draft.featured is featured_then
    now = story_form(own_draft, headline="Rover finds clay by the lake")
    theirs.post(change_url(own_draft), without(now, "featured") if featured_then else now | {"featured": "on"})
    own_draft.refresh_from_db()
    assert own_draft.featured is not featured_then

    restorer = client_for(request.getfixturevalue(who))
    older = restore_urls(restorer, own_draft)[0]  # the revision from when the lead choice was the other
    assert restorer.post(older).status_code == 302

    own_draft.refresh_from_db()
    assert own_draft.headline == "Rover finds clay at the lake", "the words come back"
    assert own_draft.featured is not featured_then, "the lead story choice stays the desk's current one"
    assert own_draft.status == Status.DRAFT


def test_a_writers_save_never_changes_the_desk_fields(writer, desk, own_draft):
    Article.objects.filter(pk=own_draft.pk).update(featured=True)
    own_draft.refresh_from_db()
    posted = without(story_form(own_draft, headline="Rover finds clay at the lake"), "featured")
    posted |= {"updated_at_0": "2020-01-01", "updated_at_1": "10:00:00"}

    assert client_for(writer).post(change_url(own_draft), posted).status_code == 302

    own_draft.refresh_from_db()
    assert own_draft.headline == "Rover finds clay at the lake"
    assert own_draft.featured is True and own_draft.updated_at is None


def test_a_story_the_writer_may_only_read_shows_its_body_as_readers_see_it(writer, own_draft):
    Article.objects.filter(pk=own_draft.pk).update(
        body='<p>The rover <strong>drilled</strong> twice.</p><script>alert("x")</script><p>Second.</p>'
    )
    workflow.submit(own_draft, writer)
    html = client_for(writer).get(change_url(own_draft)).content.decode()
    body = re.search(r'<div class="readonly">(<p>The rover.*?)</div>', html, re.S).group(1)
    assert body == "<p>The rover <strong>drilled</strong> twice.</p><p>Second.</p>"
    assert "&lt;p&gt;" not in html and 'alert("x")' not in html
