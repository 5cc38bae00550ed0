"""Several processes asking for the same rendition at once get one row and one file."""

import pytest
from django.core.files.base import ContentFile

from media.models import Image, Rendition
from media.renditions import delete_renditions, get_rendition
from tests.concurrency import run_together
from tests.factories import ImageFactory

from .conftest import stored_files
from .pictures import drawn, encode

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.postgres(reason="concurrent writers"),
]


def test_simultaneous_requests_make_one_rendition(settings):
    image = ImageFactory(file=ContentFile(encode(drawn((1600, 1200)), "JPEG"), name="a.jpg"))
    # The upload's own renditions were made at commit; start from none.
    delete_renditions(image)
    workers = 4

    outcomes = run_together(
        *[lambda: get_rendition(Image.objects.get(pk=image.pk), "16x9", 1200, "webp").pk for _ in range(workers)]
    )

    assert [kind for kind, _ in outcomes] == ["ok"] * workers, outcomes
    assert len({rendition_id for _, rendition_id in outcomes}) == 1
    rendition = Rendition.objects.get(image=image)
    renditions_on_disk = [name for name in stored_files(settings) if name.startswith("images/renditions/")]
    assert renditions_on_disk == [rendition.file.name]
