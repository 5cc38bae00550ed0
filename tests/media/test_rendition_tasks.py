"""
Renditions are a task: with the database queue (production) the desk's request only queues them, and
until a worker has made them pages show the picture as it is, never a broken image and never a
resize while the reader waits. With the default backend they are made as the upload commits, as before.
"""

import re

import pytest
from django.core.files.base import ContentFile
from django.test import Client
from django.urls import reverse
from django_tasks_db.models import DBTaskResult

from media.models import Image, Rendition
from media.renditions import ensure_renditions
from tests.factories import ArticleFactory, ImageFactory, jpeg_bytes
from tests.workers import QUEUE_SETTINGS

from .conftest import stored_files
from .pictures import drawn, encode

pytestmark = [pytest.mark.django_db, pytest.mark.urls("tests.media.urls_serving_uploads")]


@pytest.fixture
def queue(settings):
    settings.TASKS = QUEUE_SETTINGS


def queued(task_path):
    """The arguments of each task of ``task_path`` waiting in the database queue."""
    rows = DBTaskResult.objects.filter(task_path=task_path, status="READY")
    return [row.task_result.args for row in rows]


def hero_markup(page):
    return re.search(r'<figure class="hero.*?</figure>', page, re.DOTALL).group(0)


def test_an_upload_of_a_1600_by_900_picture_makes_no_rendition_in_the_request(upload, queue, settings):
    response = upload(jpeg_bytes((1600, 900)))

    assert response.status_code == 302
    image = Image.objects.get()
    assert (image.width, image.height) == (1600, 900)
    assert not Rendition.objects.exists()
    assert stored_files(settings) == [image.file.name], "the original only: no rendition file was written"
    assert queued("media.tasks.make_renditions") == [[image.pk]]


def test_without_a_queue_the_upload_makes_its_renditions_as_it_commits(upload, settings):
    assert upload(jpeg_bytes((1600, 900))).status_code == 302

    image = Image.objects.get()
    assert Rendition.objects.filter(image=image).count() > 20
    assert not DBTaskResult.objects.exists()


def test_while_renditions_are_made_the_page_shows_the_original_at_its_size(upload, queue):
    assert upload(jpeg_bytes((1600, 900)), alt_text="The pad at dawn").status_code == 302
    image = Image.objects.get()
    reader = Client()

    hero = hero_markup(reader.get(ArticleFactory(hero_image=image).get_absolute_url()).content.decode())

    assert f'<img src="{image.file.url}" width="1600" height="900" alt="The pad at dawn"' in hero
    assert "<picture>" not in hero and "/images/renditions/" not in hero
    assert reader.get(image.file.url).status_code == 200, "the address the page names answers"


def test_after_a_new_focal_point_the_page_shows_the_earlier_crop_until_the_new_ones_are_made(
    desk_client, queue, django_capture_on_commit_callbacks
):
    image = ImageFactory(file=ContentFile(encode(drawn((1600, 900)), "JPEG"), name="pad.jpg"))
    ensure_renditions(image)
    earlier = Rendition.objects.get(image=image, spec="16x9-1600", format="jpeg")
    story = ArticleFactory(hero_image=image)
    fields = {"title": image.title, "alt_text": image.alt_text, "credit": image.credit}

    with django_capture_on_commit_callbacks(execute=True):
        response = desk_client.post(
            reverse("admin:media_image_change", args=[image.pk]), {**fields, "focal_x": "0.2", "focal_y": "0.5"}
        )

    assert response.status_code == 302
    assert queued("media.tasks.make_renditions") == [[image.pk]]
    hero = hero_markup(Client().get(story.get_absolute_url()).content.decode())
    assert f'<img src="{earlier.file.url}" width="1600" height="900"' in hero
    assert "<picture>" not in hero

    made = ensure_renditions(Image.objects.get(pk=image.pk))

    assert made > 0 and not Rendition.objects.filter(pk=earlier.pk).exists()
    hero = hero_markup(Client().get(story.get_absolute_url()).content.decode())
    assert "<picture>" in hero and earlier.file.url not in hero
