"""
What an import did, told at its end: how many of each thing it created, updated, left unchanged or
skipped, and why, with a few examples of each reason (an archive of 100,000 posts with one missing
picture each says so in one line and five examples, not 100,000 lines).
"""

import contextlib
from collections import Counter, defaultdict

EXAMPLES = 5

CREATED, UPDATED, UNCHANGED, SKIPPED = "created", "updated", "unchanged", "skipped"
OUTCOMES = (CREATED, UPDATED, UNCHANGED, SKIPPED)
# The things an import brings, in the order the summary lists them.
STORIES, PICTURES, AUTHORS, SECTIONS, TAGS = "stories", "pictures", "authors", "sections", "tags"


class Report:
    """
    Counts by thing and outcome, and notes: a reason, how often it came up, and its first examples.

    What one item adds is kept aside (``item``) until its transaction is done: an item rolled back
    leaves only the reason it failed.
    """

    def __init__(self):
        self.counts = defaultdict(Counter)
        self.note_counts = Counter()
        self.note_examples = defaultdict(list)
        # Items that are not imported at all: pages, menus, other post types; and comments.
        self.not_imported = Counter()
        self._pending = None

    @contextlib.contextmanager
    def item(self):
        """Keep what the block reports if it ends normally, and forget it if it raises."""
        self._pending = []
        try:
            yield
        except BaseException:
            self._pending = None
            raise
        pending, self._pending = self._pending, None
        for method, arguments in pending:
            method(*arguments)

    def count(self, thing, outcome):
        if self._pending is not None:
            self._pending.append((self._count, (thing, outcome)))
        else:
            self._count(thing, outcome)

    def note(self, reason, example):
        """Remember that ``reason`` came up, with ``example`` (which story or file) among the first few."""
        if self._pending is not None:
            self._pending.append((self._note, (reason, example)))
        else:
            self._note(reason, example)

    def _count(self, thing, outcome):
        self.counts[thing][outcome] += 1

    def _note(self, reason, example):
        self.note_counts[reason] += 1
        if len(self.note_examples[reason]) < EXAMPLES:
            self.note_examples[reason].append(example)

    def merge(self, other):
        """Add what ``other`` (an item's report from a worker) counted and noted."""
        for thing, outcomes in other.counts.items():
            for outcome, count in outcomes.items():
                self.counts[thing][outcome] += count
        for reason, count in other.note_counts.items():
            self.note_counts[reason] += count
            room = EXAMPLES - len(self.note_examples[reason])
            self.note_examples[reason].extend(other.note_examples[reason][: max(room, 0)])

    def lines(self, dry_run=False):
        """The summary, a line each."""
        would = "would be " if dry_run else ""
        lines = []
        for thing in (STORIES, PICTURES, AUTHORS, SECTIONS, TAGS):
            counts = self.counts[thing]
            if not counts:
                continue
            told = ", ".join(f"{counts[outcome]:,} {would}{outcome}" for outcome in OUTCOMES if counts[outcome])
            lines.append(f"{thing.capitalize()}: {told}.")
        for what, count in sorted(self.not_imported.items()):
            lines.append(f"Not imported: {count:,} {what}.")
        for reason, count in sorted(self.note_counts.items(), key=lambda pair: (-pair[1], pair[0])):
            examples = self.note_examples[reason]
            more = f"; and {count - len(examples):,} more" if count > len(examples) else ""
            lines.append(f"{reason} ({count:,}): {'; '.join(examples)}{more}")
        return lines
