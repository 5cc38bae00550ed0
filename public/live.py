"""
What a live story shows readers of its coverage: the key events, the pinned update, then the updates
newest first, ``UPDATES_PER_PAGE`` at a time, and what changed since a moment for the pages that poll.

Updates are read outside the story page's kept parts: they change every few minutes while the story
itself does not, so they carry a key of their own (``dependencies.live``) and a new update draws again
only them. A page of updates costs two queries (the updates with their authors and figures, and the
figures' renditions), however many it shows. Older pages start at an update (``?from=<id>``) rather
than at a count from the newest, so each shows the same updates however many are posted after.
"""

import datetime
from dataclasses import dataclass, field

from django.db.models import OuterRef, Q
from django.template.loader import render_to_string
from django.urls import reverse

from articles.models import LiveEntry
from authors.models import Author
from media.models import Image, read_renditions
from newsroom.rows import JSONRows, rows
from pagecache import dependencies

from . import pages

UPDATES_PER_PAGE = 20
UPDATE_TEMPLATE = "articles/live/update.html"
KEY_EVENT_TEMPLATE = "articles/live/key_event.html"


@dataclass
class LivePage:
    """The coverage's share of a story page: ``updates`` (newest first), the ``pinned`` one, the ``key_events``."""

    coverage: object
    updates: list
    pinned: object = None
    key_events: list = field(default_factory=list)
    # The first update of the next older page, or None on the last; the update this page starts at.
    older_from: int | None = None
    starts_at: int | None = None

    @property
    def shown(self):
        return [self.pinned, *self.updates] if self.pinned else self.updates


def stamp(when):
    """A moment as whole microseconds since the epoch: what pages compare updates' changes by."""
    return round(when.timestamp() * 1_000_000)


def cursor(coverage):
    """The whole second of the coverage's newest change: the moment a page's poll asks from."""
    return int(coverage.changed_at.timestamp())


def _entries(article, *, deleted=False):
    """
    The story's updates (``deleted``: the deleted ones too), newest first, with their authors' names and
    their figures as JSON columns.
    """
    entry = OuterRef("pk")
    picture_fields = {name: name for name in pages.PICTURE_FIELDS}
    entries = LiveEntry.objects.filter(article_id=article.pk)
    if not deleted:
        entries = entries.filter(deleted_at=None)
    return entries.annotate(
        author_rows=JSONRows(
            LiveEntry.authors.through.objects.filter(liveentry_id=entry),
            id="author_id",
            name="author__name",
            slug="author__slug",
        ),
        figure_rows=JSONRows(Image.objects.filter(live_entry_usages=entry), **picture_fields),
    ).order_by("-published_at", "-id")


def _read(entries):
    """Turn the JSON columns into ``author_list`` and ``figure_list``, and read the figures' renditions."""
    for entry in entries:
        entry.author_list = sorted((Author(**row) for row in rows(entry.author_rows)), key=lambda a: (a.name, a.pk))
        entry.figure_list = [pages.picture_from_row(row) for row in rows(entry.figure_rows)]
        entry.changed_stamp, entry.published_stamp = stamp(entry.changed_at), stamp(entry.published_at)
    read_renditions([(figure, (pages.FIGURE_RATIO,)) for entry in entries for figure in entry.figure_list])
    return entries


def live_page(article, starts_from=None):
    """
    The coverage's share of the page of ``article`` (from ``parts.article_for_page``, with its
    ``coverage``): the newest updates with the pinned one, or the updates from update ``starts_from``
    on (one query more, for where it stands); None when that is no update readers see in the story's
    run. Names what it shows for the page cache.
    """
    anchor = None
    stream = _entries(article).filter(pinned=False)
    if starts_from is not None:
        place = LiveEntry.objects.filter(pk=starts_from, article_id=article.pk, deleted_at=None, pinned=False)
        published_at = place.values_list("published_at", flat=True).first()
        if published_at is None:
            return None
        anchor = (published_at, starts_from)
        stream = stream.filter(Q(published_at__lt=published_at) | Q(published_at=published_at, pk__lte=starts_from))
    # The page's updates, one more to tell where the next page starts, and every key event, in one query.
    wanted = Q(pk__in=stream.values("pk")[: UPDATES_PER_PAGE + 1]) | Q(key_event=True)
    if anchor is None:
        wanted |= Q(pinned=True)
    found = _read(list(_entries(article).filter(wanted)))
    # Key events outside the page come after its updates in this order: the page's are the first ones.
    in_stream = [
        entry for entry in found if not entry.pinned and (anchor is None or (entry.published_at, entry.pk) <= anchor)
    ]
    updates = in_stream[:UPDATES_PER_PAGE]
    page = LivePage(
        coverage=article.coverage,
        updates=updates,
        pinned=next((entry for entry in found if entry.pinned), None) if anchor is None else None,
        key_events=[entry for entry in found if entry.key_event],
        older_from=in_stream[UPDATES_PER_PAGE].pk if len(in_stream) > UPDATES_PER_PAGE else None,
        starts_at=starts_from,
    )
    on_page = {entry.pk for entry in page.shown}
    for entry in page.key_events:
        entry.on_page = entry.pk in on_page
    record(article, page.shown)
    return page


def record(article, entries):
    """Name what a story's live updates show, for the page cache: the story, its coverage, people and figures."""
    dependencies.record(dependencies.story(article.pk), dependencies.live(article.pk))
    for entry in entries:
        dependencies.record(*(dependencies.person(author.pk) for author in entry.author_list))
        dependencies.record(*(dependencies.picture(figure.pk) for figure in entry.figure_list))


def changed_since(article, since):
    """
    Every update of ``article`` changed at or after ``since`` (a moment), deleted ones included, newest
    first, read as the page shows them; names what they show for the page cache.
    """
    entries = _read(list(_entries(article, deleted=True).filter(changed_at__gte=since)))
    record(article, entries)
    return entries


def update_item(entry, article):
    """An update as a poll answers it: its place, its flags and the HTML the page shows for it."""
    item = {"id": entry.pk, "changed": stamp(entry.changed_at), "deleted": entry.deleted_at is not None}
    if item["deleted"]:
        return item
    context = {"entry": entry, "article": article, "live_story_url": article.get_absolute_url()}
    item |= {
        "published": stamp(entry.published_at),
        "pinned": entry.pinned,
        "key_event": entry.key_event,
        "html": render_to_string(UPDATE_TEMPLATE, context).strip(),
    }
    if entry.key_event:
        entry.on_page = True
        item["key_event_html"] = render_to_string(KEY_EVENT_TEMPLATE, context).strip()
    return item


def feed_address(article, name):
    """One of a live story's own addresses below its page's: ``live-updates``, ``live-feed``, ``live-feed-atom``."""
    date = article.publication_date
    kwargs = {"year": f"{date:%Y}", "month": f"{date:%m}", "day": f"{date:%d}", "slug": article.slug}
    return reverse(f"articles:{name}", kwargs=kwargs)


def poll_url(article):
    """Where a story page asks for what changed in its coverage."""
    return feed_address(article, "live-updates")


def feed_updates(article, count):
    """The newest ``count`` updates of a live story for its feed, each knowing its story; named for the page cache."""
    entries = _read(list(_entries(article)[:count]))
    for entry in entries:
        entry.article = article
    record(article, entries)
    return entries


def since_moment(seconds):
    """The moment a poll's ``since`` (whole seconds since the epoch) names."""
    return datetime.datetime.fromtimestamp(seconds, tz=datetime.UTC)


def page_context(article, starts_from=None):
    """
    What a live story's page adds to its context: ``live`` (a ``LivePage``, or None when ``starts_from``
    names no update of its run), and on its newest page while the coverage goes on, where and from
    when its script polls (``live_poll``, ``live_since``). ``live_story_url``: the newest page's address.
    """
    page = live_page(article, starts_from)
    context = {"live": page, "live_story_url": article.get_absolute_url()}
    if page is not None and starts_from is None and article.coverage.is_open:
        context |= {"live_poll": poll_url(article), "live_since": cursor(article.coverage)}
    return context
