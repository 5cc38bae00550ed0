"""Site-wide views that belong to no app: robots.txt, the sitemap index and the error pages."""

from django.conf import settings
from django.http import HttpResponse, HttpResponseNotFound, HttpResponseServerError
from django.shortcuts import render
from django.template import loader
from django.urls import re_path, reverse
from django.views.decorators.cache import cache_control
from django.views.decorators.http import require_GET
from django.views.static import serve

from articles.sitemaps import SITEMAPS


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


def sitemap_index(request):
    """
    ``/sitemap.xml``: an index of the story, section and author sitemaps, a page each 50,000 addresses.

    Locations are absolute on ``settings.SITE_URL``, whatever host the request used.
    """
    entries = []
    for name, sitemap_class in SITEMAPS.items():
        sitemap = sitemap_class()
        location = settings.SITE_URL + reverse("sitemap-section", kwargs={"section": name})
        lastmod = sitemap.get_latest_lastmod()
        for page in sitemap.paginator.page_range:
            entries.append({"location": location if page == 1 else f"{location}?p={page}", "lastmod": lastmod})
    return render(request, "articles/sitemap_index.xml", {"sitemaps": entries}, content_type="application/xml")


def page_not_found(request, exception):
    """The 404 page, in the site's layout."""
    return HttpResponseNotFound(loader.render_to_string("404.html", {"request_path": request.path}, request))


def server_error(request):
    """
    The 500 page, in the site's layout.

    Rendered without the request's context processors: the error may be the
    database itself, so this page must not query it.
    """
    context = {"site_name": settings.SITE_NAME, "site_tagline": settings.SITE_TAGLINE, "nav_sections": ()}
    return HttpResponseServerError(loader.get_template("500.html").render(context))


def serve_upload(request, path):
    """An uploaded file, as the storage has it (for laptops and tests; production uses storage or a CDN)."""
    return serve(request, path, document_root=settings.MEDIA_ROOT)


def upload_patterns():
    prefix = settings.MEDIA_URL.lstrip("/")
    return [re_path(rf"^{prefix}(?P<path>.*)$", serve_upload, name="upload")]
