"""The regenerate_renditions command."""

import io

import pytest
from django.core.files.base import ContentFile
from django.core.management import CommandError, call_command

from media.models import Rendition
from media.renditions import ensure_renditions, standard_specs
from tests.factories import ImageFactory

from .pictures import drawn, encode

pytestmark = pytest.mark.django_db


def picture(**fields):
    return ImageFactory(file=ContentFile(encode(drawn((900, 600)), "JPEG"), name="p.jpg"), **fields)


def run(*args):
    out, err = io.StringIO(), io.StringIO()
    call_command("regenerate_renditions", *args, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def test_regenerates_every_rendition_of_every_image_with_a_progress_bar():
    first, second = picture(), picture()
    ensure_renditions(first)
    old = set(Rendition.objects.filter(image=first).values_list("pk", flat=True))
    expected = len(standard_specs(first)) + len(standard_specs(second))

    out, err = run()

    assert out.strip() == f"Made {expected} renditions for 2 images (replaced {len(old)})."
    assert "2/2" in err and "image" in err
    assert not Rendition.objects.filter(pk__in=old).exists()
    assert Rendition.objects.count() == expected


def test_missing_only_keeps_what_exists():
    first, second = picture(), picture()
    ensure_renditions(first)
    kept = set(Rendition.objects.values_list("pk", flat=True))

    out, _ = run("--missing-only")

    assert out.strip() == f"Made {len(standard_specs(second))} renditions for 2 images (replaced 0)."
    assert kept <= set(Rendition.objects.values_list("pk", flat=True))


def test_one_image_only():
    first, second = picture(), picture()

    out, _ = run("--image", str(second.pk))

    assert out.strip() == f"Made {len(standard_specs(second))} renditions for 1 image (replaced 0)."
    assert not Rendition.objects.filter(image=first).exists()


def test_unknown_image_is_an_error():
    with pytest.raises(CommandError, match="No image with id 999"):
        run("--image", "999")
