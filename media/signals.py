"""
Keeping files in step with rows.

Renditions are made by a task (``media.tasks``) handed over after the upload, the new file or the focal
point change commits, so a rolled-back save leaves no pixels behind and the desk's request waits for
none. A replaced file's renditions leave with the save, so pages show the new picture at once (its
original, until its renditions land) and never the old one; files of deleted or replaced pictures are
removed from storage, so a picture withdrawn for rights reasons stops answering at its old address.
"""

from django.db.models.signals import post_delete, post_save, pre_delete, pre_save
from django.dispatch import receiver

from newsroom.tasks import enqueue_on_commit

from . import renditions, tasks
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
        replaced = renditions.forget_renditions(instance)
        enqueue_on_commit(tasks.remove_files, [name for name in [previous["file"], *replaced] if name])
        enqueue_on_commit(tasks.make_renditions, instance.pk)
    elif (
        created
        or previous is None
        or (previous["focal_x"], previous["focal_y"]) != (instance.focal_x, instance.focal_y)
    ):
        enqueue_on_commit(tasks.make_renditions, instance.pk)


@receiver(pre_delete, sender=Image)
def remember_files(sender, instance, **kwargs):
    # A fresh query: the instance may carry a prefetched subset of its renditions.
    renditions = Rendition.objects.filter(image=instance).values_list("file", flat=True)
    instance._stored_files = [instance.file.name, *renditions]


@receiver(post_delete, sender=Image)
def delete_files(sender, instance, **kwargs):
    names = [name for name in getattr(instance, "_stored_files", []) if name]
    if names:
        enqueue_on_commit(tasks.remove_files, names)
