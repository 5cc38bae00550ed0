"""
A story's history in one timeline: its revisions (every save), its workflow steps and its desk notes,
newest first.

``StoryHistory`` behaves like a list that Django's ``Paginator`` can page: it counts each source in
one query and, for a slice, reads at most that many rows from each, newest first, then merges them.
"""

from dataclasses import dataclass

from reversion.models import Version

from .models import AuditEntry, EditorialNote

REVISION = "revision"
STEP = "step"
NOTE = "note"


@dataclass
class Event:
    """One thing that happened to a story: a revision saved, a workflow step taken or a note written."""

    kind: str  # REVISION, STEP or NOTE
    at: object  # an aware datetime
    who: object  # the user, or None when nobody signed it (an import, the first baseline)
    revision: Version | None = None
    previous: Version | None = None  # the revision just older than ``revision``, when there is one
    step: AuditEntry | None = None
    note: EditorialNote | None = None

    @property
    def label(self):
        """The kind of event, as the timeline labels it."""
        return {REVISION: "Revision", STEP: "Workflow step", NOTE: "Desk note"}[self.kind]


class StoryHistory:
    """A story's revisions, workflow steps and (``with_notes``) desk notes, newest first."""

    def __init__(self, article, *, with_notes=True):
        self.article = article
        self.with_notes = with_notes

    def _revisions(self):
        return Version.objects.get_for_object(self.article).select_related("revision__user")

    def _steps(self):
        return AuditEntry.objects.filter(article=self.article).select_related("actor").order_by("-created_at", "-id")

    def _notes(self):
        notes = EditorialNote.objects.filter(article=self.article).select_related("author")
        return notes.order_by("-created_at", "-id")

    def count(self):
        """How many events the story has (one query per source)."""
        total = self._revisions().count() + self._steps().count()
        return total + (self._notes().count() if self.with_notes else 0)

    def __len__(self):
        return self.count()

    def __getitem__(self, key):
        if not isinstance(key, slice) or key.step is not None:
            raise TypeError("A story's history is read a slice at a time.")
        start, stop = key.start or 0, key.stop
        if stop is None or start < 0 or stop < 0:
            raise ValueError("A story's history is read between two positions counted from its newest event.")
        # The newest ``stop`` of each source hold the newest ``stop`` of them all; one more revision
        # gives the oldest revision of the slice the one it is compared with.
        revisions = list(self._revisions()[: stop + 1])
        events = [
            Event(
                REVISION,
                version.revision.date_created,
                version.revision.user,
                revision=version,
                previous=revisions[index + 1] if index + 1 < len(revisions) else None,
            )
            for index, version in enumerate(revisions[:stop])
        ]
        events += [Event(STEP, step.created_at, step.actor, step=step) for step in self._steps()[:stop]]
        if self.with_notes:
            events += [Event(NOTE, note.created_at, note.author, note=note) for note in self._notes()[:stop]]
        # Newest first; at the same moment a step reads after the save it followed.
        order = {NOTE: 2, STEP: 1, REVISION: 0}
        events.sort(key=lambda event: (event.at, order[event.kind]), reverse=True)
        return events[start:stop]
