"""
Sitemaps for search engines: the stories a month at a time, sections and authors, and a Google News
sitemap.

Addresses are absolute on ``settings.SITE_URL`` whatever host the request came in on; only live
stories appear, and sections and authors carry the time of their newest live story as ``lastmod``.

The stories' sitemaps are one per month of publication (``/sitemap-articles-2024-05.xml``), so the
index never counts the archive: ``story_months`` finds the months that have live stories and each
month's newest change one index step at a time, as many steps as there are months. A story stays
in its month's sitemap for good, and a month's ``lastmod`` moves only when one of its stories does,
so a search engine fetches again the few months that changed.
"""

import datetime
from dataclasses import dataclass
from urllib.parse import urlsplit

from django.conf import settings
from django.contrib.sitemaps import Sitemap
from django.db import connection, connections, router
from django.db.models import Exists, Max, OuterRef, Subquery
from django.urls import reverse
from django.utils import timezone
from django.utils.html import escape

from articles import selectors
from articles.models import Article, Byline, Section, Status, article_url
from authors.models import Author

from .presentation import local_iso

NEWS_WINDOW = datetime.timedelta(hours=48)
NEWS_LIMIT = 1000  # Google News reads at most this many URLs per sitemap.
# The protocol's most addresses in one sitemap. A month reaches it at 1,600 stories a day; a newsroom
# publishing more would want a sitemap a week.
STORIES_PER_SITEMAP = 50_000


@dataclass(frozen=True)
class StoryMonth:
    """A month that has live stories: its first day, and the newest time one of them was published or updated."""

    month: datetime.date
    lastmod: datetime.datetime

    def get_absolute_url(self):
        return reverse("story-sitemap", kwargs={"year": f"{self.month:%Y}", "month": f"{self.month:%m}"})


def story_months(now=None):
    """
    Every month with a live story at ``now``, newest first, as ``StoryMonth``; one query.

    The newest live story's month, then each month before it (the greatest month below the last
    one found), then each month's newest publication and update: each a single step down an index
    on the month (``article_month_idx``, and ``article_month_updated_idx`` over the updated few),
    so the query reads about three index entries a month, never a story of the archive besides.
    Months strictly before the newest live story's are wholly in the past: only that month can hold
    a story still to come, which its newest-publication step passes over by the index's order.
    """
    now = now or timezone.now()
    quote = connection.ops.quote_name
    table = quote(Article._meta.db_table)
    status, published, updated, month = (
        quote(Article._meta.get_field(name).column)
        for name in ("status", "published_at", "updated_at", "publication_month")
    )
    live = f"{status} = %s AND {published} <= %s"
    sql = f"""
        WITH RECURSIVE months (month) AS (
            SELECT (SELECT {month} FROM {table} WHERE {live} ORDER BY {published} DESC LIMIT 1)
            UNION ALL
            SELECT (SELECT MAX({month}) FROM {table} WHERE {status} = %s AND {month} < months.month)
            FROM months WHERE months.month IS NOT NULL
        )
        SELECT month,
            (SELECT MAX({published}) FROM {table} WHERE {live} AND {month} = months.month),
            (SELECT MAX({updated}) FROM {table} WHERE {live} AND {month} = months.month AND {updated} IS NOT NULL)
        FROM months WHERE month IS NOT NULL ORDER BY month DESC
    """  # noqa: S608 (names from the model, values as parameters)
    params = [Status.PUBLISHED, now, Status.PUBLISHED, *[Status.PUBLISHED, now] * 2]
    with connections[router.db_for_read(Article)].cursor() as cursor:
        cursor.execute(sql, params)
        rows = cursor.fetchall()
    return [
        StoryMonth(_date(month), max(_moment(moment) for moment in (newest, last_update) if moment is not None))
        for month, newest, last_update in rows
    ]


# SQLite hands a raw query's dates and times back as text, its times in UTC: read as the ORM would.
def _date(value):
    return Article._meta.get_field("publication_date").to_python(value)


def _moment(value):
    moment = Article._meta.get_field("published_at").to_python(value)
    return timezone.make_aware(moment, datetime.UTC) if timezone.is_naive(moment) else moment


def month_of_stories(month, now=None):
    """
    The live stories published in ``month``, newest first, as sitemap entries ``(address, lastmod)``
    (at most ``STORIES_PER_SITEMAP``); empty for a month without any.
    """
    rows = (
        selectors.published_articles(now)
        .filter(publication_month=month)
        .order_by("-published_at", "-id")
        .values_list("publication_date", "slug", "published_at", "updated_at")[:STORIES_PER_SITEMAP]
    )
    return [(article_url(day, slug), updated or published) for day, slug, published, updated in rows]


def absolute_address(path):
    """A path of the site on the public origin, as sitemaps give it."""
    return settings.SITE_URL + path


def urlset_xml(entries):
    """
    A sitemap (``<urlset>``) of ``(path, lastmod)`` entries, as text: written here rather than by a
    template, at a few microseconds an address, for a month's sitemap may hold thousands.
    """
    origin = escape(settings.SITE_URL)
    urls = "".join(
        f"<url><loc>{origin}{escape(path)}</loc><lastmod>{local_iso(lastmod)}</lastmod></url>\n"
        for path, lastmod in entries
    )
    return (
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">\n'
        f"{urls}</urlset>\n"
    )


class PublicSitemap(Sitemap):
    """Absolute locations on the public origin, not on the request's host."""

    def get_protocol(self, protocol=None):
        return urlsplit(settings.SITE_URL).scheme or "https"

    def get_domain(self, site=None):
        return urlsplit(settings.SITE_URL).netloc


def _newest_story(**filters):
    """The publication time of the newest live story matching ``filters`` (for a subquery): one index step."""
    return Subquery(
        selectors.published_articles().filter(**filters).order_by("-published_at").values("published_at")[:1]
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


SITEMAPS = {"sections": SectionSitemap, "authors": AuthorSitemap}
