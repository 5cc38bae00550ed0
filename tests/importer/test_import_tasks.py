"""
The import's picture processing is a task: each picture is checked and stored as the import runs (its
file is on the importing machine), and its renditions are queued for the workers with the database queue.
"""

import pytest
from django_tasks_db.models import DBTaskResult

from media.models import Image, Rendition
from tests.workers import QUEUE_SETTINGS

from .exports import drawn_picture, item, place_in_uploads, run_import, write_export

pytestmark = pytest.mark.django_db

PICTURE_URLS = [f"https://news.example/wp-content/uploads/2019/04/harbour-{number}.jpg" for number in (1, 2)]


def attachments():
    return [
        item(500 + number, f"Harbour {number}", post_type="attachment", status="inherit", attachment_url=url)
        for number, url in enumerate(PICTURE_URLS, start=1)
    ]


def import_pictures(tmp_path, capture):
    uploads = tmp_path / "wp-uploads"
    for seed, url in enumerate(PICTURE_URLS):
        place_in_uploads(uploads, url, drawn_picture(size=(1600, 900), seed=seed))
    export = write_export(tmp_path / "site.xml", *attachments())
    with capture(execute=True):
        output = run_import(export, "--uploads", str(uploads))
    assert "Pictures: 2 created." in output


def test_with_the_database_queue_the_import_leaves_the_renditions_to_the_workers(
    tmp_path, settings, django_capture_on_commit_callbacks
):
    settings.TASKS = QUEUE_SETTINGS

    import_pictures(tmp_path, django_capture_on_commit_callbacks)

    queued = DBTaskResult.objects.filter(task_path="media.tasks.make_renditions", status="READY")
    assert sorted(row.task_result.args for row in queued) == [
        [pk] for pk in sorted(Image.objects.values_list("pk", flat=True))
    ]
    assert not Rendition.objects.exists()


def test_by_default_the_import_makes_each_pictures_renditions_as_it_commits(
    tmp_path, django_capture_on_commit_callbacks
):
    import_pictures(tmp_path, django_capture_on_commit_callbacks)

    for image in Image.objects.all():
        assert image.renditions.filter(spec="16x9-1600").count() == 2
    assert not DBTaskResult.objects.exists()
