"""
Teasers drawn once and kept in each process's memory, so that a listing made again (the home page after
a publish, a section's page its cache let go) draws only the teasers of the stories that changed.

A kept teaser holds the HTML of each way a page drew it (``{% teaser %}``'s arguments), the keys of
what it shows (``pagecache.dependencies``: the story, its picture, the people on its byline, the
sections' names) and the content version read before its story was. It holds while none of its keys
carries a newer version, which one query for the whole listing tells, and until its picture's rights
end (``good_until``). A page shows a kept teaser through a stand-in (``KeptStory``); a story without
one is read as listings read it (``articles.selectors.read_listing``) and its teaser kept as drawn.

The teasers kept are the ``KEPT_TEASERS`` most recently shown; each process keeps its own.
"""

import collections
import dataclasses
import datetime
import threading

from django.conf import settings
from django.utils import timezone

from articles.selectors import TEASER_RATIOS, latest_articles, read_listing
from pagecache import dependencies
from pagecache.models import KeyVersion
from pagecache.state import read_state

from . import shown


@dataclasses.dataclass(slots=True)
class Kept:
    """A story's teaser as drawn at content version ``stamp``: its HTML by the way it was drawn."""

    pk: int
    stamp: int
    keys: frozenset
    good_until: datetime.datetime | None
    drawn: dict = dataclasses.field(default_factory=dict)

    def holds(self, changed, now):
        """Whether no key of the teaser changed after it was drawn (``changed``: key -> version) at ``now``."""
        if self.good_until is not None and now >= self.good_until:
            return False
        return all(changed.get(key, 0) <= self.stamp for key in self.keys)


class KeptStory:
    """
    A story in a listing whose teaser is kept: the page shows it as kept, and reads the story itself
    only to draw it in a way it was not drawn before (``story``), with the listing's other stories
    that lack that way, in one read.
    """

    __slots__ = ("kept", "listing", "_story")

    def __init__(self, kept, listing):
        self.kept, self.listing, self._story = kept, listing, None

    @property
    def pk(self):
        return self.kept.pk

    @property
    def teaser_keys(self):
        """What its teaser shows, as keys (``public.shown``)."""
        return self.kept.keys

    def story(self, way, ratio=None):
        """
        The story itself, ready for a teaser drawn ``way`` with its picture in ``ratio``; None if it went
        meanwhile.
        """
        if self._story is None:
            self.listing.read(way, ratio)
        return self._story


class _Listing:
    """The kept stories of one listing at ``now``, for reading those a new way of drawing needs, together."""

    def __init__(self, now):
        self.now, self.stories = now, []

    def read(self, way, ratio):
        wanted = {story.pk: story for story in self.stories if story._story is None and way not in story.kept.drawn}
        read = latest_articles(self.now).filter(pk__in=list(wanted)).order_by()
        found = {story.pk: story for story in read_listing(list(read), ratios=(ratio,) if ratio else ())}
        for pk, stand_in in wanted.items():
            stand_in._story = found.get(pk)


class Store:
    """The kept teasers of this process by story, the least recently shown let go first."""

    def __init__(self):
        self.teasers = collections.OrderedDict()
        self.lock = threading.Lock()

    def get_many(self, pks):
        with self.lock:
            found = {pk: self.teasers.get(pk) for pk in pks}
            for pk, kept in found.items():
                if kept is not None:
                    self.teasers.move_to_end(pk)
        return {pk: kept for pk, kept in found.items() if kept is not None}

    def keep(self, kept):
        with self.lock:
            self.teasers[kept.pk] = kept
            self.teasers.move_to_end(kept.pk)
            while len(self.teasers) > settings.KEPT_TEASERS:
                self.teasers.popitem(last=False)

    def clear(self):
        with self.lock:
            self.teasers.clear()


store = Store()


def stories_for(pks, now=None, version=None, ratios=TEASER_RATIOS):
    """
    The stories of ``pks`` (live stories, in the order wanted) ready for their teasers: a ``KeptStory``
    for each whose kept teaser holds, the others read in one query (their pictures' renditions at
    ``ratios``) and their teasers kept as they are drawn. A story no longer live is left out.

    ``version``: the content version the request read (the page cache's), read here when needed and
    not given.
    """
    now = now or timezone.now()
    pks = list(dict.fromkeys(pks))
    kept = store.get_many(pks)
    changed = _changed_since(kept.values())
    listing = _Listing(now)
    found = {pk: KeptStory(teaser, listing) for pk, teaser in kept.items() if teaser.holds(changed, now)}
    listing.stories = list(found.values())
    missing = [pk for pk in pks if pk not in found]
    if missing:
        if version is None:
            state = read_state()
            version = state[0] if state else None
        # In no order (they are put in the order wanted): the rows are found by their keys, not by a walk
        # down the date index past newer stories.
        read = latest_articles(now).filter(pk__in=missing).order_by()
        for story in read_listing(list(read), ratios=ratios):
            if version is not None:
                # Its section's name shows too, with some teasers.
                keys = frozenset({*shown.teaser_keys(story), dependencies.SECTIONS})
                story.kept_teaser = Kept(story.pk, version, keys, _until_rights_end(story))
                store.keep(story.kept_teaser)
            found[story.pk] = story
    return [found[pk] for pk in pks if pk in found]


def _changed_since(kept):
    """The keys of ``kept`` teasers stamped after the oldest of them was drawn: key -> version."""
    kept = list(kept)
    if not kept:
        return {}
    keys = {key for teaser in kept for key in teaser.keys}
    oldest = min(teaser.stamp for teaser in kept)
    return dict(KeyVersion.objects.filter(key__in=keys, version__gt=oldest).values_list("key", "version"))


def _until_rights_end(story):
    """The midnight the story's picture drops off its teaser (the day after its rights end), or None."""
    picture = story.hero_image if story.hero_image_id else None
    if picture is None or picture.usage_expires_on is None or picture.usage_expires_on < timezone.localdate():
        return None
    after = picture.usage_expires_on + datetime.timedelta(days=1)
    return timezone.make_aware(datetime.datetime.combine(after, datetime.time.min))
