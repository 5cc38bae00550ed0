"""The content API's addresses, under /api/v1/, and the query parameters its endpoints read."""

from django.urls import path

from .endpoints import api

PREFIX = "/api/"
# Each parameter an endpoint reads, and the one spelling the page cache keys it by.
PARAMETERS = dict.fromkeys(
    ("section", "tag", "author", "published_after", "published_before", "updated_since", "cursor", "limit", "format"),
    str,
)

urlpatterns = [path("v1/", api.urls)]
