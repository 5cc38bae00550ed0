"""The error pages, and uploaded files served by the app: all of them on a laptop, a private bucket's originals."""

from django.conf import settings
from django.core.exceptions import SuspiciousOperation
from django.core.files.storage import default_storage
from django.http import FileResponse, Http404, HttpResponseNotFound, HttpResponseServerError
from django.template import loader
from django.urls import re_path


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
    """
    An uploaded file, read through the storage API wherever the storage keeps it: the folder under
    ``var/`` on a laptop, a private bucket's originals in production (``media.storage``).
    """
    if not path or path.endswith("/"):
        raise Http404("No such file.")
    try:
        stored = default_storage.open(path, "rb")
    except (FileNotFoundError, IsADirectoryError, SuspiciousOperation):
        raise Http404("No such file.") from None
    # The type follows the name, which the library gave after the content (media.models.original_upload_to).
    return FileResponse(stored)


def upload_patterns():
    prefix = settings.MEDIA_URL.lstrip("/")
    return [re_path(rf"^{prefix}(?P<path>.*)$", serve_upload, name="upload")]
