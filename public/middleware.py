"""
Addresses from the site the newsroom moved from: a story's WordPress permalink answers 301 to where the
story lives now, while readers may see it (``articles.models.FormerAddress``).
"""

from django.http import HttpResponsePermanentRedirect

from articles.models import former_address

from . import pages

# The query parameters that name one post or page on a WordPress site whatever its permalinks: /?p=123.
ITEM_PARAMETERS = ("p", "page_id")


class FormerAddressMiddleware:
    """
    ``/?p=123`` is answered before the page cache and the views see it (they would show the home page);
    any other former address only when nothing else answered it (a 404), like Django's redirects app.

    It sits outside the page cache, which keeps only the query parameters public views read. A redirect
    and a 404 are never stored, so no cached page holds a former address.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.method not in ("GET", "HEAD"):
            return self.get_response(request)
        named = [(name, request.GET[name]) for name in ITEM_PARAMETERS if request.GET.get(name, "").isdigit()]
        if named:
            moved = self._moved(former_address(request.path, query) for query in named)
            if moved is not None:
                return moved
        response = self.get_response(request)
        if response.status_code != 404:
            return response
        paths = [request.path] if request.path.endswith("/") else [request.path, f"{request.path}/"]
        return self._moved(former_address(path) for path in paths) or response

    @staticmethod
    def _moved(addresses):
        addresses = [address for address in addresses if address]
        story = pages.story_at_former_address(addresses) if addresses else None
        return HttpResponsePermanentRedirect(story.get_absolute_url()) if story else None
