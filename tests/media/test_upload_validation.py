"""Uploads through the admin: real files accepted, everything else refused with a clear message and nothing kept."""

import io
import struct

import pytest
from PIL import Image as PILImage

from media.models import Image, Rendition

from .conftest import stored_files
from .pictures import (
    GPS_IFD,
    HTML_PAGE,
    SVG_WITH_SCRIPT,
    animation,
    declared_size_png,
    drawn,
    encode,
    jpeg_with_gps,
    truncated_jpeg,
)

pytestmark = pytest.mark.django_db


def form_errors(response):
    form = response.context["adminform"].form
    return {name: " ".join(errors) for name, errors in form.errors.items()}


def stored_picture(image):
    with image.file.open("rb") as handle:
        picture = PILImage.open(io.BytesIO(handle.read()))
        picture.load()
    return picture


@pytest.mark.parametrize(
    ("fmt", "name", "extension", "options"),
    [
        ("JPEG", "launch.jpeg", "jpg", {"quality": 90}),
        ("PNG", "launch.png", "png", {}),
        ("WEBP", "launch.webp", "webp", {"quality": 80}),
        ("GIF", "launch.gif", "gif", {}),
    ],
)
def test_each_accepted_format_is_stored_under_a_generated_name(upload, fmt, name, extension, options):
    response = upload(encode(drawn((900, 600)), fmt, **options), name=name)

    assert response.status_code == 302
    image = Image.objects.get()
    assert image.file.name.startswith("images/originals/") and image.file.name.endswith(f".{extension}")
    assert "launch" not in image.file.name
    assert (image.width, image.height) == (900, 600)
    assert image.file_size == image.file.size > 0
    assert image.uploaded_by.username == "edie"
    assert stored_picture(image).format == fmt


def test_the_content_decides_the_extension_not_the_name(upload):
    response = upload(encode(drawn(), "PNG"), name="../../etc/evil.jpg.exe")

    assert response.status_code == 302
    image = Image.objects.get()
    assert image.file.name.startswith("images/originals/") and image.file.name.endswith(".png")


def refused(upload, settings, data, name, content_type="image/png"):
    response = upload(data, name=name, content_type=content_type)
    assert response.status_code == 200
    assert Image.objects.count() == 0
    assert stored_files(settings) == []
    return form_errors(response)["file"]


def test_decompression_bomb_is_refused_before_decoding(upload, settings):
    # 100 bytes claiming 30000 x 30000 pixels (900 million): decoding it would take gigabytes.
    message = refused(upload, settings, declared_size_png(30_000, 30_000), "bomb.png")

    assert "more pixels than the library takes (50 million at most)" in message
    assert "decompression bomb" in message


def test_pixel_limit_follows_the_setting(upload, settings):
    settings.MEDIA_MAX_PIXELS = 100_000

    message = refused(upload, settings, encode(drawn((900, 600)), "PNG"), "big.png")

    assert "0.1 million at most" in message


def test_file_size_limit_follows_the_setting(upload, settings):
    settings.MEDIA_MAX_UPLOAD_BYTES = 1000

    message = refused(upload, settings, encode(drawn((900, 600)), "PNG"), "big.png")

    assert "the library takes pictures up to 1000" in message


def test_truncated_jpeg_is_refused(upload, settings):
    message = refused(upload, settings, truncated_jpeg(), "cut.jpg", "image/jpeg")

    assert "damaged or incomplete" in message


def test_html_named_png_is_refused(upload, settings):
    message = refused(upload, settings, HTML_PAGE, "innocent.png")

    assert "SVG or HTML, not a picture" in message


def test_svg_with_script_is_refused(upload, settings):
    message = refused(upload, settings, SVG_WITH_SCRIPT, "diagram.svg", "image/svg+xml")

    assert "SVG or HTML, not a picture" in message


def test_zero_byte_file_is_refused(upload, settings):
    message = refused(upload, settings, b"", "empty.jpg", "image/jpeg")

    assert "The file is empty" in message


def test_other_picture_formats_are_refused(upload, settings):
    message = refused(upload, settings, encode(drawn(), "BMP"), "scan.jpg", "image/jpeg")

    assert "not a picture the library takes" in message


def test_alt_text_and_credit_are_required(upload, settings):
    response = upload(encode(drawn(), "JPEG"), alt_text="", credit="")

    errors = form_errors(response)
    assert "This field is required" in errors["alt_text"]
    assert "Give the credit as readers should see it" in errors["credit"]
    # Nothing reaches the library; the accepted file waits for the next try (tests/media/test_picker_upload.py).
    assert Image.objects.count() == 0
    assert [name.rsplit("/", 1)[0] for name in stored_files(settings)] == ["images/pending"]


def test_gps_is_gone_from_the_original_and_every_rendition(upload):
    upload(jpeg_with_gps(size=(1300, 900)))

    image = Image.objects.get()
    original = stored_picture(image)
    assert GPS_IFD not in original.getexif()
    assert original.getexif().get(0x010F) == "Orbital Camera Works"  # the camera make is harmless and kept
    renditions = Rendition.objects.filter(image=image)
    assert renditions.count() > 20
    for rendition in renditions:
        with rendition.file.open("rb") as handle:
            picture = PILImage.open(io.BytesIO(handle.read()))
        assert not picture.getexif(), rendition.spec


def test_renditions_come_in_the_expected_sizes_and_formats(upload):
    upload(encode(drawn((1300, 900)), "PNG"), name="wide.png")

    renditions = Rendition.objects.filter(image=Image.objects.get())
    sizes = {(r.spec, r.format): (r.width, r.height) for r in renditions}
    assert sizes[("16x9-1200", "webp")] == (1200, 675)
    assert sizes[("16x9-480", "jpeg")] == (480, 270)
    assert sizes[("1x1-800", "jpeg")] == (800, 800)
    assert sizes[("3x2-800", "webp")] == (800, 533)
    assert sizes[("free-1200", "jpeg")] == (1200, 831)
    assert sizes[("3x2-160", "jpeg")] == (160, 107)
    assert ("16x9-1600", "jpeg") not in sizes  # never upscaled
    for rendition in renditions:
        with rendition.file.open("rb") as handle:
            assert PILImage.open(handle).format == {"jpeg": "JPEG", "webp": "WEBP"}[rendition.format]


def test_rotated_photo_is_stored_upright(upload):
    # EXIF orientation 6: the camera was held on its side.
    upload(jpeg_with_gps(size=(900, 600), orientation=6))

    image = Image.objects.get()
    assert (image.width, image.height) == (600, 900)
    assert stored_picture(image).size == (600, 900)
    assert 0x0112 not in stored_picture(image).getexif()


def test_cmyk_and_16_bit_pictures_are_stored_as_rgb_and_grey(upload):
    upload(encode(drawn((600, 400), mode="CMYK"), "JPEG"), name="print.jpg", title="Print scan")
    # 16-bit grey: the left half at 40000 of 65535, the right half at 1000.
    row = struct.pack("<H", 40000) * 300 + struct.pack("<H", 1000) * 300
    grey = PILImage.frombytes("I;16", (600, 400), row * 400)
    upload(encode(grey, "PNG"), name="deep.png", title="Deep scan")

    cmyk = stored_picture(Image.objects.get(title="Print scan"))
    deep = stored_picture(Image.objects.get(title="Deep scan"))
    assert cmyk.mode == "RGB"
    assert deep.mode == "RGB"
    assert deep.getpixel((10, 10)) == (156, 156, 156) and deep.getpixel((500, 10)) == (3, 3, 3)
    assert Rendition.objects.filter(image__title="Deep scan").exists()


def test_animated_gif_keeps_its_frames(upload):
    frames = [drawn((300, 200)), PILImage.new("RGB", (300, 200), (0, 90, 0))]
    data = encode(frames[0], "GIF", save_all=True, append_images=frames[1:], duration=200, loop=0)

    response = upload(data, name="loop.gif", content_type="image/gif")

    assert response.status_code == 302
    assert stored_picture(Image.objects.get()).n_frames == 2


ANIMATED = [("GIF", "loop.gif", "image/gif"), ("PNG", "loop.png", "image/png"), ("WEBP", "loop.webp", "image/webp")]


@pytest.mark.parametrize(("fmt", "name", "content_type"), ANIMATED, ids=[fmt for fmt, *_ in ANIMATED])
def test_frame_limit_follows_the_setting(upload, settings, fmt, name, content_type):
    settings.MEDIA_MAX_FRAMES = 5

    message = refused(upload, settings, animation(fmt, 6), name, content_type)

    assert "This animation has more than 5 frames, the most the library takes" in message
    assert upload(animation(fmt, 5), name=name, content_type=content_type).status_code == 302
    assert stored_picture(Image.objects.get()).n_frames == 5


@pytest.mark.parametrize(("fmt", "name", "content_type"), ANIMATED, ids=[fmt for fmt, *_ in ANIMATED])
def test_total_pixel_limit_counts_every_frame_and_follows_the_setting(upload, settings, fmt, name, content_type):
    # 120 x 80 is 9,600 pixels a frame: three frames fit in 30,000, four do not.
    settings.MEDIA_MAX_TOTAL_PIXELS = 30_000

    message = refused(upload, settings, animation(fmt, 4), name, content_type)

    assert "4 frames of 120 × 80 pixels, 0.0384 million pixels in all" in message
    assert "the library takes 0.03 million at most across all frames" in message
    assert upload(animation(fmt, 3), name=name, content_type=content_type).status_code == 302
    assert stored_picture(Image.objects.get()).n_frames == 3


def test_a_multi_picture_jpeg_is_stored_as_its_first_picture(upload):
    # Cameras write a second view or an HDR gain map after the first picture (MPO); browsers show the first.
    first, second = PILImage.new("RGB", (300, 200), (200, 30, 30)), PILImage.new("RGB", (300, 200), (30, 30, 200))
    data = encode(first, "MPO", save_all=True, append_images=[second])
    assert PILImage.open(io.BytesIO(data)).n_frames == 2

    response = upload(data, name="camera.jpg")

    assert response.status_code == 302
    image = Image.objects.get()
    assert image.file.name.endswith(".jpg")
    stored = stored_picture(image)
    assert stored.format == "JPEG" and getattr(stored, "n_frames", 1) == 1
    assert stored.getpixel((150, 100))[0] > 150, "the first picture, red"
    assert Rendition.objects.filter(image=image).exists()
