"""Renditions: sizes, formats, crops around the focal point, no metadata, made once."""

import datetime
import io

import pytest
from django.core.files.base import ContentFile
from PIL import Image as PILImage

from desk.media.pictures import thumbnail_url
from media.models import Rendition
from media.renditions import (
    WIDTHS,
    crop_box,
    delete_renditions,
    ensure_renditions,
    get_rendition,
)
from tests.factories import ImageFactory

from .pictures import GPS_IFD, drawn, encode, jpeg_with_gps

pytestmark = pytest.mark.django_db


def opened(rendition):
    with rendition.file.storage.open(rendition.file.name, "rb") as handle:
        picture = PILImage.open(io.BytesIO(handle.read()))
        picture.load()
    return picture


def image_from(data, name="picture.jpg", **fields):
    return ImageFactory(file=ContentFile(data, name=name), **fields)


def test_rendition_has_the_ratio_width_and_format_asked_for():
    image = image_from(encode(drawn((1600, 1200)), "JPEG"))

    hero = get_rendition(image, "16x9", 800, "webp")
    square = get_rendition(image, "1x1", 480, "jpeg")

    assert (hero.width, hero.height, hero.format) == (800, 450, "webp")
    assert opened(hero).format == "WEBP" and opened(hero).size == (800, 450)
    assert opened(square).format == "JPEG" and opened(square).size == (480, 480)
    assert hero.file.name.endswith(".webp") and square.file.name.endswith(".jpg")


def test_rendition_is_never_larger_than_the_original():
    image = image_from(encode(drawn((640, 480)), "PNG"), name="small.png")

    rendition = get_rendition(image, "free", 1600, "jpeg")

    assert (rendition.width, rendition.height) == (640, 480)


def test_rendition_is_made_once():
    image = image_from(encode(drawn(), "JPEG"))

    first = get_rendition(image, "3x2", 480, "jpeg")
    second = get_rendition(image, "3x2", 480, "jpeg")

    assert first.pk == second.pk
    assert Rendition.objects.filter(image=image).count() == 1


def test_rendition_and_original_carry_no_gps_and_stand_upright():
    # Orientation 6: the camera was turned; the stored pixels are 900 wide, shown 600 wide.
    image = image_from(jpeg_with_gps(size=(900, 600), orientation=6))

    for fmt in ("jpeg", "webp"):
        picture = opened(get_rendition(image, "free", 480, fmt))
        assert picture.size == (480, 720)
        assert not picture.getexif()
        assert "exif" not in picture.info and "xmp" not in picture.info
        assert GPS_IFD not in picture.getexif()


def is_red(rgb):
    return rgb[0] > 180 and rgb[1] < 90 and rgb[2] < 90


def is_blue(rgb):
    return rgb[2] > 180 and rgb[0] < 90 and rgb[1] < 90


def test_square_crop_follows_the_focal_point():
    # 900x600: a square crop keeps two thirds of the width, so the focal point decides the side.
    left = image_from(encode(drawn((900, 600)), "PNG"), name="a.png", focal_x=0.0, focal_y=0.5)
    right = image_from(encode(drawn((900, 600)), "PNG"), name="b.png", focal_x=1.0, focal_y=0.5)

    left_crop = opened(get_rendition(left, "1x1", 480, "jpeg"))
    right_crop = opened(get_rendition(right, "1x1", 480, "jpeg"))

    # The red square sits top left of the original, the blue one bottom right.
    assert is_red(left_crop.getpixel((40, 40))) and not is_blue(left_crop.getpixel((460, 460)))
    assert is_blue(right_crop.getpixel((460, 460))) and not is_red(right_crop.getpixel((40, 40)))


def test_crop_box_stays_inside_the_picture():
    assert crop_box((900, 600), (1, 1), (0.0, 0.0)) == (0, 0, 600, 600)
    assert crop_box((900, 600), (1, 1), (1.0, 1.0)) == (300, 0, 900, 600)
    assert crop_box((900, 600), (16, 9), (0.5, 0.9)) == (0, 94, 900, 600)
    assert crop_box((900, 600), None, (0.2, 0.2)) == (0, 0, 900, 600)


def test_standard_set_covers_every_ratio_at_the_widths_that_fit():
    image = image_from(encode(drawn((1300, 900)), "JPEG"))

    made = ensure_renditions(image)

    renditions = Rendition.objects.filter(image=image)
    assert made == renditions.count()
    hero_widths = sorted(r.width for r in renditions if r.spec.startswith("16x9-") and r.format == "webp")
    square_widths = sorted(r.width for r in renditions if r.spec.startswith("1x1-") and r.format == "jpeg")
    assert hero_widths == [w for w in WIDTHS if w <= 1300]
    assert square_widths == [480, 800]
    assert ensure_renditions(image) == 0


def test_moving_the_focal_point_replaces_the_cropped_renditions_and_their_files():
    image = image_from(encode(drawn((900, 600)), "JPEG"))
    ensure_renditions(image)
    old_square = Rendition.objects.get(image=image, spec="1x1-480", format="jpeg")
    old_free = Rendition.objects.get(image=image, spec="free-480", format="jpeg")
    storage = old_square.file.storage

    image.focal_x = 0.1
    image.save()
    ensure_renditions(image)

    assert not Rendition.objects.filter(pk=old_square.pk).exists()
    assert not storage.exists(old_square.file.name)
    assert Rendition.objects.get(image=image, spec="1x1-480", format="jpeg").focal_key == "0.100,0.500"
    # The uncropped picture does not depend on the focal point and stays.
    assert Rendition.objects.filter(pk=old_free.pk).exists()


def test_deleting_renditions_removes_their_files():
    image = image_from(encode(drawn(), "JPEG"))
    rendition = get_rendition(image, "16x9", 480, "jpeg")

    assert delete_renditions(image) == 1

    assert not rendition.file.storage.exists(rendition.file.name)


def test_thumbnail_url_uses_the_thumbnail_once_made():
    image = image_from(encode(drawn(), "JPEG"))
    assert thumbnail_url(image) == image.file.url
    assert thumbnail_url(None) == ""

    ensure_renditions(image)

    thumbnail = Rendition.objects.get(image=image, spec="3x2-160")
    assert (thumbnail.width, thumbnail.height) == (160, 107)
    assert thumbnail_url(image) == thumbnail.file.url


def test_the_desk_still_shows_an_expired_picture_which_readers_no_longer_get():
    image = image_from(encode(drawn(), "JPEG"), usage_expires_on=datetime.date(2020, 1, 1))
    ensure_renditions(image)

    thumbnail = Rendition.objects.get(image=image, spec="3x2-160")
    assert thumbnail_url(image) == thumbnail.file.url
    assert image.rendition("3x2", 160) is None
    assert image.rendition("3x2", 160, include_expired=True) == thumbnail


def test_transparency_becomes_white_in_jpeg_and_stays_in_webp():
    clear = PILImage.new("RGBA", (600, 400), (0, 0, 0, 0))
    image = image_from(encode(clear, "PNG"), name="clear.png")

    jpeg = opened(get_rendition(image, "free", 480, "jpeg"))
    webp = opened(get_rendition(image, "free", 480, "webp"))

    assert jpeg.mode == "RGB" and jpeg.getpixel((10, 10)) == (255, 255, 255)
    assert webp.mode == "RGBA" and webp.getpixel((10, 10))[3] == 0
