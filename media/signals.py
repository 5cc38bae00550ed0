"""
Keeping files in step with rows.

Renditions are made after the upload (or the focal point change) commits, so
a rolled-back save leaves no pixels behind; files of deleted or replaced
pictures are removed from storage, so a picture withdrawn for rights reasons
stops answering at its old address.
"""

from functools import partial

from django.db import transaction
from django.db.models.signals import post_delete, post_save, pre_delete, pre_save
from django.dispatch import receiver

from . import renditions
from .models import Image, Rendition


@receiver(pre_save, sender=Image)
def remember_previous_file(sender, instance, raw=False, **kwargs):
    instance._previous = None
    if not raw and instance.pk:
        instance._previous = Image.objects.filter(pk=instance.pk).values("file", "focal_x", "focal_y").first()


@receiver(post_save, sender=Image)
def refresh_renditions(sender, instance, created=False, raw=False, **kwargs):
    if raw:
        return
    previous = getattr(instance, "_previous", None)
    if previous and previous["file"] != instance.file.name:
        storage, old_name = instance.file.storage, previous["file"]
        transaction.on_commit(partial(_replace_file, instance.pk, storage, old_name), robust=True)
    elif (
        created
        or previous is None
        or (previous["focal_x"], previous["focal_y"]) != (instance.focal_x, instance.focal_y)
    ):
        transaction.on_commit(partial(_ensure, instance.pk), robust=True)


@receiver(pre_delete, sender=Image)
def remember_files(sender, instance, **kwargs):
    # A fresh query: the instance may carry a prefetched subset of its renditions.
    instance._stored_files = [(instance.file.storage, instance.file.name)] + [
        (rendition.file.storage, rendition.file.name) for rendition in Rendition.objects.filter(image=instance)
    ]


@receiver(post_delete, sender=Image)
def delete_files(sender, instance, **kwargs):
    for storage, name in getattr(instance, "_stored_files", []):
        if name:
            transaction.on_commit(partial(storage.delete, name), robust=True)


def _ensure(pk):
    image = Image.objects.filter(pk=pk).first()
    if image is not None and image.file:
        renditions.ensure_renditions(image)


def _replace_file(pk, storage, old_name):
    image = Image.objects.filter(pk=pk).first()
    if image is not None:
        renditions.delete_renditions(image)
    if old_name:
        storage.delete(old_name)
    _ensure(pk)
