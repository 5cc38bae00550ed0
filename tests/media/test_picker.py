"""The picture picker behind the editor's Figure button."""

import datetime

import pytest
from django.core.files.base import ContentFile
from django.utils import timezone

from media.renditions import ensure_renditions
from tests.factories import ImageFactory, UserFactory, journalist

from .pictures import drawn, encode

pytestmark = pytest.mark.django_db

PICKER = "/admin/media/image/picker/"


def test_picker_lists_usable_pictures_with_what_the_editor_needs(desk_client):
    image = ImageFactory(
        title="Launch <tower>",
        alt_text='Tower "A" at dusk',
        caption="The tower before the launch.",
        credit="Orbital Desk Photo",
        file=ContentFile(encode(drawn((1300, 900)), "JPEG"), name="t.jpg"),
    )
    ensure_renditions(image)
    ImageFactory(title="Lapsed rights", usage_expires_on=timezone.localdate() - datetime.timedelta(days=1))

    response = desk_client.get(PICKER, {"CKEditorFuncNum": "-3"})

    html = response.content.decode()
    assert response.status_code == 200
    figure = image.renditions.get(spec="free-1200", format="jpeg")
    thumbnail = image.renditions.get(spec="3x2-160")
    assert f'data-id="{image.pk}" data-url="{figure.file.url}"' in html
    assert 'data-alt="Tower &quot;A&quot; at dusk"' in html
    assert 'data-caption="The tower before the launch."' in html
    assert f'<img src="{thumbnail.file.url}"' in html
    assert "Launch &lt;tower&gt;" in html and "Orbital Desk Photo" in html
    assert "Lapsed rights" not in html
    assert 'data-func-num="-3"' in html and 'name="CKEditorFuncNum" value="-3"' in html
    assert "media/picker.js" in html and "<script>" not in html


def test_picker_search(desk_client):
    ImageFactory(title="Moon rover")
    ImageFactory(title="Mars sample", credit="NASA/JPL-Caltech")

    html = desk_client.get(PICKER, {"q": "jpl"}).content.decode()

    assert "Mars sample" in html and "Moon rover" not in html


def test_picker_ignores_a_malformed_callback_number(desk_client):
    html = desk_client.get(PICKER, {"CKEditorFuncNum": '1"><script>'}).content.decode()

    assert 'data-func-num=""' in html and "<script>" not in html


def test_picker_is_for_library_staff_only(client):
    assert client.get(PICKER).status_code == 302  # to the login page

    client.force_login(UserFactory(username="reader", is_staff=False))
    assert client.get(PICKER).status_code == 302

    client.force_login(UserFactory(username="intern"))  # staff, but no media permission
    assert client.get(PICKER).status_code == 403

    client.force_login(journalist())
    assert client.get(PICKER).status_code == 200
