"""Edit safety at the service level: stale saves refused, revisions kept, diffs readable, recovery copies."""

import pytest
import reversion
from django.utils import timezone
from reversion.models import Version

from articles import comparing, editing, recovery
from articles.models import Article, RecoveryCopy
from tests.factories import ArticleFactory, TagFactory, editor

pytestmark = pytest.mark.django_db


@pytest.fixture
def story():
    with reversion.create_revision():
        return ArticleFactory(headline="Moon base plans", body="<p>The first draft of the story.</p>")


def test_a_save_from_the_current_version_is_a_new_revision(story):
    desk = editor(first_name="Dana", last_name="Desk")
    story.headline = "Moon base plans advance"
    editing.save_story(story, desk, started_from_version=1)
    story.refresh_from_db()
    assert story.version == 2 and story.modified_by == desk
    revisions = list(Version.objects.get_for_object(story))
    assert len(revisions) == 2
    assert revisions[0].revision.user == desk
    assert revisions[0].field_dict["headline"] == "Moon base plans advance"


def test_the_second_of_two_saves_from_the_same_version_is_refused(story):
    first, second = editor(first_name="Ana", last_name="First"), editor()
    mine, theirs = type(story).objects.get(pk=story.pk), type(story).objects.get(pk=story.pk)
    mine.body = "<p>Ana's rewrite.</p>"
    editing.save_story(mine, first, started_from_version=1)

    theirs.body = "<p>A different rewrite that must not overwrite Ana's.</p>"
    with pytest.raises(editing.StaleEdit) as refused:
        editing.save_story(theirs, second, started_from_version=1)
    assert refused.value.saved_by == "Ana First"
    assert refused.value.current_version == 2
    assert "Ana First saved this story" in str(refused.value)
    story.refresh_from_db()
    assert story.body == "<p>Ana's rewrite.</p>"
    assert len(Version.objects.get_for_object(story)) == 2


def test_substantive_update_sets_the_public_updated_time(story):
    desk = editor()
    editing.save_story(story, desk, started_from_version=1)
    assert story.updated_at is None
    before = timezone.now()
    editing.save_story(story, desk, started_from_version=2, substantive_update=True)
    assert story.updated_at >= before


def test_compare_shows_words_removed_and_added_escaped(story):
    desk = editor()
    story.headline = "Moon base <plans> slip"
    story.tags.add(TagFactory(name="Moon"))
    story.body = "<p>The second draft of the story.</p>"
    editing.save_story(story, desk, started_from_version=1)
    newer, older = list(Version.objects.get_for_object(story))
    changes = dict(comparing.compare(older, newer))
    assert changes["Headline"] == "Moon base <del>plans</del> <ins>&lt;plans&gt; slip</ins>"
    assert "<del>first</del> <ins>second</ins>" in changes["Body"]
    assert "<p>" not in changes["Body"]
    assert "Slug" not in changes
    assert changes["Tags"] == "<ins>Moon</ins>"


def test_recovery_copies_are_per_user_and_go_away_on_save(story):
    desk, other = editor(), editor()
    recovery.keep_recovery_copy(story, desk, {"headline": "typed so far"}, base_version=1)
    recovery.keep_recovery_copy(story, desk, {"headline": "typed a bit more"}, base_version=1)
    recovery.keep_recovery_copy(story, other, {"headline": "someone else"}, base_version=1)
    assert recovery.recovery_copy_for(story, desk).data == {"headline": "typed a bit more"}
    assert RecoveryCopy.objects.count() == 2
    editing.save_story(story, desk, started_from_version=1)
    assert recovery.recovery_copy_for(story, desk) is None
    assert recovery.recovery_copy_for(story, other) is not None


def test_restoring_a_revision_is_a_new_revision_and_keeps_the_state(story):
    from articles.models import Byline, Status
    from tests.factories import AuthorFactory, SectionFactory

    desk = editor()
    original_author = story.bylines.get().author
    original_section = story.section
    story.headline = "A headline we regret"
    story.section = SectionFactory()
    editing.save_story(
        story,
        desk,
        started_from_version=1,
        save_related=lambda: Byline.objects.filter(article=story).update(author=AuthorFactory()),
    )
    first = list(Version.objects.get_for_object(story))[-1]
    editing.restore_revision(story, first, desk)
    story.refresh_from_db()
    assert story.headline == "Moon base plans"
    assert story.section == original_section
    assert story.bylines.get().author == original_author
    assert story.status == Status.PUBLISHED and story.version == 3
    latest = Version.objects.get_for_object(story).first()
    assert latest.revision.comment.startswith("Restored the revision of")
    assert latest.revision.user == desk
    assert len(Version.objects.get_for_object(story)) == 3


def test_a_text_edit_begun_before_a_transition_is_refused_as_stale():
    from articles import workflow
    from articles.models import Article, Status

    desk = editor()
    story = ArticleFactory(status=Status.APPROVED, published_at=None)
    opened = Article.objects.get(pk=story.pk)  # someone opens the story...
    workflow.publish(story, desk)  # ...the desk publishes it meanwhile...
    opened.headline = "A late headline fix"
    with pytest.raises(editing.StaleEdit):  # ...then the text is saved: it started before the step
        editing.save_story(opened, desk, started_from_version=opened.version)
    story.refresh_from_db()
    assert story.headline != "A late headline fix"
    assert story.status == Status.PUBLISHED and story.is_live
    # Saved again from the version the step made, the edit keeps the new state.
    editing.save_story(opened, desk, started_from_version=story.version)
    story.refresh_from_db()
    assert story.headline == "A late headline fix"
    assert story.status == Status.PUBLISHED and story.is_live


def test_a_new_story_is_its_first_revision_signed_by_who_started_it():
    desk = editor()
    story = Article(headline="Comet seen at dawn", slug="comet-seen-at-dawn", body="<p>Low in the east.</p>")
    editing.create_story(story, desk)
    story.refresh_from_db()
    assert story.created_by == desk and story.modified_by == desk
    (first,) = Version.objects.get_for_object(story)
    assert (first.revision.user, first.revision.get_comment()) == (desk, "Created")
