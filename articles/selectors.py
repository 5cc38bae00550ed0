"""
Reads the public site repeats.

The rule "readers see only what is published and due" is written here once;
every public page, feed, sitemap and search goes through ``published_articles``.
"""

from django.db.models import Prefetch
from django.utils import timezone

from .models import Article, Byline, SlugRedirect, Status


def published_articles(now=None):
    """Stories a reader may see at ``now``: published, and their time has come."""
    now = now or timezone.now()
    return Article.objects.filter(status=Status.PUBLISHED, published_at__lte=now)


def bylines_prefetch():
    return Prefetch("bylines", queryset=Byline.objects.select_related("author").order_by("order", "id"))


def for_listing(queryset):
    """What a list of story teasers needs, fetched in a fixed number of queries."""
    return queryset.select_related("section", "hero_image").prefetch_related(bylines_prefetch())


def latest_articles(now=None):
    return for_listing(published_articles(now)).order_by("-published_at", "-id")


def article_for_page(date, slug, now=None):
    """The live story at a public address (its day and slug), or None."""
    queryset = for_listing(published_articles(now)).prefetch_related("tags", "corrections")
    return queryset.filter(publication_date=date, slug=slug).first()


def redirect_for_old_address(date, slug, now=None):
    """The live story that once had this address, for a 301, or None."""
    old = SlugRedirect.objects.filter(publication_date=date, slug=slug).values_list("article_id", flat=True)
    return published_articles(now).filter(pk__in=old).only("slug", "publication_date").first()
