"""Caption, credit and source read from IPTC and XMP on upload, never over the journalist's own words."""

import pytest

from media.models import Image

from .pictures import drawn, encode, jpeg_with_iptc, xmp_packet

pytestmark = pytest.mark.django_db

EMPTY = {"title": "", "caption": "", "credit": "", "source": ""}


def test_iptc_fills_the_empty_fields(upload):
    data = jpeg_with_iptc(
        {
            (2, 5): "Tiangong crew spacewalk",
            (2, 120): "Two astronauts work outside the station's core module.",
            (2, 110): "China National Space Administration",
            (2, 80): "Staff photographer",
            (2, 115): "Xinhua",
        }
    )

    response = upload(data, **EMPTY)

    assert response.status_code == 302
    image = Image.objects.get()
    assert image.title == "Tiangong crew spacewalk"
    assert image.caption == "Two astronauts work outside the station's core module."
    assert image.credit == "China National Space Administration"
    assert image.source == "Xinhua"


def test_xmp_fills_the_empty_fields_in_jpeg_and_webp(upload):
    packet = xmp_packet(
        title="Booster landing",
        description="The booster lands on the drone ship &amp; stays upright.",
        creator="Ana Ruiz",
        credit="SpaceX",
        source="Company handout",
    )
    assert upload(encode(drawn(), "JPEG", xmp=packet), **EMPTY).status_code == 302
    assert upload(encode(drawn(), "WEBP", xmp=packet), name="landing.webp", **EMPTY).status_code == 302

    images = Image.objects.order_by("pk")
    assert [image.file.name.rsplit(".", 1)[-1] for image in images] == ["jpg", "webp"]
    for image in images:
        assert image.title == "Booster landing"
        assert image.caption == "The booster lands on the drone ship & stays upright."
        assert image.credit == "SpaceX"
        assert image.source == "Company handout"


@pytest.mark.parametrize(
    ("fields", "credit"),
    [
        ({"creator": "Ana Ruiz", "rights": "© 2026 Orbital Pictures"}, "Ana Ruiz"),
        ({"rights": "© 2026 Orbital Pictures"}, "© 2026 Orbital Pictures"),
    ],
)
def test_credit_falls_back_to_the_creator_then_the_copyright(upload, fields, credit):
    assert upload(encode(drawn(), "JPEG", xmp=xmp_packet(**fields)), credit="").status_code == 302

    assert Image.objects.get().credit == credit


def test_the_journalists_words_win_over_the_file(upload):
    data = jpeg_with_iptc({(2, 120): "Wire caption", (2, 110): "Wire Agency", (2, 115): "Wire"})

    assert upload(data, caption="Our own caption", credit="Our Photographer", source="").status_code == 302

    image = Image.objects.get()
    assert (image.caption, image.credit, image.source) == ("Our own caption", "Our Photographer", "Wire")


def test_prefilled_credit_can_be_corrected_later(upload, desk_client):
    assert upload(jpeg_with_iptc({(2, 110): "Wire Agency"}), credit="").status_code == 302
    image = Image.objects.get()
    assert image.credit == "Wire Agency"

    response = desk_client.post(
        f"/admin/media/image/{image.pk}/change/",
        {
            "title": image.title,
            "alt_text": image.alt_text,
            "caption": "",
            "credit": "NASA/Bill Ingalls",
            "source": "",
            "licence": "",
            "usage_expires_on": "",
            "focal_x": "0.5",
            "focal_y": "0.5",
        },
    )

    assert response.status_code == 302
    image.refresh_from_db()
    assert image.credit == "NASA/Bill Ingalls"


def test_a_hostile_xmp_packet_is_ignored(upload):
    # An entity expansion attack inside the XMP: defusedxml refuses it, the upload goes on without metadata.
    packet = (
        b'<?xml version="1.0"?><!DOCTYPE x [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;">]>'
        b'<x:xmpmeta xmlns:x="adobe:ns:meta/">&b;</x:xmpmeta>'
    )

    response = upload(encode(drawn(), "JPEG", xmp=packet), credit="Orbital Desk Photo", caption="")

    assert response.status_code == 302
    assert Image.objects.get().caption == ""
