"""
Live coverage on the story's desk page: the switch, the compact form over the updates newest first,
each update's own page (edit, revisions, delete), an edit refused when someone changed the update
meanwhile, the coverage's start and end in the story's history, and corrections naming an update.
"""

import re

import pytest
from reversion.models import Version

from articles import live
from articles.models import AuditEntry, Correction, LiveEntry
from tests.clients import client_for
from tests.factories import ArticleFactory, AuthorFactory, journalist
from tests.live.stories import live_story, post

pytestmark = pytest.mark.django_db


def change_page(story):
    return f"/admin/articles/article/{story.pk}/change/"


def text(response):
    return response.content.decode()


def test_an_editor_sees_the_switch_on_any_story_and_a_journalist_only_on_a_live_one(desk, writer):
    story = ArticleFactory(authors=[AuthorFactory(user=writer)])
    assert "Switch to live coverage" in text(client_for(desk).get(change_page(story)))
    assert 'id="live-updates"' not in text(client_for(writer).get(change_page(story)))
    live.start_coverage(story, desk)
    page = text(client_for(writer).get(change_page(story)))
    assert "Live coverage:" in page and "Post update" in page and "End live coverage" not in page
    assert "End live coverage" in text(client_for(desk).get(change_page(story)))


def test_the_form_sits_over_the_updates_newest_first_with_the_writers_own_name_ticked(desk, writer):
    story = live_story(desk, writer)
    for n in range(3):
        post(story, desk, text=f"Update {n}.")
    page = text(client_for(writer).get(change_page(story)))
    assert page.index('class="live-update-form"') < page.index('class="live-update-list"')
    assert re.findall(r'<p class="live-update-row-text">(Update \d)\.</p>', page) == [
        "Update 2",
        "Update 1",
        "Update 0",
    ]
    assert re.search(r'<input type="checkbox" name="update-authors" value="\d+"[^>]* checked>', page)


def test_a_journalist_not_on_the_byline_sees_the_updates_but_no_form(desk, writer):
    story = live_story(desk, writer)
    post(story, desk, text="Engines lit.")
    page = text(client_for(journalist(username="other")).get(change_page(story)))
    assert "Engines lit." in page and 'class="live-update-form"' not in page and "Edit or delete" not in page


def test_an_edit_begun_before_someone_elses_is_refused_and_keeps_its_text(desk, writer):
    story = live_story(desk, writer)
    entry = post(story, desk, text="Booster separation.")
    address = f"/admin/articles/article/{story.pk}/updates/{entry.pk}/"
    opened = text(client_for(writer).get(address))
    version = re.search(r'name="update-version" value="(\d+)"', opened).group(1)
    live.edit_entry(
        entry, desk, entry.version, body="<p>Booster separation, on time.</p>", authors=[post_author(story)]
    )
    data = {
        "update-body": "<p>Boosters separated.</p>",
        "update-authors": [post_author(story).pk],
        "update-version": version,
    }
    refused = client_for(writer).post(address, data)
    assert refused.status_code == 200
    assert "changed this update" in text(refused) and "Boosters separated." in text(refused)
    entry.refresh_from_db()
    assert entry.body == "<p>Booster separation, on time.</p>"
    again = re.search(r'name="update-version" value="(\d+)"', text(refused)).group(1)
    saved = client_for(writer).post(address, data | {"update-version": again})
    assert saved.status_code == 302
    entry.refresh_from_db()
    assert entry.body == "<p>Boosters separated.</p>"


def post_author(story):
    return story.bylines.first().author


def test_every_change_to_an_update_is_a_revision_listed_on_its_page(desk, writer):
    story = live_story(desk, writer)
    entry = post(story, desk, text="First words.")
    live.edit_entry(entry, desk, entry.version, body="<p>Better words.</p>", authors=[post_author(story)])
    page = text(client_for(desk).get(f"/admin/articles/article/{story.pk}/updates/{entry.pk}/"))
    assert re.findall(r"— (Posted|Edited) by", page) == ["Edited", "Posted"]
    live.delete_entry(entry, desk)
    comments = [version.revision.comment for version in Version.objects.get_for_object(entry)]
    assert comments == ["Deleted", "Edited", "Posted"]
    assert client_for(desk).get(f"/admin/articles/article/{story.pk}/updates/{entry.pk}/").status_code == 404


def test_deleting_asks_first_then_takes_the_update_off(desk, writer):
    story = live_story(desk, writer)
    entry = post(story, desk, text="A wrong figure.")
    address = f"/admin/articles/article/{story.pk}/updates/{entry.pk}/delete/"
    assert "Readers see this update now" in text(client_for(writer).get(address))
    assert LiveEntry.objects.get(pk=entry.pk).deleted_at is None
    assert client_for(writer).post(address).status_code == 302
    assert LiveEntry.objects.get(pk=entry.pk).deleted_at is not None
    assert "A wrong figure." not in text(client_for(desk).get(change_page(story)))


def test_the_coverage_starting_and_ending_is_in_the_storys_history(desk):
    story = live_story(desk)
    live.end_coverage(story, desk)
    steps = AuditEntry.objects.filter(article=story).order_by("created_at", "id")
    assert [step.action_label for step in steps] == ["Switched to live coverage", "Ended live coverage"]
    history = text(client_for(desk).get(f"/admin/articles/article/{story.pk}/history/"))
    assert "Switched to live coverage" in history and "Ended live coverage" in history
    assert "Switched to live coverage:" not in history  # no change of state to tell


def test_a_correction_names_one_of_the_storys_own_updates(desk):
    story = live_story(desk)
    entry = post(story, desk, text="The crew numbered four.")
    other = live_story(desk)
    stranger = post(other, desk, text="Another story's update.")
    page = text(client_for(desk).get(change_page(story)))
    options = re.search(r'<select name="corrections-__prefix__-entry".*?</select>', page, re.S).group(0)
    assert f'value="{entry.pk}"' in options and f'value="{stranger.pk}"' not in options
    Correction.objects.create(article=story, entry=entry, text="Three.")
    assert Correction.objects.get(article=story).entry == entry
