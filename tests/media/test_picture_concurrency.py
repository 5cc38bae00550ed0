"""A journalist changing their picture while an editor publishes the draft using it, each on their own connection."""

import threading
import time

import pytest
from django.db import connection, transaction
from django.test import Client
from reversion.models import Version

from articles import workflow
from articles.models import Article, AuditEntry, Status
from tests.articles.test_workflow_concurrency import run_together, someone_waits_for_a_row_lock
from tests.factories import ArticleFactory, AuthorFactory, ImageFactory, editor, journalist

from .test_picture_rights import change_url, picture_form, small_picture, stored

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(connection.vendor != "postgresql", reason="row locks need PostgreSQL"),
]


@pytest.fixture
def scene():
    """A journalist's own picture, the hero of their own draft: theirs to change until the desk publishes it."""
    writer = journalist(username="wren", first_name="Wren", last_name="Writer")
    image = small_picture(ImageFactory(uploaded_by=writer, credit="Wire Agency"))
    story = ArticleFactory(
        headline="Rover finds clay",
        hero_image=image,
        status=Status.DRAFT,
        published_at=None,
        created_by=writer,
        authors=[AuthorFactory(user=writer)],
    )
    page = Client()
    page.force_login(writer)
    return {"writer": writer, "page": page, "image": image, "story": story, "desk": editor(username="edie")}


def test_a_picture_change_in_flight_while_an_editor_publishes_the_draft_using_it_is_refused(scene):
    image, story = scene["image"], scene["story"]
    before = stored(image)
    revisions_before = Version.objects.get_for_object(image).count()
    typed = picture_form(image, credit="Forged Credit")
    publishing, answered = threading.Event(), threading.Event()

    def editor_publishes():
        # Commits once the picture's save waits behind the story's row or, should it not wait, has answered.
        with transaction.atomic():
            workflow.publish(Article.objects.get(pk=story.pk), scene["desk"])
            publishing.set()
            deadline = time.monotonic() + 10
            while not answered.is_set() and time.monotonic() < deadline:
                if someone_waits_for_a_row_lock(timeout=0.05):
                    return "the save waited"
            return "the save did not wait"

    def writer_saves():
        # Posted while the publish holds the story's row: the draft still looks theirs to anyone not waiting.
        assert publishing.wait(timeout=10)
        try:
            return scene["page"].post(change_url(image), typed)
        finally:
            answered.set()

    outcomes = run_together(editor_publishes, writer_saves)

    assert [kind for kind, _ in outcomes] == ["ok", "ok"], outcomes
    response = outcomes[1][1]
    assert response.status_code == 403, "the change was saved"
    assert stored(image) == before
    assert Version.objects.get_for_object(image).count() == revisions_before
    story.refresh_from_db()
    assert story.status == Status.PUBLISHED and story.is_live
    reader = Client().get(story.get_absolute_url()).content.decode()
    assert "Wire Agency" in reader and "Forged Credit" not in reader
    assert outcomes[0][1] == "the save waited"
    # Afterwards the page says why, as for any picture on a live story.
    html = scene["page"].get(change_url(image)).content.decode()
    assert "Used on a live story: ask an editor to change it." in html


def test_a_publish_waits_for_a_picture_change_already_under_way_and_goes_out_with_it(scene):
    image, story = scene["image"], scene["story"]
    typed = picture_form(image, credit="Corrected Credit")
    saved = threading.Event()

    def writer_saves():
        # The save's transaction stays open (its rows locked) until the publish is seen waiting.
        with transaction.atomic():
            response = scene["page"].post(change_url(image), typed)
            saved.set()
            assert someone_waits_for_a_row_lock(), "the publish never waited for the picture's save"
        return response

    def editor_publishes():
        assert saved.wait(timeout=10)
        return workflow.publish(Article.objects.get(pk=story.pk), scene["desk"])

    outcomes = run_together(writer_saves, editor_publishes)

    assert [kind for kind, _ in outcomes] == ["ok", "ok"], outcomes
    assert outcomes[0][1].status_code == 302
    assert stored(image)["credit"] == "Corrected Credit"
    story.refresh_from_db()
    assert story.status == Status.PUBLISHED
    assert AuditEntry.objects.filter(article=story, action="publish").count() == 1
    assert "Corrected Credit" in Client().get(story.get_absolute_url()).content.decode()
