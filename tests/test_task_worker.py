"""
Slow work as production runs it: with ``TASKS_BACKEND=database`` the desk's request only queues it, and a
real ``manage.py db_worker`` process (``tests.workers``) does it. Renditions of an upload appear and the
cached story page showing the picture is fresh with them; a workflow step's email goes out from the worker.
"""

import subprocess
import sys

import pytest
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from articles import workflow
from articles.models import Status
from media.models import Image, Rendition
from media.renditions import standard_specs
from tests.environment import ROOT, clean_env
from tests.factories import ArticleFactory, AuthorFactory, editor, journalist, jpeg_bytes
from tests.workers import QUEUE_SETTINGS, run_worker

pytestmark = pytest.mark.urls("tests.media.urls_serving_uploads")


@pytest.fixture
def queue(settings):
    """The database queue, and public pages cached as in production."""
    settings.TASKS = QUEUE_SETTINGS
    settings.PAGE_CACHE_SECONDS = 300


def test_a_worker_process_makes_an_uploads_renditions_and_the_cached_story_page_shows_them(
    transactional_db, queue, settings, tmp_path
):
    desk = Client()
    desk.force_login(editor(username="edie"))
    picture = {"title": "Pad", "alt_text": "The pad at dawn", "credit": "Orbital Desk Photo"}
    sent = SimpleUploadedFile("pad.jpg", jpeg_bytes((1600, 900)), content_type="image/jpeg")
    assert desk.post(reverse("admin:media_image_add"), {**picture, "file": sent}).status_code == 302
    image = Image.objects.get()
    story = ArticleFactory(headline="Pad at dawn", hero_image=image)
    reader = Client()
    waiting = reader.get(story.get_absolute_url())
    assert f'src="{image.file.url}" width="1600" height="900"' in waiting.content.decode()
    assert reader.get(story.get_absolute_url())["X-Page-Cache"] == "hit"

    log = run_worker(tmp_path, settings.MEDIA_ROOT)

    assert "media.tasks.make_renditions" in log and "SUCCESSFUL" in log
    assert Rendition.objects.filter(image=image).count() == len(standard_specs(image))
    fresh = reader.get(story.get_absolute_url())
    assert fresh["X-Page-Cache"] == "miss"
    page = fresh.content.decode()
    assert "<picture>" in page and f'src="{image.file.url}"' not in page
    for rendition in Rendition.objects.filter(image=image, spec__startswith="16x9-"):
        assert rendition.file.url in page
        assert reader.get(rendition.file.url).status_code == 200


def test_a_workflow_steps_email_is_sent_by_the_worker_not_the_request(transactional_db, queue, tmp_path, settings):
    editor(username="edie", email="edie@newsroom.example")
    writer = journalist(username="wren", email="wren@newsroom.example")
    story = ArticleFactory(
        headline="Clay on the crater rim",
        status=Status.DRAFT,
        published_at=None,
        created_by=writer,
        authors=[AuthorFactory(user=writer)],
    )

    workflow.submit(story, writer)

    assert mail.outbox == []
    log = run_worker(tmp_path, settings.MEDIA_ROOT)
    assert "articles.tasks.send_step_notice" in log
    assert "Submitted for review: Clay on the crater rim" in log and "To: edie@newsroom.example" in log


@pytest.mark.parametrize(
    ("chosen", "backend"),
    [
        ("", "django_tasks.backends.immediate.ImmediateBackend"),
        ("database", "django_tasks_db.DatabaseBackend"),
        ("queue", None),
    ],
)
def test_the_queue_is_chosen_by_the_environment(tmp_path, chosen, backend):
    env = clean_env(VAR_DIR=str(tmp_path / "var"), SECRET_KEY="x" * 60, TASKS_BACKEND=chosen)
    backend_of = "from django.conf import settings; print(settings.TASKS['default']['BACKEND'])"
    command = [sys.executable, "-c", backend_of]
    result = subprocess.run(command, cwd=ROOT, env=env, capture_output=True, text=True, check=False)

    if backend is None:
        assert result.returncode != 0 and "TASKS_BACKEND must be one of immediate, database" in result.stderr
    else:
        assert result.returncode == 0, result.stderr
        assert result.stdout.strip() == backend
