"""
The rule "readers see only what is published and due", written once.

Every public page, feed, sitemap and search starts from ``published_articles``;
``for_listing`` adds what a list of teasers shows in a fixed number of queries,
however many bylines a story has.
"""

from django.db.models import Prefetch
from django.utils import timezone

from media.models import renditions_prefetch

from .models import Article, Byline, Status

# The shape a teaser shows its story's picture in.
TEASER_RATIOS = ("3x2",)


def published_articles(now=None):
    """Stories a reader may see at ``now``: published, and their time has come."""
    now = now or timezone.now()
    return Article.objects.filter(status=Status.PUBLISHED, published_at__lte=now)


def bylines_prefetch():
    """Bylines in order with their authors, as the story's ``byline_list`` (what a teaser shows)."""
    queryset = Byline.objects.select_related("author", "author__headshot").order_by("order", "id")
    return Prefetch("bylines", queryset=queryset, to_attr="byline_list")


def for_listing(queryset, ratios=TEASER_RATIOS):
    """
    What a list of story teasers needs, fetched in a fixed number of queries (not the body).

    The heroes' renditions are read at ``ratios`` only (the shapes the list
    shows them in); pass ``()`` for a list without pictures.
    """
    # A teaser never shows the body: it is the widest column by far.
    queryset = queryset.select_related("section", "hero_image").defer("body").prefetch_related(bylines_prefetch())
    if not ratios:
        return queryset
    return queryset.prefetch_related(renditions_prefetch("hero_image", ratios))


def latest_articles(now=None, ratios=TEASER_RATIOS):
    """Live stories, newest first, ready for a listing."""
    return for_listing(published_articles(now), ratios).order_by("-published_at", "-id")


def published_by(author, now=None):
    """
    Live stories with ``author`` (an author, or a reference to one in an outer query) on the byline,
    newest first.

    Read in the order of the author's bylines by their copy of the publication time: a walk down the
    byline index that stops at the page's end, whether the author wrote ten stories last week or
    thousands over twenty years (walking the site's date index in search of theirs would read every
    story since the author's last one). Which stories are live is still ``published_articles``' to say.
    """
    now = now or timezone.now()
    return (
        published_articles(now)
        .filter(bylines__author=author, bylines__published_at__lte=now)
        .order_by("-bylines__published_at", "-bylines__article_id")
    )


def published_under(tag, now=None):
    """
    Live stories carrying ``tag``, newest first: read down the tag's listings by their copy of the
    publication time (``TagListing``), a walk that stops at the page's end however rare the tag.
    """
    now = now or timezone.now()
    return (
        published_articles(now)
        .filter(tag_listings__tag=tag, tag_listings__published_at__lte=now)
        .order_by("-tag_listings__published_at", "-tag_listings__article_id")
    )
