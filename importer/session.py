"""
One import of one export: what it was asked to do, who it acts as, what it has learnt of the site so
far (its people and terms), and how it records where each thing came from.
"""

import hashlib
import json
from dataclasses import dataclass, field
from pathlib import Path

from django.contrib.contenttypes.models import ContentType
from django.utils import timezone

from . import wxr
from .models import WordPressOrigin
from .report import Report

Kind = WordPressOrigin.Kind


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

    @property
    def options_digest(self):
        """What the options that shape a story were, so that changing them brings each story up to date."""
        chosen = {"as_draft": self.as_draft, "sections": sorted(self.section_map.items()), "pages": self.pages_section}
        return hashlib.sha256(json.dumps(chosen).encode()).hexdigest()

    # Origins ---------------------------------------------------------------------------------

    def origin(self, kind, key):
        """The record of what ``key`` of ``kind`` became on an earlier import of this site, or None."""
        return WordPressOrigin.objects.filter(site=self.site.key, kind=kind, key=str(key)[:300]).first()

    def imported(self, kind, key, model):
        """What ``key`` of ``kind`` became, if it was imported and is still here, or None."""
        origin = self.origin(kind, key)
        return model.objects.filter(pk=origin.object_id).first() if origin else None

    def record(self, kind, key, obj, **fields):
        """Remember that ``obj`` came from ``key`` of ``kind`` (its WordPress ID, old address, fingerprint)."""
        now = timezone.now()
        fields = {**fields, "content_type": ContentType.objects.get_for_model(obj), "object_id": obj.pk}
        origin, created = WordPressOrigin.objects.get_or_create(
            site=self.site.key,
            kind=kind,
            key=str(key)[:300],
            defaults={**fields, "imported_at": now, "updated_at": now},
        )
        if not created:
            for name, value in {**fields, "updated_at": now}.items():
                setattr(origin, name, value)
            origin.save()
        return origin
