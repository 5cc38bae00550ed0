"""
The rule "readers see only what is published and due", written once.

Every public page, feed, sitemap and search starts from ``published_articles``;
``for_listing`` adds what a list of teasers shows in a fixed number of queries,
however many bylines a story has, and ``read_listing`` readies the stories it
returned for their teasers.
"""

from django.db.models import OuterRef
from django.utils import timezone

from authors.models import Author
from media.models import renditions_prefetch
from newsroom.rows import JSONRows, rows

from .models import Article, Byline, Status

# The shape a teaser shows its story's picture in.
TEASER_RATIOS = ("3x2",)


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


def for_listing(queryset, ratios=TEASER_RATIOS):
    """
    What a list of story teasers needs, fetched in a fixed number of queries (not the body); pass the
    stories to ``read_listing`` before they are shown.

    The names on each byline come in the stories' own query (``byline_rows``). The heroes' renditions
    are read at ``ratios`` only (the shapes the list shows them in); pass ``()`` for a list without
    pictures.
    """
    # A teaser never shows the body: it is the widest column by far.
    queryset = queryset.select_related("section", "hero_image").defer("body").annotate(byline_rows=byline_names())
    if not ratios:
        return queryset
    return queryset.prefetch_related(renditions_prefetch("hero_image", ratios))


def read_listing(stories):
    """
    Ready stories from ``for_listing`` for their teasers: each gets its ``byline_list``, the bylines in
    order with their authors' names and addresses (no other field of the author is read). Returns them.
    """
    for story in stories:
        bylines = [
            Byline(
                id=row["id"],
                article_id=story.pk,
                order=row["order"],
                author=Author(id=row["author_id"], name=row["name"], slug=row["slug"]),
            )
            for row in rows(story.byline_rows)
        ]
        story.byline_list = sorted(bylines, key=lambda byline: (byline.order, byline.pk))
    return stories


def latest_articles(now=None, ratios=TEASER_RATIOS):
    """Live stories, newest first, ready for a listing (``read_listing``)."""
    return for_listing(published_articles(now), ratios).order_by("-published_at", "-id")
