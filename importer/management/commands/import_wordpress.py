"""Bring a WordPress site's archive into the newsroom from its export file (WXR). Safe to run again."""

import contextlib
import time
from pathlib import Path

from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.db import DataError, IntegrityError, transaction
from tqdm import tqdm

from articles import roles
from articles.workflow import WorkflowError
from importer import report, wxr
from importer.filing import SectionMapError, read_section_map
from importer.people import guest_author, login
from importer.pictures import FileSource, import_picture
from importer.session import ImportSession
from importer.stories import import_story

# The account an import acts as unless told otherwise: an editor who cannot sign in.
IMPORT_USERNAME = "wordpress-import"
STORY_TYPES = ("post", "page")
# What a failed item's transaction is rolled back for; anything else stops the import.
ITEM_ERRORS = (WorkflowError, PermissionDenied, ValidationError, IntegrityError, DataError)


class Command(BaseCommand):
    help = (
        "Import a WordPress export (WXR): posts as stories, attachments as library pictures, authors, "
        "categories and tags, and the old permalinks as addresses that answer 301. Safe to run again."
    )

    def add_arguments(self, parser):
        parser.add_argument("export", help="The export file (WordPress: Tools › Export › All content).")
        parser.add_argument("--uploads", metavar="DIR", help="A copy of the site's wp-content/uploads folder.")
        parser.add_argument("--dry-run", action="store_true", help="Report what would happen; write nothing.")
        parser.add_argument("--as-draft", action="store_true", help="Bring every story in as a draft.")
        parser.add_argument(
            "--section-map", metavar="FILE", help="Lines of “category-slug: section-slug” merging categories."
        )
        parser.add_argument(
            "--overwrite", action="store_true", help="Update stories the desk has edited since their import too."
        )
        parser.add_argument(
            "--fetch-from", metavar="HOST", default="", help="Download pictures missing from --uploads from this host."
        )
        parser.add_argument("--pages-in", metavar="SECTION", default="", help="Import pages as stories in SECTION.")
        parser.add_argument(
            "--as-user",
            metavar="USERNAME",
            help=f"The editor the import acts as (default: “{IMPORT_USERNAME}”, an account that cannot sign in).",
        )

    def handle(self, *args, **options):
        started = time.monotonic()
        path = Path(options["export"])
        if not path.is_file():
            raise CommandError(f"No export file at {path}.")
        uploads = Path(options["uploads"]) if options["uploads"] else None
        if uploads is not None and not uploads.is_dir():
            raise CommandError(f"No uploads folder at {uploads}.")
        fetch_from = options["fetch_from"].strip().lower()
        if "/" in fetch_from or ":" in fetch_from:
            raise CommandError("Give --fetch-from a host name alone, like “example.com”.")
        try:
            section_map = read_section_map(options["section_map"]) if options["section_map"] else {}
        except (OSError, SectionMapError) as error:
            raise CommandError(f"The section map cannot be read: {error}") from None
        quiet = options["verbosity"] == 0
        try:
            # Read through once before writing anything: a broken or hostile file stops here, whole.
            counts = wxr.survey(path)
        except wxr.ExportError as error:
            raise CommandError(f"{path.name}: {error} Nothing was imported.") from None

        with self._rollback_if(options["dry_run"]):
            session = ImportSession(
                site=wxr.Site(),
                editor=self._editor(options["as_user"]),
                uploads=uploads,
                fetch_from=fetch_from,
                as_draft=options["as_draft"],
                overwrite=options["overwrite"],
                dry_run=options["dry_run"],
                section_map=section_map,
                pages_section=options["pages_in"],
            )
            self._people_and_pictures(path, session, FileSource(uploads, fetch_from), counts, quiet)
            self._stories(path, session, counts, quiet)
        self._not_imported(counts, session)
        self._summary(path, session, time.monotonic() - started)

    @contextlib.contextmanager
    def _rollback_if(self, dry_run):
        """A dry run does everything in one transaction and rolls it back; a real one commits item by item."""
        if not dry_run:
            yield
            return
        with transaction.atomic():
            yield
            transaction.set_rollback(True)

    def _editor(self, username):
        User = get_user_model()
        if username:
            user = User.objects.filter(username=username).first()
            if user is None or not (user.is_staff and roles.has_publish_right(user)):
                raise CommandError(f"“{username}” is not an editor here (an active staff account that may publish).")
            return user
        user, created = User.objects.get_or_create(
            username=IMPORT_USERNAME, defaults={"first_name": "WordPress", "last_name": "import", "is_staff": True}
        )
        if created:
            user.set_unusable_password()
            user.save(update_fields=["password"])
            user.groups.add(roles.role_group(roles.EDITORS))
        return user

    def _progress(self, total, unit, quiet):
        return tqdm(total=total, unit=unit, file=self.stderr, disable=quiet or not total)

    def _people_and_pictures(self, path, session, files, counts, quiet):
        """The first read: the site, its people and terms, and its attachments into the library."""
        with self._progress(counts.of("attachment"), "picture", quiet) as progress:
            for found in wxr.read(path):
                if isinstance(found, wxr.Site):
                    session.site = found
                elif isinstance(found, wxr.Person):
                    session.people[login(found.login)] = found
                elif isinstance(found, wxr.Term):
                    session.terms[(found.taxonomy, found.slug)] = found
                elif found.post_type == "guest-author":
                    person = guest_author(found)
                    session.people[person.login] = person
                elif found.post_type == "attachment":
                    self._item(import_picture, found, session, files)
                    progress.update()

    def _stories(self, path, session, counts, quiet):
        """The second read: posts (and pages, with ``--pages-in``) as stories, each in its own transaction."""
        types = STORY_TYPES if session.pages_section else STORY_TYPES[:1]
        with self._progress(sum(counts.of(kind) for kind in types), "story", quiet) as progress:
            for found in wxr.read(path):
                if isinstance(found, wxr.Item) and found.post_type in types:
                    self._item(import_story, found, session)
                    progress.update()

    def _item(self, step, item, session, *args):
        """One item in its own transaction: all of it, or (after an error it can be refused for) none of it."""
        try:
            with session.report.item(), transaction.atomic():
                step(item, session, *args)
        except ITEM_ERRORS as error:
            thing = report.PICTURES if item.post_type == "attachment" else report.STORIES
            session.report.count(thing, report.SKIPPED)
            message = "; ".join(error.messages) if isinstance(error, ValidationError) else str(error)
            session.report.note(f"Items that could not be imported: {message}", f"{item.post_type} {item.wordpress_id}")

    def _not_imported(self, counts, session):
        not_imported = session.report.not_imported
        for kind, count in counts.items.items():
            if kind == "page" and not session.pages_section:
                not_imported["pages (--pages-in SECTION imports them as stories)"] = count
            elif kind not in (*STORY_TYPES, "attachment", "guest-author"):
                not_imported[f"“{kind}” items"] = count
        if counts.comments:
            not_imported["comments"] = counts.comments

    def _summary(self, path, session, seconds):
        site = session.site
        done = "Dry run of" if session.dry_run else "Imported"
        self.stdout.write(f"{done} {path.name} from “{site.title}” ({site.key}) in {seconds:.1f} s.")
        for line in session.report.lines(dry_run=session.dry_run):
            self.stdout.write(f"  {line}")
        if session.dry_run:
            self.stdout.write("Nothing was written.")
