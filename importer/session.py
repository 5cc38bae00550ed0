"""
One import of one export: what it was asked to do, who it acts as, what it has learnt of the site so
far (its people and terms), and how it records where each thing came from.
"""

import hashlib
import json
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path

from django.contrib.contenttypes.models import ContentType
from django.db import connection, transaction
from django.utils import timezone

from . import wxr
from .models import WordPressOrigin
from .report import Report

Kind = WordPressOrigin.Kind
KEPT_IN_MEMORY = (Kind.AUTHOR, Kind.SECTION, Kind.TAG)


@dataclass
class ImportSession:
    site: wxr.Site
    editor: object
    uploads: Path | None = None
    fetch_from: str = ""
    as_draft: bool = False
    overwrite: bool = False
    dry_run: bool = False
    section_map: dict = field(default_factory=dict)
    pages_section: str = ""
    report: Report = field(default_factory=Report)
    # The site's authors (and Co-Authors Plus guest authors) by login, and its declared categories and
    # tags by taxonomy and slug: a site's people and terms, however many posts it has.
    people: dict = field(default_factory=dict)
    terms: dict = field(default_factory=dict)
    # The authors, sections and tags already found, by kind and key: few, and asked for by every post.
    _known: dict = field(default_factory=dict)

    @property
    def options_digest(self):
        """What the options that shape a story were, so that changing them brings each story up to date."""
        chosen = {"as_draft": self.as_draft, "sections": sorted(self.section_map.items()), "pages": self.pages_section}
        return hashlib.sha256(json.dumps(chosen).encode()).hexdigest()

    def faster_commits(self):
        """
        On PostgreSQL, commits that do not wait for the disk: an import cut short by a crash of the
        database server loses at most its last items, whole, and running it again brings them in.
        """
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("SET synchronous_commit TO OFF")

    # Origins ---------------------------------------------------------------------------------

    def origin(self, kind, key):
        """The record of what ``key`` of ``kind`` became on an earlier import of this site, or None."""
        return WordPressOrigin.objects.filter(site=self.site.key, kind=kind, key=str(key)[:300]).first()

    def imported(self, kind, key, model):
        """What ``key`` of ``kind`` became, if it was imported and is still here, or None (one query at most)."""
        known = self._known.get((kind, key))
        if known is not None:
            return known
        origins = WordPressOrigin.objects.filter(site=self.site.key, kind=kind, key=str(key)[:300])
        found = model.objects.filter(pk__in=origins.values("object_id")).first()
        if found is not None and kind in KEPT_IN_MEMORY:
            # Remembered once it is surely there: a rolled-back item's author or tag is not.
            transaction.on_commit(partial(self._known.__setitem__, (kind, key), found))
        return found

    def record(self, kind, key, obj, **fields):
        """Remember that ``obj`` came from ``key`` of ``kind`` (its WordPress ID, old address, fingerprint)."""
        known = WordPressOrigin.objects.filter(site=self.site.key, kind=kind, key=str(key)[:300])
        content_type = ContentType.objects.get_for_model(obj)
        if not known.update(content_type=content_type, object_id=obj.pk, updated_at=timezone.now(), **fields):
            self.record_new(kind, key, obj, **fields)

    def record_new(self, kind, key, obj, **fields):
        """``record`` for what no earlier import of the site brought: one insert."""
        now = timezone.now()
        WordPressOrigin.objects.create(
            site=self.site.key,
            kind=kind,
            key=str(key)[:300],
            content_type=ContentType.objects.get_for_model(obj),
            object_id=obj.pk,
            imported_at=now,
            updated_at=now,
            **fields,
        )
