"""Make library renditions again: after a change to the standard set, a lost storage, or for one picture."""

from django.core.management.base import BaseCommand, CommandError
from tqdm import tqdm

from media.models import Image
from media.renditions import delete_renditions, ensure_renditions


class Command(BaseCommand):
    help = "Regenerate image renditions (all of them, or only the missing ones), with a progress bar."

    def add_arguments(self, parser):
        parser.add_argument("--image", type=int, metavar="ID", help="Only this image.")
        parser.add_argument(
            "--missing-only", action="store_true", help="Keep existing renditions; make only those missing."
        )

    def handle(self, *args, image=None, missing_only=False, **options):
        images = Image.objects.exclude(file="").order_by("pk")
        if image is not None:
            images = images.filter(pk=image)
            if not images.exists():
                raise CommandError(f"No image with id {image}.")
        made = removed = 0
        progress = tqdm(
            images.iterator(chunk_size=100),
            total=images.count(),
            unit="image",
            file=self.stderr,
            disable=options["verbosity"] == 0,
        )
        for picture in progress:
            if not missing_only:
                removed += delete_renditions(picture)
            made += ensure_renditions(picture)
        count = progress.total
        self.stdout.write(f"Made {made} renditions for {count} image{'s' * (count != 1)} (replaced {removed}).")
