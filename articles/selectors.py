"""
The rule "readers see only what is published and due", written once.

Every public page, feed, sitemap and search starts from ``published_articles``;
``for_listing`` adds what a list of teasers shows, and ``read_listing`` readies
the stories it returned for their teasers, in a fixed number of queries however
many bylines a story has.
"""

from django.db.models import OuterRef, Q
from django.utils import timezone

from authors.models import Author
from media.models import read_renditions
from newsroom.rows import JSONRows, rows

from .models import Article, Byline, Status

# The shape a teaser shows its story's picture in.
TEASER_RATIOS = ("3x2",)
# What a teaser shows of a story, its section and its picture: a listing reads no other column.
TEASER_FIELDS = (
    "section",
    "hero_image",
    "headline",
    "slug",
    "dek",
    "published_at",
    "publication_date",
    "section__name",
    "section__slug",
    "hero_image__file",
    "hero_image__alt_text",
    "hero_image__usage_expires_on",
    "hero_image__focal_x",
    "hero_image__focal_y",
    "hero_image__width",
    "hero_image__height",
)
# What a teaser knows of a byline and its author.
BYLINE_FIELDS = ("id", "article_id", "author_id", "order")
AUTHOR_FIELDS = ("id", "name", "slug")


def published_articles(now=None):
    """Stories a reader may see at ``now``: published, and their time has come."""
    now = now or timezone.now()
    return Article.objects.filter(status=Status.PUBLISHED, published_at__lte=now)


def byline_names():
    """The names on a story's byline, as a JSON column of the story's own row (``newsroom.rows``)."""
    return JSONRows(
        Byline.objects.filter(article_id=OuterRef("pk")),
        id="id",
        order="order",
        author_id="author_id",
        name="author__name",
        slug="author__slug",
    )


def for_listing(queryset):
    """
    What a list of story teasers needs, in the stories' own query: the columns a teaser shows
    (``TEASER_FIELDS``) of the story, its section and its hero picture, and the names on the byline
    (``byline_rows``). Pass the stories to ``read_listing`` before they are shown.
    """
    # A listing reads dozens of rows: each column left out is a value fewer to load into each of them.
    listed = queryset.select_related("section", "hero_image").only(*TEASER_FIELDS)
    return listed.annotate(byline_rows=byline_names())


def read_listing(stories, ratios=TEASER_RATIOS):
    """
    Ready stories from ``for_listing`` for their teasers, in one query however many: each gets its
    ``byline_list``, the bylines in order with their authors' names and addresses (no other field of
    the author is read), and its hero's renditions at ``ratios`` only (the shapes the list shows them
    in; ``()`` for a list without pictures, and no query). Returns the stories.
    """
    for story in stories:
        bylines = []
        for row in rows(story.byline_rows):
            # Loaded as the query's only() would load them: the other fields are read if ever asked for.
            byline = Byline.from_db(None, BYLINE_FIELDS, (row["id"], story.pk, row["author_id"], row["order"]))
            byline.author = Author.from_db(None, AUTHOR_FIELDS, (row["author_id"], row["name"], row["slug"]))
            bylines.append(byline)
        story.byline_list = sorted(bylines, key=lambda byline: (byline.order, byline.pk))
    if ratios:
        read_renditions([(story.hero_image, ratios) for story in stories])
    return stories


def latest_articles(now=None):
    """Live stories, newest first, for a listing (``read_listing``)."""
    return for_listing(published_articles(now)).order_by("-published_at", "-id")


def published_by(author, now=None, **window):
    """
    Live stories with ``author`` (an author, or a reference to one in an outer query) on the byline,
    newest first; ``window``: a part of them (``published_window``).

    Read in the order of the author's bylines by their copy of the publication time: a walk down the
    byline index that stops at the page's end, whether the author wrote ten stories last week or
    thousands over twenty years (walking the site's date index in search of theirs would read every
    story since the author's last one). Which stories are live is still ``published_articles``' to say.
    """
    now = now or timezone.now()
    bylines = Q(bylines__author=author, bylines__published_at__lte=now)
    return (
        published_articles(now)
        # One condition, so that the window's columns are those of the author's own bylines.
        .filter(bylines & published_window("bylines__published_at", "bylines__article_id", **window))
        .order_by("-bylines__published_at", "-bylines__article_id")
    )


def published_under(tag, now=None, **window):
    """
    Live stories carrying ``tag``, newest first: read down the tag's listings by their copy of the
    publication time (``TagListing``), a walk that stops at the page's end however rare the tag;
    ``window``: a part of them (``published_window``).
    """
    now = now or timezone.now()
    listings = Q(tag_listings__tag=tag, tag_listings__published_at__lte=now)
    return (
        published_articles(now)
        .filter(listings & published_window("tag_listings__published_at", "tag_listings__article_id", **window))
        .order_by("-tag_listings__published_at", "-tag_listings__article_id")
    )


def published_window(time="published_at", story="id", *, after=None, before=None, past=None):
    """
    The condition for stories published at or after ``after`` and before ``before`` that come after
    ``past``, a ``(published_at, pk)``, in newest-first order (a cursor), on the columns ``time`` and
    ``story`` (the story's own, or a byline's or tag listing's copies of them). Each bound is also a
    bound of the index walk: a page deep in the archive starts where the one before it ended.
    """
    condition = Q()
    if after is not None:
        condition &= Q(**{f"{time}__gte": after})
    if before is not None:
        condition &= Q(**{f"{time}__lt": before})
    if past is not None:
        moment, pk = past
        same_moment = Q(**{time: moment, f"{story}__lt": pk})
        condition &= Q(**{f"{time}__lte": moment}) & (Q(**{f"{time}__lt": moment}) | same_moment)
    return condition
