"""
Sitemaps for search engines: stories, sections and authors, and a Google News sitemap.

Addresses are absolute on ``settings.SITE_URL`` whatever host the request came
in on; only live stories appear, and sections and authors carry the time of
their newest live story as ``lastmod``.
"""

import datetime
from urllib.parse import urlsplit

from django.conf import settings
from django.contrib.sitemaps import Sitemap
from django.db.models import Exists, Max, OuterRef, Subquery
from django.utils import timezone

from articles import selectors
from articles.models import Byline, Section
from authors.models import Author

NEWS_WINDOW = datetime.timedelta(hours=48)
NEWS_LIMIT = 1000  # Google News reads at most this many URLs per sitemap.


class PublicSitemap(Sitemap):
    """Absolute locations on the public origin, not on the request's host."""

    def get_protocol(self, protocol=None):
        return urlsplit(settings.SITE_URL).scheme or "https"

    def get_domain(self, site=None):
        return urlsplit(settings.SITE_URL).netloc


class ArticleSitemap(PublicSitemap):
    """Every live story, newest first."""

    # Well under the protocol's 50,000: every publication makes the pages anew on their next fetch, and
    # a page of 5,000 addresses is written in a fraction of a second.
    limit = 5_000

    def items(self):
        return (
            selectors.published_articles()
            .only("slug", "publication_date", "published_at", "updated_at")
            .order_by("-published_at", "-id")
        )

    def lastmod(self, article):
        return article.updated_at or article.published_at

    def get_latest_lastmod(self):
        """The last save of a live story: one step down the index on ``modified_at``, not a walk over every story."""
        return selectors.published_articles().order_by("-modified_at").values_list("modified_at", flat=True).first()


def _newest_story(**filters):
    """The publication time of the newest live story matching ``filters`` (for a subquery)."""
    return Subquery(
        selectors.published_articles()
        .filter(**filters)
        .order_by()
        .values(*filters)
        .annotate(newest=Max("published_at"))
        .values("newest")[:1]
    )


class SectionSitemap(PublicSitemap):
    """Every section, as fresh as its newest live story."""

    def items(self):
        return Section.objects.annotate(newest=_newest_story(section=OuterRef("pk"))).order_by("order", "name")

    def lastmod(self, section):
        return section.newest

    def get_latest_lastmod(self):
        """The newest live story in any section: one step down the date index, not a figure per section."""
        return (
            selectors.published_articles()
            .filter(section__isnull=False)
            .order_by("-published_at")
            .values_list("published_at", flat=True)
            .first()
        )


class AuthorSitemap(PublicSitemap):
    """Every active author's profile, as fresh as the newest story or the profile itself."""

    def items(self):
        newest = Subquery(selectors.published_by(OuterRef("pk")).values("published_at")[:1])
        return Author.objects.filter(is_active=True).annotate(newest=newest).order_by("order", "name", "pk")

    def lastmod(self, author):
        return max(moment for moment in (author.newest, author.modified_at) if moment)

    def get_latest_lastmod(self):
        """
        The newest of every profile's ``lastmod``, without working each one out: the newest live story
        with an active author on its byline, or the last profile edit if that is newer.
        """
        active = Author.objects.filter(is_active=True)
        newest_story = (
            selectors.published_articles()
            .filter(Exists(Byline.objects.filter(article=OuterRef("pk"), author__in=active)))
            .order_by("-published_at")
            .values_list("published_at", flat=True)
            .first()
        )
        last_edit = active.aggregate(last=Max("modified_at"))["last"]
        moments = [moment for moment in (newest_story, last_edit) if moment]
        return max(moments) if moments else None


class NewsSitemap(PublicSitemap):
    """Stories of the last 48 hours, in Google News format (see ``articles/news_sitemap.xml``)."""

    limit = NEWS_LIMIT

    def items(self):
        now = timezone.now()
        return (
            selectors.published_articles(now)
            .filter(published_at__gte=now - NEWS_WINDOW)
            .only("headline", "slug", "publication_date", "published_at", "updated_at")
            .order_by("-published_at", "-id")[:NEWS_LIMIT]
        )

    def lastmod(self, article):
        return article.updated_at or article.published_at


SITEMAPS = {"articles": ArticleSitemap, "sections": SectionSitemap, "authors": AuthorSitemap}
