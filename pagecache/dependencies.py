"""
What a public page shows, named by keys: the page cache keeps each page with the keys it was made
from, and a change makes stale only the pages that hold one of the keys it touched.

A key names one thing readers see (a story, a person, a tag, a picture) or one list (the live
stories in order, a section's, a tag's or a person's stories, the corrections, the sections in the
navigation, the people on the columnists page). Views name what they show with ``record`` while the
page is made; a page that names nothing depends on every change (``EVERYTHING``). The same keys go
out in the ``Surrogate-Key`` and ``Cache-Tag`` headers, for a CDN to purge by (``pagecache.purging``).
"""

import contextlib
import contextvars

EVERYTHING = "all"
# Which stories are live, and in what order: the home page, the feeds, the sitemaps.
LATEST = "latest"
# Any change to any live story (text included): pages listing the whole archive, such as sitemaps.
STORIES = "stories"
# The sections themselves: the navigation on every page, and the home page's blocks.
SECTIONS = "sections"
# Who is on the columnists page, and in what order.
PEOPLE = "people"
CORRECTIONS = "corrections"


def story(pk):
    return f"story:{pk}"


def live(pk):
    """A story's live coverage: whether it is live, and its updates (a story page names it, live or not)."""
    return f"live:{pk}"


def stories_named(keys):
    """The primary keys of the stories that ``keys`` name one by one (``story(pk)``)."""
    return {int(key.removeprefix("story:")) for key in keys if key.startswith("story:")}


def person(pk):
    return f"author:{pk}"


def tag(pk):
    return f"tag:{pk}"


def picture(pk):
    return f"image:{pk}" if pk is not None else None


def section_stories(pk):
    return f"section-stories:{pk}" if pk is not None else None


def tag_stories(pk):
    return f"tag-stories:{pk}"


def person_stories(pk):
    return f"author-stories:{pk}"


_shown = contextvars.ContextVar("pagecache_shown", default=None)


def record(*keys):
    """Note that the page being made shows what ``keys`` name (``None`` is skipped); outside a page, nothing."""
    shown = _shown.get()
    if shown is not None:
        shown.update(key for key in keys if key is not None)


@contextlib.contextmanager
def recording():
    """The set of keys recorded while the block makes a page."""
    shown = set()
    token = _shown.set(shown)
    try:
        yield shown
    finally:
        _shown.reset(token)
