"""
The story form saves through the editing service (``editing.save_story``), as scripts do: what the
service alone does on a save (the next version, who saved, the substantive update's time, one signed
revision, the recovery copy discarded) is what a save from the desk leaves behind.
"""

import pytest
from reversion.models import Version

from articles import editing
from articles.models import RecoveryCopy
from newsroom import richtext
from tests.articles.test_admin_articles import change_url, story_form
from tests.clients import client_for
from tests.factories import ArticleFactory, editor

pytestmark = pytest.mark.django_db

AUTOSAVE_URL = "/admin/articles/article/autosave/"
richtext_sanitize_body = richtext.sanitize_body


def test_a_save_from_the_story_form_is_the_editing_services_save():
    desk_editor = editor(username="dana", first_name="Dana", last_name="Desk")
    story = ArticleFactory(headline="Comet brightens")
    desk = client_for(desk_editor)
    desk.post(AUTOSAVE_URL, {"article": story.pk, "headline": "Comet bright"})
    assert RecoveryCopy.objects.filter(article=story, user=desk_editor).exists()

    response = desk.post(change_url(story), story_form(story, headline="Comet seen at dawn", substantive_update="on"))

    assert response.status_code == 302
    story.refresh_from_db()
    assert story.headline == "Comet seen at dawn"
    assert (story.version, story.modified_by) == (2, desk_editor)
    assert story.updated_at is not None
    assert not RecoveryCopy.objects.filter(article=story, user=desk_editor).exists()
    saved = Version.objects.get_for_object(story).first()
    assert saved.revision.user == desk_editor
    assert (saved.field_dict["headline"], saved.field_dict["version"]) == ("Comet seen at dawn", 2)


def test_a_saved_body_is_cleaned_once_and_kept_clean(monkeypatch):
    desk_editor = editor(username="dana")
    story = ArticleFactory(body="<p>Old text.</p>")
    cleaned = []

    def counted(html):
        cleaned.append(html)
        return richtext_sanitize_body(html)

    monkeypatch.setattr(richtext, "sanitize_body", counted)
    body = '<p onclick="steal()">Comet seen at dawn.</p><script>steal()</script>'
    response = client_for(desk_editor).post(change_url(story), story_form(story, body=body))

    assert response.status_code == 302
    assert len(cleaned) == 1
    story.refresh_from_db()
    assert story.body == "<p>Comet seen at dawn.</p>"
    assert story.word_count == 4

    # A script's save through the service cleans once too.
    cleaned.clear()
    story.body = "<p>Comet seen at noon.</p><script>steal()</script>"
    editing.save_story(story, desk_editor, started_from_version=story.version)
    assert len(cleaned) == 1
    story.refresh_from_db()
    assert story.body == "<p>Comet seen at noon.</p>"
