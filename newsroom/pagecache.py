"""
The public page cache, and the HTTP caching headers a CDN in front relies on.

Anonymous GET requests for public pages are answered from the cache. A cached page is keyed by the
content version (one row every worker reads), so any change that readers could see makes every
cached page stale at once, in every process and whatever the cache backend. A page never outlives
the next scheduled publication time either: its lifetime is cut to end at that second.
"""

import datetime
import hashlib

from django.conf import settings
from django.core.cache import caches
from django.db.models import Subquery
from django.utils import timezone
from django.utils.cache import get_conditional_response, patch_cache_control, patch_vary_headers
from django.utils.http import http_date

from articles.models import Article, PublicationState, Status

BYPASS_PREFIXES = ("/admin/", "/preview/", "/static/", "/uploads/")
KEPT_HEADERS = (
    "Content-Type",
    "Content-Language",
    "Link",
    "Content-Security-Policy",
    "Permissions-Policy",
)


def publication_state(now):
    """
    The content version, and the time of the next scheduled story after ``now`` (or None): one query.

    The next time comes from an index probe on (status, published_at), so it
    costs the same at a hundred stories or a million.
    """
    next_due = (
        Article.objects.filter(status=Status.PUBLISHED, published_at__gt=now)
        .order_by("published_at")
        .values("published_at")[:1]
    )
    state = (
        PublicationState.objects.filter(pk=1)
        .annotate(next_due=Subquery(next_due))
        .values_list("content_version", "next_due")
        .first()
    )
    if state is None:  # The row the migrations create is missing: nothing has been versioned yet.
        return 0, next_due.values_list("published_at", flat=True).first()
    return state


def is_cacheable_request(request):
    if request.method not in ("GET", "HEAD"):
        return False
    if request.path.startswith(BYPASS_PREFIXES):
        return False
    # A session cookie means a member of staff (readers have none): they always get fresh pages.
    return settings.SESSION_COOKIE_NAME not in request.COOKIES


class PageCacheMiddleware:
    """Serve anonymous public pages from the cache; mark every public response for HTTP caches."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if not settings.PAGE_CACHE_SECONDS or not is_cacheable_request(request):
            response = self.get_response(request)
            if request.path.startswith(("/admin/", "/preview/")) or settings.SESSION_COOKIE_NAME in request.COOKIES:
                patch_cache_control(response, private=True)
            return response

        cache = caches[settings.PAGE_CACHE_ALIAS]
        now = timezone.now()
        version, next_due = publication_state(now)
        # The page's navigation and other per-version reads share this version (context processors).
        request.content_version = version
        key = self._key(request, version)
        lifetime, due_soon = self._lifetime(next_due, now)

        cached = cache.get(key)
        if cached is not None:
            response = self._rebuild(cached)
            response["X-Page-Cache"] = "hit"
        else:
            response = self.get_response(request)
            if not self._storable(response):
                return response
            response["ETag"] = f'"{hashlib.sha256(response.content).hexdigest()[:32]}"'
            response["Last-Modified"] = http_date(now.timestamp())
            if lifetime > 0:
                cache.set(key, self._snapshot(response), lifetime)
            response["X-Page-Cache"] = "miss"

        self._mark_public(response, lifetime, due_soon)
        conditional = get_conditional_response(request, etag=response["ETag"], response=response)
        return conditional

    # ------------------------------------------------------------------------------

    @staticmethod
    def _key(request, version):
        raw = f"{request.get_host()}|{request.get_full_path()}"
        return f"pagecache:page:{version}:{hashlib.sha256(raw.encode()).hexdigest()}"

    @staticmethod
    def _lifetime(next_due, now):
        """How long a page may be kept, and whether a scheduled story cut that short."""
        lifetime = settings.PAGE_CACHE_SECONDS
        if next_due is not None:
            until_due = max(0, (next_due - now).total_seconds())
            if until_due < lifetime:
                return int(until_due), True
        return lifetime, False

    @staticmethod
    def _storable(response):
        if response.status_code != 200 or response.streaming or response.cookies:
            return False
        cache_control = response.get("Cache-Control", "")
        return not any(word in cache_control for word in ("private", "no-store", "no-cache"))

    @staticmethod
    def _snapshot(response):
        headers = {name: response[name] for name in (*KEPT_HEADERS, "ETag", "Last-Modified") if name in response}
        headers.update(
            {name: value for name, value in response.items() if name.startswith(("X-", "Referrer", "Cross"))}
        )
        headers.pop("X-Page-Cache", None)
        return {"content": response.content, "headers": headers}

    @staticmethod
    def _rebuild(snapshot):
        from django.http import HttpResponse

        response = HttpResponse(snapshot["content"])
        for name, value in snapshot["headers"].items():
            response[name] = value
        return response

    @staticmethod
    def _mark_public(response, lifetime, due_soon):
        max_age = min(settings.PAGE_CACHE_MAX_AGE, lifetime)
        directives = {"public": True, "max_age": max_age}
        if not due_soon:
            # A CDN may serve a stale copy while it refetches, except near a scheduled publication.
            directives["stale_while_revalidate"] = settings.PAGE_CACHE_STALE_SECONDS
        patch_cache_control(response, **directives)
        patch_vary_headers(response, ["Cookie", "Accept-Encoding"])
        response["Expires"] = http_date((timezone.now() + datetime.timedelta(seconds=max_age)).timestamp())
