"""
A corpus of hostile files, each with its expected outcome, and what the library does with what it keeps.

Refused files leave no row and no file. Accepted files are stored under a generated name, served
as the picture type they are (never sniffed into something else), and without location data.
"""

import io
import time

import pytest
from PIL import Image as PILImage

from media.models import Image

from .conftest import stored_files
from .pictures import (
    HTML_PAGE,
    SVG_WITH_SCRIPT,
    crafted_gif,
    declared_size_png,
    drawn,
    encode,
    gif_of_tiny_frames,
    jpeg_with_gps,
    truncated_jpeg,
)

pytestmark = pytest.mark.django_db

GIF = encode(drawn((120, 80)).convert("P"), "GIF")
JPEG = encode(drawn((900, 600)), "JPEG", quality=85)

REFUSED = {
    "decompression bomb (huge declared size)": (declared_size_png(60000, 60000), "bomb.png"),
    "truncated jpeg": (truncated_jpeg(), "cut.jpg"),
    "zero bytes": (b"", "empty.jpg"),
    "gif header before a script": (b"GIF89a<script>alert(document.domain)</script>", "x.gif"),
    "gif header before php": (b"GIF89a<?php system($_GET['c']); ?>", "shell.gif"),
    "html page named png": (HTML_PAGE, "page.png"),
    "svg with script named jpg": (SVG_WITH_SCRIPT, "drawing.jpg"),
    "svg named svg": (SVG_WITH_SCRIPT, "drawing.svg"),
    "php file named jpg": (b"<?php echo 'hi'; ?>", "shell.php.jpg"),
    "pdf named png": (b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF", "doc.png"),
    "bmp picture": (encode(drawn((40, 40)), "BMP"), "old.bmp"),
    "tiff picture": (encode(drawn((40, 40)), "TIFF"), "scan.tif"),
    "jpeg header then garbage": (JPEG[:200] + b"\x00" * 5000, "noise.jpg"),
}

ACCEPTED_NAMES = [
    "../../../../etc/passwd.jpg",
    "..\\..\\windows\\win.ini.jpg",
    "launch\x00.php.jpg",
    "line\r\nbreak.jpg",
    "<script>alert(1)</script>.jpg",
    ".htaccess.jpg",
    "a" * 400 + ".jpg",
    "résumé de la mission.jpg",
    "picture.php",
]


@pytest.mark.parametrize("case", list(REFUSED), ids=list(REFUSED))
def test_hostile_files_are_refused_and_nothing_is_kept(upload, settings, case):
    data, name = REFUSED[case]
    response = upload(data, name=name)
    assert response.status_code == 200, case
    errors = response.context["adminform"].form.errors
    assert "file" in errors and errors["file"][0], case
    assert not Image.objects.exists()
    assert stored_files(settings) == []


@pytest.mark.parametrize("name", ACCEPTED_NAMES, ids=[f"name{i}" for i in range(len(ACCEPTED_NAMES))])
def test_names_never_reach_the_disk(upload, settings, name):
    response = upload(JPEG, name=name)
    assert response.status_code == 302
    image = Image.objects.get()
    assert image.file.name.startswith("images/originals/") and image.file.name.endswith(".jpg")
    stem = image.file.name.removeprefix("images/originals/").removesuffix(".jpg")
    assert stem.isalnum() and len(stem) == 32
    for path in stored_files(settings):
        assert ".." not in path and "\\" not in path and "passwd" not in path and "php" not in path


@pytest.mark.urls("tests.media.urls_serving_uploads")
def test_a_picture_with_a_payload_after_its_end_is_served_only_as_a_picture(upload, client):
    response = upload(GIF + b"<?php system($_GET['c']); ?><script>alert(1)</script>", name="trailer.gif")
    assert response.status_code == 302
    image = Image.objects.get()
    served = client.get(image.file.url)
    assert served.status_code == 200
    assert served["Content-Type"] == "image/gif"
    assert served["X-Content-Type-Options"] == "nosniff"


@pytest.mark.parametrize(("mode", "fmt"), [("CMYK", "JPEG"), ("I;16", "PNG")])
def test_cmyk_and_16_bit_pictures_are_accepted_and_normalized(upload, mode, fmt):
    picture = drawn((300, 200)).convert("CMYK") if mode == "CMYK" else PILImage.new("I;16", (300, 200), 40000)
    response = upload(encode(picture, fmt), name=f"special.{fmt.lower()}")
    assert response.status_code == 302
    with Image.objects.get().file.open("rb") as handle:
        stored = PILImage.open(io.BytesIO(handle.read()))
        assert stored.mode in ("RGB", "L"), "8 bits a channel, in a mode every browser shows"


@pytest.mark.urls("tests.media.urls_serving_uploads")
def test_originals_are_served_without_location_data(upload, client):
    assert upload(jpeg_with_gps(), name="field.jpg").status_code == 302
    image = Image.objects.get()
    served = client.get(image.file.url)
    assert served["Content-Type"] == "image/jpeg"
    assert served["X-Content-Type-Options"] == "nosniff"
    body = b"".join(served.streaming_content)
    exif = PILImage.open(io.BytesIO(body)).getexif()
    assert 0x8825 not in exif, "no GPS block"
    assert not exif.get_ifd(0x8825)


def timed_refusal(upload, settings, data, name="hostile.gif"):
    """Post ``data``; return the file's error and the seconds the server took to refuse it."""
    started = time.perf_counter()
    response = upload(data, name=name, content_type="image/gif")
    elapsed = time.perf_counter() - started
    assert response.status_code == 200
    assert not Image.objects.exists() and stored_files(settings) == []
    return " ".join(response.context["adminform"].form.errors["file"]), elapsed


def test_a_gif_of_860000_tiny_frames_is_refused_before_any_is_decoded(upload, settings):
    # 19.8 MB, under the size limit, and one pixel a frame: it used to pass, after 15 s of a worker.
    data = gif_of_tiny_frames(860_000)
    assert len(data) < 20 * 1024 * 1024, "within the upload size limit"

    message, elapsed = timed_refusal(upload, settings, data)

    assert "more than 200 frames, the most the library takes" in message
    assert elapsed < 3, f"refused in {elapsed:.1f} s"


def test_a_gif_of_few_frames_on_a_huge_canvas_is_refused_for_its_total_pixels(upload, settings):
    # Three frames of 5000 x 4000: each within the 50-million still limit, 60 million decoded in all.
    message, elapsed = timed_refusal(upload, settings, crafted_gif(screen=(5000, 4000), frames=[(0, 0, 1, 1)] * 3))

    assert "3 frames of 5000 × 4000 pixels, 60 million pixels in all" in message
    assert "the library takes 50 million at most across all frames" in message
    assert elapsed < 3


def test_a_later_frame_reaching_past_the_screen_counts_at_the_canvas_it_makes(upload, settings):
    # The logical screen is one pixel, but Pillow grows the canvas to the second frame's extent.
    data = crafted_gif(screen=(1, 1), frames=[(0, 0, 1, 1), (0, 0, 7000, 7000)])

    message, _ = timed_refusal(upload, settings, data)

    assert "2 frames of 7000 × 7000 pixels, 98 million pixels in all" in message


@pytest.mark.parametrize(
    "data",
    [
        # Browsers stop at bytes that are no block; Pillow reads on through them one at a time.
        crafted_gif(between=b"\x00" * 19_000_000),
        # A comment cut into 9.5 million sub-blocks of one byte, each read by Pillow in Python.
        crafted_gif(frames=[(0, 0, 1, 1)] * 2, between=b"\x21\xfe" + b"\x01x" * 4_750_000 + b"\x00"),
    ],
    ids=["stray bytes between blocks", "flood of tiny sub-blocks"],
)
def test_a_gif_built_to_keep_the_parser_busy_is_refused_quickly(upload, settings, data):
    message, elapsed = timed_refusal(upload, settings, data)

    assert "damaged or incomplete" in message
    assert elapsed < 3, f"refused in {elapsed:.1f} s"
