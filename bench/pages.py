"""
The pages the benchmark requests, by public address.

Each page type gets a list of addresses to request, a different story, author,
section, tag or search per request where the page has such a choice, drawn
from what readers can see. Addresses follow the public URL contract (README),
so the benchmark keeps measuring the pages as they change.
"""

import datetime
import random
from dataclasses import dataclass

from django.db.models import Exists, OuterRef
from django.urls import resolve
from django.utils import timezone

from articles.models import Article, Section, Status, Tag, article_url
from authors.models import Author
from public.sitemaps import story_months

from . import text

ADMIN_LIST = "/admin/articles/article/"
API = "/api/v1"
# The content API's list page the benchmark asks for: fifty stories.
API_LIST_SIZE = 50


@dataclass
class Page:
    name: str
    label: str
    urls: list
    staff: bool = False


def live_article_urls(count, rng):
    """Addresses of ``count`` live stories, chosen at random (repeating only if there are fewer)."""
    live = Article.objects.filter(status=Status.PUBLISHED, published_at__lte=timezone.now())
    ids = list(live.values_list("pk", flat=True))
    chosen = rng.sample(ids, k=min(count, len(ids)))
    addresses = {
        pk: article_url(day, slug)
        for pk, day, slug in live.filter(pk__in=chosen).values_list("pk", "publication_date", "slug")
    }
    return _cycle([addresses[pk] for pk in chosen], count)


def archive_urls():
    """The address of every live story, newest first: the load run's readers draw from them by rank."""
    live = Article.objects.filter(status=Status.PUBLISHED, published_at__lte=timezone.now())
    return [
        article_url(day, slug)
        for day, slug in live.order_by("-published_at", "-pk").values_list("publication_date", "slug").iterator()
    ]


def api_story_urls(count, rng):
    """The API addresses of ``count`` live stories, chosen at random (repeating only if there are fewer)."""
    live = Article.objects.filter(status=Status.PUBLISHED, published_at__lte=timezone.now())
    ids = list(live.values_list("pk", flat=True))
    return _cycle([f"{API}/stories/{pk}/" for pk in rng.sample(ids, k=min(count, len(ids)))], count)


def api_list_urls(count, rng):
    """
    ``count`` API list pages of ``API_LIST_SIZE`` stories: the first page, a section's, a tag's and an
    author's, each starting at the first page or at a cursor anywhere in the archive.
    """
    from api import cursors

    live = Article.objects.filter(status=Status.PUBLISHED, published_at__lte=timezone.now())
    places = list(live.values_list("pk", "published_at"))
    filters = [
        *("" for _ in range(4)),
        *(f"&section={slug}" for slug in Section.objects.values_list("slug", flat=True)),
        *(f"&tag={slug}" for slug in _picked(rng, tags_with_live_stories(), 20)),
        *(f"&author={slug}" for slug in _picked(rng, Author.objects.values_list("slug", flat=True), 20)),
    ]
    urls = []
    for _ in range(count):
        address = f"{API}/stories/?limit={API_LIST_SIZE}{rng.choice(filters)}"
        if rng.random() < 0.75:
            pk, published_at = rng.choice(places)
            address += f"&cursor={cursors.after_story(Article(pk=pk, published_at=published_at))}"
        urls.append(address)
    return urls


def tags_with_live_stories():
    """Slugs of the tags readers can see: a tag has a page only while a live story carries it."""
    live = Article.tags.through.objects.filter(
        tag=OuterRef("pk"), article__status=Status.PUBLISHED, article__published_at__lte=timezone.now()
    )
    return Tag.objects.filter(Exists(live)).values_list("slug", flat=True)


def stories_at(paths):
    """The primary keys of the stories at ``paths`` (story addresses), in no particular order."""
    wanted = set()
    for path in paths:
        match = resolve(path)
        date = datetime.date(int(match.kwargs["year"]), int(match.kwargs["month"]), int(match.kwargs["day"]))
        wanted.add((date, match.kwargs["slug"]))
    found = Article.objects.filter(slug__in={slug for _date, slug in wanted})
    return [pk for pk, date, slug in found.values_list("pk", "publication_date", "slug") if (date, slug) in wanted]


def _cycle(items, count):
    return [items[i % len(items)] for i in range(count)] if items else []


def _picked(rng, items, count):
    items = list(items)
    rng.shuffle(items)
    return _cycle(items, count)


def story_sitemaps():
    """The stories' sitemaps, newest month first (the index's order)."""
    return [month.get_absolute_url() for month in story_months()]


def a_past_months_sitemap():
    """A whole month's sitemap, no longer growing: the month before the newest (the newest if it is the only one)."""
    months = story_sitemaps()
    return months[1] if len(months) > 1 else months[0]


def public_pages(requests, seed=7):
    """Every public page type with ``requests`` addresses each, and the admin story list."""
    rng = random.Random(seed)
    authors = Author.objects.filter(is_active=True).values_list("slug", flat=True)
    sections = Section.objects.values_list("slug", flat=True)
    tags = tags_with_live_stories()
    queries = [rng.choice(text.SEARCH_TERMS) for _ in range(requests)]
    return [
        Page("home", "Home", ["/"] * requests),
        Page("article", "Article", live_article_urls(requests, rng)),
        Page("author", "Author profile", [f"/authors/{slug}/" for slug in _picked(rng, authors, requests)]),
        Page("section", "Section", [f"/sections/{slug}/" for slug in _picked(rng, sections, requests)]),
        Page("tag", "Tag", [f"/tags/{slug}/" for slug in _picked(rng, tags, requests)]),
        Page("search", "Search", [f"/search/?q={query.replace(' ', '+')}" for query in queries]),
        Page("rss", "RSS feed", ["/feed/"] * requests),
        Page("sitemap", "Sitemap", ["/sitemap.xml"] * requests),
        Page("story_sitemap", "Month's sitemap", [a_past_months_sitemap()] * requests),
        Page("news_sitemap", "News sitemap", ["/news-sitemap.xml"] * requests),
        Page("api_story", "API story", api_story_urls(requests, rng)),
        Page("api_list", "API list of 50", api_list_urls(requests, rng)),
        Page("admin_list", "Admin story list", [ADMIN_LIST] * requests, staff=True),
    ]


def other_public_pages(seed=13):
    """
    The public pages the timings leave out, one address each, for EXPLAIN only: later pages of the
    listings, the corrections log, the columnists, the other feeds and the other sitemaps.
    """
    rng = random.Random(seed)
    author = rng.choice(list(Author.objects.filter(is_active=True).values_list("slug", flat=True)))
    section = rng.choice(list(Section.objects.values_list("slug", flat=True)))
    tag = rng.choice(list(tags_with_live_stories()))
    addresses = {
        "section_page_3": f"/sections/{section}/?page=3",
        "tag_page_2": f"/tags/{tag}/?page=2",
        "author_page_2": f"/authors/{author}/?page=2",
        "search_page_2": f"/search/?q={rng.choice(text.SEARCH_TERMS).replace(' ', '+')}&page=2",
        "corrections": "/corrections/",
        "columnists": "/authors/",
        "atom_feed": "/feed/atom/",
        "section_feed": f"/sections/{section}/feed/",
        "author_feed": f"/authors/{author}/feed/",
        "newest_month_sitemap": story_sitemaps()[0],
        "oldest_month_sitemap": story_sitemaps()[-1],
        "section_sitemap": "/sitemap-sections.xml",
        "author_sitemap": "/sitemap-authors.xml",
    }
    return [Page(name, name.replace("_", " ").capitalize(), [url]) for name, url in addresses.items()]


def address_pools(articles=5_000, fresh=2_000, others=200, seed=11):
    """
    Addresses for HTTP load: many distinct live stories at random (``articles``, whose page parts the
    run keeps first, as publishing does, and ``fresh_articles``, drawn anew), as many in the content API
    (``api_stories`` kept, ``fresh_api_stories`` drawn anew) and its list pages, every live story newest
    first (the archive), and authors, sections, tags and searches.
    """
    rng = random.Random(seed)
    stories = live_article_urls(articles + fresh, rng)
    api_stories = api_story_urls(articles + fresh, rng)
    return {
        "articles": stories[:articles],
        "fresh_articles": stories[articles:],
        "api_stories": api_stories[:articles],
        "fresh_api_stories": api_stories[articles:],
        "api_lists": api_list_urls(others, rng),
        "archive": archive_urls(),
        "authors": [
            f"/authors/{slug}/" for slug in _picked(rng, Author.objects.values_list("slug", flat=True), others)
        ],
        "sections": [f"/sections/{slug}/" for slug in Section.objects.values_list("slug", flat=True)],
        "tags": [f"/tags/{slug}/" for slug in _picked(rng, tags_with_live_stories(), others)],
        "searches": [f"/search/?q={term.replace(' ', '+')}" for term in text.SEARCH_TERMS],
    }
