"""
Draw the kept parts of live story pages ahead of readers: after a deploy that draws them differently
(their recipe changed, so none kept before holds), or to fill them for an archive brought in.
"""

from django.core.management.base import BaseCommand, CommandError
from tqdm import tqdm

from articles.selectors import published_articles
from public import parts

BATCH = 100


class Command(BaseCommand):
    help = "Draw and keep the parts of live story pages whose kept parts no longer hold, newest first."

    def add_arguments(self, parser):
        parser.add_argument("--newest", type=int, metavar="N", help="Only the N newest live stories.")

    def handle(self, *args, newest=None, **options):
        if newest is not None and newest < 1:
            raise CommandError("--newest takes a number of stories, 1 or more.")
        stories = published_articles().order_by("-published_at", "-pk").values_list("pk", flat=True)
        if newest is not None:
            stories = stories[:newest]
        pks = list(stories)
        drawn = 0
        with tqdm(total=len(pks), unit="story", file=self.stderr, disable=options["verbosity"] == 0) as progress:
            for start in range(0, len(pks), BATCH):
                batch = pks[start : start + BATCH]
                drawn += parts.keep_ahead(batch)
                progress.update(len(batch))
        count = len(pks)
        self.stdout.write(
            f"Drew the parts of {drawn} of {count} live stor{'ies' if count != 1 else 'y'}; the others' held."
        )
