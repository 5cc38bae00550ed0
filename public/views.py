"""The reader's pages: home, story, section, tag, search, corrections, columnists, robots.txt and the sitemap index."""

import datetime

from django.conf import settings
from django.contrib.sitemaps.views import SitemapIndexItem, x_robots_tag
from django.http import Http404, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.cache import patch_cache_control
from django.utils.http import http_date
from django.views.decorators.cache import cache_control
from django.views.decorators.http import require_GET

from articles import selectors, sharing
from articles.models import Section, Tag
from newsroom.pagination import Paginator, page_or_404
from pagecache import dependencies
from pagecache.middleware import own_lifetime, since_bucket
from pagecache.navigation import current_sections

from . import live, pages, parts, search, shown, teasers
from .sitemaps import SITEMAPS, absolute_address, month_of_stories, story_months, urlset_xml

LATEST_ON_HOME = 6
STORIES_PER_SECTION_BLOCK = 3
PER_PAGE = 20
CORRECTIONS_PER_PAGE = 50
# How long HTTP caches (a CDN) keep a live story's poll, and its older pages of updates.
POLL_MAX_AGE = 5
OLDER_UPDATES_MAX_AGE = 60 * 60


def listing_page(request, queryset, per_page=PER_PAGE):
    """
    The page of a story listing that ``?page=`` asks for, its stories ready for their teasers (kept
    ones as stand-ins, ``public.teasers``), never counting the archive: it says "Page 3", newer and
    older, and reads the same few rows on page 1 of a new site and of the archive.
    """
    version = getattr(request, "content_version", None)
    stories = Paginator(queryset, per_page, counted=False, read=lambda ids: teasers.stories_for(ids, version=version))
    return page_or_404(stories, request.GET.get("page"))


def home(request):
    """The front page: the lead story, the latest stories and a block per section."""
    sections = current_sections(request)
    version = getattr(request, "content_version", None)
    front = pages.front_page(sections, LATEST_ON_HOME, STORIES_PER_SECTION_BLOCK, version=version)
    dependencies.record(dependencies.LATEST)
    on_top = [front.lead, *front.latest] if front.lead else front.latest
    shown.teasers([*on_top, *(story for _section, stories in front.section_fronts for story in stories)])
    return render(
        request,
        "articles/home.html",
        {"lead": front.lead, "latest": front.latest, "section_fronts": front.section_fronts, "nav_sections": sections},
    )


def _day(year, month, day):
    try:
        return datetime.date(int(year), int(month), int(day))
    except ValueError:
        raise Http404("No such day") from None


def _whole_number(value):
    """A whole number a query parameter gives (``?from=12``), or None."""
    return int(value) if value and value.isascii() and value.isdigit() and len(value) <= 18 else None


def article_detail(request, year, month, day, slug):
    """
    A story at /<yyyy>/<mm>/<dd>/<slug>/; old addresses answer 301. A story covered live shows its
    updates too, the newest ones, or from one of them on (``?from=<update>``, an older page).
    """
    date = _day(year, month, day)
    article = parts.article_for_page(date, slug)
    if article is None:
        moved = pages.redirect_for_old_address(date, slug)
        if moved is None:
            raise Http404("No such story")
        return redirect(moved.get_absolute_url(), permanent=True)
    starts_from = request.GET.get("from")
    if starts_from is not None and (article.coverage is None or _whole_number(starts_from) is None):
        raise Http404("No such update")
    context = parts.live_page(article, getattr(request, "content_version", None))
    if context is None:
        raise Http404("No such story")
    if article.coverage is not None:
        context |= live.page_context(article, _whole_number(starts_from))
        if context["live"] is None:
            raise Http404("No such update")
    shown.story(article, context["related"])
    response = render(request, "articles/article_detail.html", context)
    if starts_from is not None:
        # An older page of updates shows the same updates however many come after: kept longer.
        own_lifetime(response, OLDER_UPDATES_MAX_AGE)
    return response


def live_updates(request, year, month, day, slug):
    """
    What changed in a live story's coverage since a moment (``?since=``, whole seconds, rounded down to
    the page cache's bucket), as JSON for its open pages: each update changed since then, drawn, or
    marked deleted; where to ask from next; whether the coverage goes on. Readers polling from the same
    bucket share one stored answer, which HTTP caches keep a few seconds.
    """
    since = _whole_number(since_bucket(request.GET.get("since") or ""))
    article = parts.article_for_page(_day(year, month, day), slug)
    if article is None or article.coverage is None or since is None:
        raise Http404("No such live story")
    changed = live.changed_since(article, live.since_moment(since))
    answer = {
        "since": max(since, int(since_bucket(str(live.cursor(article.coverage))))),
        "open": article.coverage.is_open,
        "updates": [live.update_item(entry, article) for entry in changed],
    }
    return own_lifetime(JsonResponse(answer), POLL_MAX_AGE)


def section_detail(request, slug):
    """A section's stories, newest first, paginated."""
    section = get_object_or_404(Section, slug=slug)
    page = listing_page(request, selectors.latest_articles().filter(section=section))
    dependencies.record(dependencies.section_stories(section.pk))
    shown.teasers(page.object_list)
    return render(request, "articles/section_detail.html", {"section": section, "page": page})


def tag_detail(request, slug):
    """
    A tag's stories, newest first, paginated.

    Anyone writing may make a tag; it gets a page only once an editor publishes a story carrying it,
    so a tag without a live story is a 404 (its first page's rows tell, at no extra query).
    """
    tag = get_object_or_404(Tag, slug=slug)
    page = listing_page(request, selectors.for_listing(selectors.published_under(tag)))
    if not page.object_list:
        raise Http404("No such tag")
    dependencies.record(dependencies.tag(tag.pk), dependencies.tag_stories(tag.pk))
    shown.teasers(page.object_list)
    return render(request, "articles/tag_detail.html", {"tag": tag, "page": page})


def search_results(request):
    """Ranked search; an empty or unusable query shows the form, never an error."""
    query = search.clean_query(request.GET.get("q"))
    page, more = None, False
    if search.query_terms(query):
        # Search results know their number: "Page 2 of 3".
        page = page_or_404(Paginator(search.search_articles(query), PER_PAGE), request.GET.get("page"))
        # The results show no pictures.
        version = getattr(request, "content_version", None)
        stories = teasers.stories_for(list(page.object_list), version=version, ratios=())
        page.object_list = search.with_snippets(stories, query)
        more = search.more_than_shown(page.paginator.count)
    return render(request, "articles/search.html", {"query": query, "page": page, "more_than_shown": more})


def corrections(request):
    """Every correction, clarification and update on a live story, newest first."""
    page = page_or_404(Paginator(pages.corrections_log(), CORRECTIONS_PER_PAGE, counted=False), request.GET.get("page"))
    dependencies.record(dependencies.CORRECTIONS, *(dependencies.story(item.article_id) for item in page.object_list))
    return render(request, "articles/corrections.html", {"page": page})


def shared_preview(request, token):
    """An unpublished story opened through an editor's share link: never cached, never indexed."""
    link = sharing.usable_link(token)
    if link is None:
        raise Http404("This share link has expired or was revoked.")
    article = pages.article_for_preview(link.article_id)
    if article.is_live:
        return redirect(article.get_absolute_url())
    sharing.record_visit(link, request)
    response = render(
        request, "articles/article_detail.html", {**parts.story_page(article, preview=True), "noindex": True}
    )
    response["X-Robots-Tag"] = "noindex, nofollow"
    patch_cache_control(response, private=True, no_store=True)
    return response


def author_index(request):
    """Columnists first, in the desk's order, then the other active writers."""
    authors = list(pages.columnists())
    dependencies.record(dependencies.PEOPLE, *(dependencies.picture(author.headshot_id) for author in authors))
    return render(request, "authors/author_index.html", {"authors": authors})


def author_detail(request, slug):
    """A profile: headshot, title, biography, links and the author's live stories, newest first."""
    author = pages.author_for_page(slug)
    if author is None:
        raise Http404("No such author")
    page = listing_page(request, pages.articles_by_author(author))
    shown.person(author)
    shown.teasers(page.object_list)
    return render(request, "authors/author_detail.html", {"author": author, "page": page})


@require_GET
@cache_control(max_age=60 * 60 * 24, public=True)
def robots_txt(request):
    """Keep crawlers out of the newsroom backend and point them at both sitemaps."""
    lines = [
        "User-agent: *",
        f"Disallow: {reverse('admin:index')}",
        "",
        f"Sitemap: {settings.SITE_URL}{reverse('sitemap')}",
        f"Sitemap: {settings.SITE_URL}{reverse('news-sitemap')}",
    ]
    return HttpResponse("\n".join(lines) + "\n", content_type="text/plain; charset=utf-8")


@x_robots_tag
def sitemap_index(request):
    """
    ``/sitemap.xml``: a sitemap of stories for every month that has live stories (``story_months``,
    one query however big the archive), then the section and author sitemaps, each entry with its
    ``lastmod``; every address on ``settings.SITE_URL``, whatever host the request used.
    """
    entries = [SitemapIndexItem(absolute_address(month.get_absolute_url()), month.lastmod) for month in story_months()]
    for section, sitemap in SITEMAPS.items():
        sitemap = sitemap()
        location = absolute_address(reverse("sitemap-section", kwargs={"section": section}))
        lastmod = sitemap.get_latest_lastmod()
        entries.append(SitemapIndexItem(location, lastmod))
        entries += [SitemapIndexItem(f"{location}?p={page}", lastmod) for page in sitemap.paginator.page_range[1:]]
    # Which months have stories and when each last changed; the sections' and people's sitemaps.
    dependencies.record(dependencies.STORIES, dependencies.SECTIONS, dependencies.PEOPLE)
    response = TemplateResponse(request, "articles/sitemap_index.xml", {"sitemaps": entries}, "application/xml")
    moments = [entry.last_mod for entry in entries]
    if moments and all(moments):
        response["Last-Modified"] = http_date(max(moments).timestamp())
    return response


@x_robots_tag
def story_sitemap(request, year, month):
    """``/sitemap-articles-<yyyy>-<mm>.xml``: the live stories published that month (a 404 for a month without)."""
    try:
        first_day = datetime.date(int(year), int(month), 1)
    except ValueError:
        raise Http404("No such month") from None
    entries = month_of_stories(first_day)
    if not entries:
        raise Http404("No stories that month")
    dependencies.record(dependencies.STORIES)
    response = HttpResponse(urlset_xml(entries), content_type="application/xml")
    response["Last-Modified"] = http_date(max(lastmod for _path, lastmod in entries).timestamp())
    return response
