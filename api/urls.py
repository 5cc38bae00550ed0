"""The content API's addresses, under /api/v1/, and the query parameters its endpoints read."""

from django.http import JsonResponse
from django.urls import path, re_path

from .endpoints import api

PREFIX = "/api/"
# Each parameter an endpoint reads, and the one spelling the page cache keys it by.
PARAMETERS = dict.fromkeys(
    ("section", "tag", "author", "published_after", "published_before", "updated_since", "cursor", "limit", "format"),
    str,
)


def not_found(request, address):
    """Any other address under /api/: a 404 in the API's own words, not the reader's 404 page."""
    return JsonResponse({"detail": "No such address in the content API."}, status=404)


urlpatterns = [path("v1/", api.urls), re_path(r"^(?P<address>.*)$", not_found)]
