"""Bring a WordPress site's archive into the newsroom from its export file (WXR). Safe to run again."""

import contextlib
import os
import time
from functools import partial
from pathlib import Path

from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.db import DataError, IntegrityError, connection, transaction
from tqdm import tqdm

from articles import roles
from articles.workflow import WorkflowError
from importer import parallel, report, wxr
from importer.filing import SectionMapError, read_section_map
from importer.people import guest_author, login
from importer.pictures import FileSource, import_picture
from importer.session import ImportSession
from importer.stories import file_story, import_story

# The account an import acts as unless told otherwise: an editor who cannot sign in.
IMPORT_USERNAME = "wordpress-import"
STORY_TYPES = ("post", "page")
# What a failed item's transaction is rolled back for; anything else stops the import.
ITEM_ERRORS = (WorkflowError, PermissionDenied, ValidationError, IntegrityError, DataError)


def _in_own_transaction(step, item, session):
    """One item in its own transaction: all of it, or (after an error it can be refused for) none of it."""
    try:
        with session.report.item(), transaction.atomic():
            step(item, session)
    except ITEM_ERRORS as error:
        thing = report.PICTURES if item.post_type == "attachment" else report.STORIES
        session.report.count(thing, report.SKIPPED)
        message = "; ".join(error.messages) if isinstance(error, ValidationError) else str(error)
        session.report.note(f"Items that could not be imported: {message}", f"{item.post_type} {item.wordpress_id}")


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
            "--workers",
            type=int,
            metavar="N",
            help="Processes importing side by side (PostgreSQL; one per core unless given).",
        )
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
        workers = self._workers(options["workers"], options["dry_run"])
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
            session.faster_commits()
            quiet = options["verbosity"] == 0
            story_types = STORY_TYPES if session.pages_section else STORY_TYPES[:1]
            self._people_and_terms(path, session, story_types)
            files = FileSource(uploads, fetch_from)
            pictures = self._items(path, ("attachment",), session, partial(import_picture, files=files))
            self._import(pictures, counts.of("attachment"), "picture", session, workers, quiet)
            stories = self._items(path, story_types, session, import_story)
            self._import(stories, sum(counts.of(kind) for kind in story_types), "story", session, workers, quiet)
        self._not_imported(counts, session)
        self._summary(path, session, time.monotonic() - started)

    def _workers(self, asked, dry_run):
        """
        How many processes import side by side: several need PostgreSQL and a transaction each (not a dry
        run's single one, nor a caller's); unless asked, one per core where they can.
        """
        possible = connection.vendor == "postgresql" and not dry_run and not connection.in_atomic_block
        if asked is None:
            return (os.cpu_count() or 1) if possible else 1
        if asked > 1 and not possible:
            raise CommandError(
                "Several --workers need PostgreSQL and a transaction each: not SQLite, a dry run (its single "
                "transaction) or a caller's open transaction."
            )
        return max(1, asked)

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
        elif not (user.is_active and user.is_staff and roles.has_publish_right(user)):
            raise CommandError(f"The “{IMPORT_USERNAME}” account may no longer publish: name an editor with --as-user.")
        return user

    def _people_and_terms(self, path, session, story_types):
        """
        The first read that writes: the site, its people and terms, and the authors, sections and tags
        each story will be filed under, made here one story at a time so that stories imported side by
        side never make the same one twice.
        """
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
            elif found.post_type in story_types:
                try:
                    with session.report.item(), transaction.atomic():
                        file_story(found, session)
                except ITEM_ERRORS:
                    # The story's own import meets the same trouble, and reports it.
                    continue

    @staticmethod
    def _items(path, types, session, step):
        """The export's items of ``types``, each with what imports it."""
        return ((found, step) for found in wxr.read(path) if isinstance(found, wxr.Item) and found.post_type in types)

    def _import(self, items, total, unit, session, workers, quiet):
        """Each item in its own transaction, in this process or in ``workers`` side by side, with a progress bar."""
        with tqdm(total=total, unit=unit, file=self.stderr, disable=quiet or not total) as progress:
            if workers == 1:
                for item, step in items:
                    _in_own_transaction(step, item, session)
                    progress.update()
                return

            def done(item_report):
                session.report.merge(item_report)
                progress.update()

            parallel.run(items, _in_own_transaction, session, workers, done)

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
