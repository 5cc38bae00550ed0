"""
The story form saves through the editing service (``editing.save_story``), as scripts do: what the
service alone does on a save (the next version, who saved, the substantive update's time, one signed
revision, the recovery copy discarded) is what a save from the desk leaves behind.
"""

import pytest
from reversion.models import Version

from articles.models import RecoveryCopy
from tests.articles.test_admin_articles import change_url, story_form
from tests.clients import client_for
from tests.factories import ArticleFactory, editor

pytestmark = pytest.mark.django_db

AUTOSAVE_URL = "/admin/articles/article/autosave/"


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
