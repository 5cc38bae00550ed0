"""Site-wide views that belong to no app: robots.txt and the error pages."""

from django.conf import settings
from django.http import HttpResponse, HttpResponseNotFound, HttpResponseServerError
from django.template import loader
from django.urls import reverse
from django.views.decorators.cache import cache_control
from django.views.decorators.http import require_GET


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
