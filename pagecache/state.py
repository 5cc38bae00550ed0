"""
Which cached pages are current: the change counter, the versions of the keys each process keeps,
and the release of stories and corrections at their scheduled second.

``bump(keys)`` takes the next number from the state row and stamps it on every key, inside the
transaction that made the change: the row's lock orders the changes, and readers never see a change
without its keys. A process reads the row (one query, ``_state_sql``) and, when its number moved,
the keys stamped since (one more query, once per change and process); whether a stored page is
current is then decided in memory (``Ledger.is_current``).

On PostgreSQL each change also sends a notification when it commits, and each process listens on
a connection of its own (``Listener``): a request reads the row only when a change was heard, made
in this process, or falls due, so a cache hit costs no query at all. Elsewhere (SQLite, or
``PAGE_CACHE_LISTEN`` off) every request reads the row.
"""

import contextlib
import dataclasses
import datetime
import functools

from django.conf import settings
from django.db import connection, connections, router, transaction
from django.db.models import Max, Min
from django.dispatch import Signal
from django.utils import timezone
from django.utils.dateparse import parse_datetime

from . import dependencies
from .models import KeyVersion, PublicationState

CHANNEL = "pagecache"
# Extra time, beyond a page's life in the cache, that a process reaches back for the keys changed
# before it started: it covers clocks that differ between servers and a change's transaction being
# open a while between its stamp and its commit.
MARGIN = datetime.timedelta(seconds=60)

# Sent once a transaction that changed what readers see commits, with the keys its changes touched
# (``keys``): what is drawn ahead of readers can be drawn again, and a CDN purged in one call. Receivers
# run after the commit, and a receiver's failure is logged, never raised.
changed = Signal()


def bump(keys, due=None):
    """
    Make stale every page holding one of ``keys`` (and those that named nothing), from the moment
    the current transaction commits. ``due``: a publication time still to come that this change sets,
    so the change is released again at that second.
    """
    now = timezone.now()
    keys = {*keys, dependencies.EVERYTHING}
    with transaction.atomic():
        version = _next_version(now, due)
        KeyVersion.objects.bulk_create(
            [KeyVersion(key=key, version=version, changed_at=now) for key in sorted(keys)],
            update_conflicts=True,
            unique_fields=["key"],
            update_fields=["version", "changed_at"],
        )
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                # Sent when the transaction commits, never if it rolls back.
                cursor.execute("SELECT pg_notify(%s, %s)", [CHANNEL, str(version)])
        _announce_on_commit(keys)
    ledger.changed_here()


class _Change:
    """The keys one ``bump`` touched, waiting for its transaction to commit."""

    def __init__(self, keys):
        self.keys = frozenset(keys)


def _announce_on_commit(keys):
    """
    ``changed`` goes out once per commit, from the first of its changes' hooks, with the keys of that
    change and of every change made after it (they commit together); each later hook finds its change
    sent. A change still waiting before it never committed: it is let go.
    """
    change = _Change(keys)
    waiting = getattr(connection, "pagecache_waiting", None)
    if waiting is None:
        waiting = connection.pagecache_waiting = []
    waiting.append(change)
    transaction.on_commit(functools.partial(_announce, change))


def _announce(change):
    waiting = getattr(connection, "pagecache_waiting", None) or []
    if change not in waiting:
        return
    keys = frozenset().union(*(later.keys for later in waiting[waiting.index(change) :]))
    connection.pagecache_waiting = []
    changed.send_robust(sender=bump, keys=keys)


def _next_version(now, due):
    state = PublicationState.objects.select_for_update().filter(pk=1).first()
    if state is None:
        # The row was lost: numbering goes on from the newest stamp, so no stored page looks newer.
        newest = KeyVersion.objects.aggregate(newest=Max("version"))["newest"] or 0
        state = PublicationState(pk=1, content_version=newest, next_due=first_due_after(now))
    state.content_version += 1
    state.changed_at = now
    if due is not None and due > now and (state.next_due is None or due < state.next_due):
        state.next_due = due
    state.save()
    return state.content_version


def first_due_after(now):
    """The earliest time after ``now`` a published story or a correction falls due, or None."""
    from articles.models import Article, Correction, Status

    stories = Article.objects.filter(status=Status.PUBLISHED, published_at__gt=now)
    corrections = Correction.objects.filter(published_at__gt=now)
    times = [queryset.aggregate(first=Min("published_at"))["first"] for queryset in (stories, corrections)]
    return min((moment for moment in times if moment is not None), default=None)


def release_due(now):
    """
    Stamp the keys of every story and correction whose time came since ``next_due``, once, whichever
    request gets here first (the others wait for the row, then find nothing left to release).
    """
    from articles.models import Article, Correction, Status

    from .invalidation import correction_keys, story_keys

    with transaction.atomic():
        state = PublicationState.objects.select_for_update().filter(pk=1).first()
        if state is None or state.next_due is None or state.next_due > now:
            return
        window = {"published_at__gte": state.next_due, "published_at__lte": now}
        keys = set()
        for story in Article.objects.filter(status=Status.PUBLISHED, **window):
            keys |= story_keys(story, placed=True)
        for correction in Correction.objects.filter(**window):
            keys |= correction_keys(correction.article_id)
        state.next_due = first_due_after(now)
        state.save(update_fields=["next_due"])
        bump(keys)


def read_state():
    """
    ``(content_version, next_due)``, or None when the row is missing. Read from the database the page's
    other reads go to (a replica, for a reader: ``newsroom.replicas``), so that a page is never stamped
    with a version newer than what it shows.
    """
    database = connections[router.db_for_read(PublicationState)]
    statement, prepares = _statement(database)
    with database.cursor() as cursor:
        cursor.execute(statement)
        row = cursor.fetchone()
    if prepares:
        # The statement lives as long as the connection: a new connection prepares it again.
        database.pagecache_prepared_on = database.connection
    return None if row is None else (row[0], _moment(row[1]))


PREPARED = "pagecache_state"


def _statement(database):
    """
    The state read on ``database``, and whether it prepares the named statement. On PostgreSQL the
    query is parsed and planned once per connection, then run by name: that halves what a cache hit
    spends on it. The first read on a connection prepares and runs it in one round trip. (A pooler in
    transaction mode needs ``PAGE_CACHE_PREPARED = False``.)
    """
    if database.vendor != "postgresql" or not settings.PAGE_CACHE_PREPARED:
        return _state_sql(), False
    database.ensure_connection()
    if getattr(database, "pagecache_prepared_on", None) is database.connection:
        return f"EXECUTE {PREPARED}", False
    return f"PREPARE {PREPARED} AS {_state_sql()}; EXECUTE {PREPARED}", True


@functools.cache
def _state_sql():
    """The state as one row, written once: the ORM took four times the query itself to build it."""
    quote = connection.ops.quote_name
    meta = PublicationState._meta
    columns = ", ".join(quote(meta.get_field(name).column) for name in ("content_version", "next_due"))
    return f"SELECT {columns} FROM {quote(meta.db_table)} WHERE {quote(meta.pk.column)} = 1"  # noqa: S608


def _moment(value):
    """A time from the raw row: PostgreSQL gives aware datetimes, SQLite naive ones (or their text) in UTC."""
    if value is None:
        return None
    moment = value if isinstance(value, datetime.datetime) else parse_datetime(value)
    return timezone.make_aware(moment, datetime.UTC) if timezone.is_naive(moment) else moment


@dataclasses.dataclass
class Ledger:
    """
    The versions of the keys changed lately, kept by each process and brought up to date by
    ``current``. A process starting up reads the keys changed over a page's life in the cache (and a
    margin); a stored page made before that reach is never trusted (``since``). It reads them afresh
    once a page's life has passed, so it holds only the keys that can still matter, however long it runs.
    """

    seen: int | None = None
    since: float = 0.0
    read_at: datetime.datetime | None = None
    next_due: datetime.datetime | None = None
    stale: bool = True
    versions: dict = dataclasses.field(default_factory=dict)
    listener: "Listener" = dataclasses.field(default_factory=lambda: Listener())

    def current(self, now):
        """
        The content version for a request at ``now``, releasing what fell due first; None when the
        state row is missing (it is made again, and the request is answered without the cache).
        """
        heard = self.listener.heard()
        if heard is False and not self.stale and (self.next_due is None or now < self.next_due):
            return self.seen
        self.stale = False
        state = read_state()
        if state is None:
            bump(())
            return None
        version, next_due = state
        if next_due is not None and next_due <= now:
            release_due(now)
            version, next_due = read_state()
            self.stale = False  # the release's own change is read already
        self.next_due = next_due
        life = datetime.timedelta(seconds=settings.PAGE_CACHE_SECONDS) + MARGIN
        if self.seen is None or version < self.seen or now - self.read_at > life:
            # First request of this process, a database that went back (tests, a restore), or a
            # page's life since the last full read.
            changed = KeyVersion.objects.filter(changed_at__gte=now - life - MARGIN)
            self.versions = dict(changed.values_list("key", "version"))
            self.since, self.read_at = (now - life).timestamp(), now
        elif version > self.seen:
            self.versions.update(KeyVersion.objects.filter(version__gt=self.seen).values_list("key", "version"))
        self.seen = version
        if version < self.listener.newest:
            # Read from a replica yet to replay a change heard of: read again until it has.
            self.stale = True
        return version

    def is_current(self, stamp, made_at, keys):
        """Whether a page made at ``made_at`` (a timestamp) after reading version ``stamp`` still holds."""
        if made_at < self.since:
            return False
        known = self.versions.get
        return all(known(key, 0) <= stamp for key in keys)

    def changed_here(self):
        """A change made in this process: the next request reads the row, notification or not."""
        self.stale = True

    def forget(self):
        self.seen, self.since, self.read_at, self.next_due, self.versions = None, 0.0, None, None, {}
        self.stale = True
        self.listener.close()


class Listener:
    """
    A connection of the process's own, listening for changes on PostgreSQL (``CHANNEL``).

    ``heard()`` is None where nobody listens (the request must read the row), True when a change
    may have come since the last call (a notification arrived, or the connection was just opened or
    lost), False when none did: then the process's knowledge is current. ``newest`` is the highest
    content version the primary had when it started listening or a notification named since, which a
    replica may not have replayed yet.
    """

    def __init__(self):
        self.connection = None
        self.newest = 0

    def heard(self):
        if connection.vendor != "postgresql" or not settings.PAGE_CACHE_LISTEN:
            return None
        if self.connection is None:
            try:
                self.connection = connection.get_new_connection(connection.get_connection_params())
                self.connection.autocommit = True
                with self.connection.cursor() as cursor:
                    cursor.execute(f"LISTEN {CHANNEL}")
                    # The primary's version as it starts listening: a change it did not hear of may
                    # not have reached the replica a request reads yet.
                    cursor.execute(_state_sql())
                    row = cursor.fetchone()
            except connection.Database.Error:  # no listening: read the row on each request until it works
                self.close()
                return None
            self.newest = max(self.newest, row[0] if row else 0)
            return True  # what changed before it listened is read from the row
        try:
            self.connection.poll()
        except connection.Database.Error:  # a lost connection is opened again by the next request
            self.close()
            return True
        if self.connection.notifies:
            versions = [int(note.payload) for note in self.connection.notifies if note.payload.isdigit()]
            self.newest = max([self.newest, *versions])
            self.connection.notifies.clear()
            return True
        return False

    def close(self):
        if self.connection is not None:
            with contextlib.suppress(Exception):
                self.connection.close()
        self.connection = None
        self.newest = 0


ledger = Ledger()
