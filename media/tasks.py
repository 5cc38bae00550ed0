"""
The library's slow work, as tasks (``newsroom.tasks``): making a picture's renditions, and removing the
files no row names any more. ``media.signals`` hands them over as an upload, a new file or a moved focal
point commits; until the renditions land, pages show the picture as it is (``media.markup``).

Every file of the library (originals and renditions) is kept in the default storage.
"""

from django.core.files.storage import default_storage

from newsroom.tasks import task

from .models import Image
from .renditions import ensure_renditions


@task()
def make_renditions(image_id):
    """Make the missing standard renditions of the picture ``image_id``, if it is still in the library."""
    image = Image.objects.filter(pk=image_id).first()
    if image is None or not image.file:
        return 0
    return ensure_renditions(image)


@task()
def remove_files(names):
    """Remove stored files by name: those of a picture deleted, or of a file replaced, once that has committed."""
    for name in names:
        default_storage.delete(name)
    return len(names)
