"""A journalist changing their picture while an editor publishes the draft using it, each on their own connection."""

import threading
import time

import pytest
from django.db import transaction
from django.test import Client
from reversion.models import Version

from articles import workflow
from articles.models import Article, Status
from tests.concurrency import run_together, someone_waits_for_a_row_lock
from tests.factories import ArticleFactory, AuthorFactory, ImageFactory, editor, journalist

from .picture_form import change_url, picture_form, small_picture, stored

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.postgres(reason="row locks"),
]


def test_a_picture_change_in_flight_while_an_editor_publishes_the_draft_using_it_is_refused():
    # The journalist's own picture, the hero of their own draft: theirs to change until the desk publishes it.
    writer = journalist(username="wren")
    desk = editor(username="edie")
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
    before = stored(image)
    revisions_before = Version.objects.get_for_object(image).count()
    typed = picture_form(image, credit="Forged Credit")
    publishing, answered = threading.Event(), threading.Event()

    def editor_publishes():
        # Commits once the picture's save is seen waiting for a lock this transaction holds, or has answered.
        with transaction.atomic():
            workflow.publish(Article.objects.get(pk=story.pk), desk)
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
            return page.post(change_url(image), typed)
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
    html = page.get(change_url(image)).content.decode()
    assert "Used on a live story: ask an editor to change it." in html
