"""The error pages, and uploads served by the app on a laptop."""

from django.conf import settings
from django.http import HttpResponseNotFound, HttpResponseServerError
from django.template import loader
from django.urls import re_path
from django.views.static import serve


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
