"""
The hourly upload limit counts every picture file a person sends: new pictures, replacement files and refused files.

Over the limit the admin refuses the next file before reading it, for a new picture or a replacement,
and keeps nothing of it; other people upload as before, and an attempt stops counting after an hour.
"""

import datetime

import pytest
import time_machine
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import TestCase
from django.urls import reverse
from django.utils import timezone
from PIL import Image as PILImage

from media.models import Image, Rendition, UploadAttempt
from media.renditions import ensure_renditions
from tests.clients import client_for
from tests.factories import ImageFactory, journalist

from .pictures import HTML_PAGE, drawn, encode

pytestmark = pytest.mark.django_db

JPEG = encode(drawn((300, 200)), "JPEG", quality=85)
LIMIT_MESSAGE = "You have sent 3 picture files in the last hour, counting replaced and refused ones"
DESCRIPTION = {"title": "Crew at the hatch", "alt_text": "Two astronauts at an open hatch", "credit": "Desk Photo"}


@pytest.fixture(autouse=True)
def three_an_hour(settings):
    settings.MEDIA_UPLOADS_PER_HOUR = 3


@pytest.fixture
def own_picture(writer):
    """A picture the journalist uploaded earlier (not through the form, so it has not counted), used nowhere."""
    image = ImageFactory(uploaded_by=writer, file=ContentFile(encode(drawn((600, 400)), "JPEG"), name="own.jpg"))
    ensure_renditions(image)
    return image


def post(client, url, form):
    # Renditions are made once the upload commits, as in production.
    with TestCase.captureOnCommitCallbacks(execute=True):
        return client.post(url, form)


def add(client, data=JPEG, name="crew.jpg", **fields):
    """Post a new picture through the admin's add form."""
    form = {**DESCRIPTION, **fields, "file": SimpleUploadedFile(name, data, content_type="image/jpeg")}
    return post(client, reverse("admin:media_image_add"), form)


def replace(client, image, data=JPEG, **fields):
    """Post a new file (and the description) for an existing picture through its change form."""
    form = {
        "title": image.title,
        "alt_text": image.alt_text,
        "credit": image.credit,
        "caption": image.caption,
        "focal_x": "0.5",
        "focal_y": "0.5",
        **fields,
    }
    if data is not None:
        form["file"] = SimpleUploadedFile("replacement.jpg", data, content_type="image/jpeg")
    return post(client, reverse("admin:media_image_change", args=[image.pk]), form)


def stored(response):
    """Whether the admin saved the picture and went back to the library's list."""
    return response.status_code == 302 and response.url == reverse("admin:media_image_changelist")


def errors(response):
    form = response.context["adminform"].form
    return {name: " ".join(messages) for name, messages in form.errors.items()}


def use_up_the_hour(client, image):
    """A new picture, a replacement file and a refused file: three attempts, however they ended."""
    assert stored(add(client))
    assert stored(replace(client, image))
    refused = add(client, data=HTML_PAGE, name="page.jpg")
    assert "SVG or HTML, not a picture" in errors(refused)["file"]


@pytest.mark.parametrize(
    "third",
    [
        pytest.param({"data": HTML_PAGE, "name": "page.jpg"}, id="an invalid file"),
        pytest.param({"alt_text": ""}, id="a valid file with a form error"),
    ],
)
def test_new_replacement_and_refused_uploads_all_count(writer, own_picture, third):
    client = client_for(writer)
    assert stored(add(client))
    assert stored(replace(client, own_picture))
    assert add(client, **third).status_code == 200

    response = add(client, title="The fourth")

    assert response.status_code == 200
    assert LIMIT_MESSAGE in response.content.decode()
    assert 'value="The fourth"' in response.content.decode(), "what was typed is kept"
    assert list(Image.objects.filter(uploaded_by=writer).values_list("title", flat=True)) == [
        "Crew at the hatch",
        own_picture.title,
    ]


def test_the_file_over_the_limit_is_refused_before_it_is_read(writer, own_picture, monkeypatch):
    client = client_for(writer)
    use_up_the_hour(client, own_picture)
    renditions = Rendition.objects.count()
    opened = []
    real_open = PILImage.open

    def noting_open(*args, **kwargs):
        # Pillow still does all the work; this only notes that a file was opened.
        opened.append(args)
        return real_open(*args, **kwargs)

    monkeypatch.setattr(PILImage, "open", noting_open)

    # An HTML page would earn a file error if it were read; over the limit the file is never looked at.
    invalid = add(client, data=HTML_PAGE, name="page.jpg")
    valid = add(client)

    for response in (invalid, valid):
        assert LIMIT_MESSAGE in response.content.decode()
        assert list(errors(response)) == ["__all__"]
    assert opened == [], "no picture was opened, let alone decoded"
    assert Image.objects.filter(uploaded_by=writer).count() == 2
    assert Rendition.objects.count() == renditions


def test_a_flood_over_the_limit_records_nothing(writer, own_picture):
    client = client_for(writer)
    use_up_the_hour(client, own_picture)

    for _ in range(10):
        assert LIMIT_MESSAGE in add(client).content.decode()

    assert UploadAttempt.objects.filter(user=writer).count() == 3


def test_a_replacement_over_the_limit_leaves_the_picture_as_it_was(writer, own_picture):
    client = client_for(writer)
    use_up_the_hour(client, own_picture)
    own_picture.refresh_from_db()
    before = (own_picture.file.name, own_picture.caption, list(own_picture.renditions.values_list("file", flat=True)))

    response = replace(client, own_picture, data=encode(drawn((800, 800)), "PNG"), caption="A new caption")

    assert response.status_code == 200
    assert LIMIT_MESSAGE in response.content.decode()
    own_picture.refresh_from_db()
    after = (own_picture.file.name, own_picture.caption, list(own_picture.renditions.values_list("file", flat=True)))
    assert after == before
    assert own_picture.file.storage.exists(own_picture.file.name)


def test_describing_a_picture_without_a_new_file_is_not_an_upload(writer, own_picture):
    client = client_for(writer)
    use_up_the_hour(client, own_picture)

    assert stored(replace(client, own_picture, data=None, caption="Seen from the airlock"))

    own_picture.refresh_from_db()
    assert own_picture.caption == "Seen from the airlock"


def test_another_person_is_not_held_back(writer, own_picture):
    use_up_the_hour(client_for(writer), own_picture)

    colleague = client_for(journalist(username="fresh-uploader"))

    assert stored(add(colleague, title="The colleague's picture"))
    assert Image.objects.filter(title="The colleague's picture").exists()


def test_attempts_stop_counting_after_an_hour(writer, own_picture):
    client = client_for(writer)
    start = timezone.now()
    with time_machine.travel(start, tick=False):
        use_up_the_hour(client, own_picture)
    with time_machine.travel(start + datetime.timedelta(minutes=59), tick=False):
        assert LIMIT_MESSAGE in add(client).content.decode()

    with time_machine.travel(start + datetime.timedelta(minutes=61), tick=False):
        assert stored(add(client, title="After the hour"))

    assert Image.objects.filter(title="After the hour").exists()


def test_attempts_are_forgotten_after_a_day(writer, own_picture):
    start = timezone.now()
    with time_machine.travel(start, tick=False):
        use_up_the_hour(client_for(writer), own_picture)
    with time_machine.travel(start + datetime.timedelta(hours=23), tick=False):
        assert stored(add(client_for(writer)))

    with time_machine.travel(start + datetime.timedelta(hours=25), tick=False):
        assert stored(add(client_for(writer)))

    assert UploadAttempt.objects.count() == 2, "the day-old attempts are gone; the 23-hour one remains"
