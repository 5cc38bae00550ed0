"""
The public page cache, and the HTTP caching headers a CDN in front relies on.

Anonymous GET requests for public pages are answered from the cache. Each page is stored with the
keys of what it shows (``pagecache.dependencies``) and the content version read before it was made;
it is served while none of its keys changed since (``pagecache.state``), in every process and
whatever the cache backend. So publishing a story makes the home page, its section's, tags' and
authors' pages and the feeds fresh at once, while a story page elsewhere in the archive stays cached.
A scheduled story or correction is released at its second by the first request after it.

Nothing in a response tells when the next story is due: every public page carries the same
lifetimes, and the key is made only from the query parameters the public views read, so other
parameters (``?utm_source=…``) share the page's copy instead of filling the cache with new ones.
"""

import datetime
import hashlib
import re

from django.conf import settings
from django.core.cache import caches
from django.http import HttpResponse, QueryDict
from django.utils import timezone
from django.utils.cache import get_conditional_response, get_max_age, patch_cache_control, patch_vary_headers
from django.utils.http import http_date

from . import dependencies
from .state import ledger

# The health checks answer for the process itself: never from the cache, and a probe costs no query.
BYPASS_PREFIXES = ("/admin/", "/preview/", "/static/", "/uploads/", "/healthz", "/readyz")
# Pages made from free text that any visitor chooses: answered fresh, never stored, so nobody can
# push the newsroom's pages out of the cache by asking for endless variations.
UNSTORED_PREFIXES = ("/search/",)


def _page_number(value):
    """``?page=007`` and ``?page=7`` are one page."""
    return (value.lstrip("0") or "0") if value.isdigit() else value


# Readers polling a live story ask for what changed since a moment, in whole seconds: the moment is
# rounded down to the bucket it falls in, so readers share a few answers however many poll.
POLL_BUCKET_SECONDS = 5


def since_bucket(value):
    """``?since=1717245603`` is asked as ``?since=1717245600``, the start of its bucket."""
    if not (value.isascii() and value.isdigit() and len(value) <= 12):
        return value
    return str(int(value) // POLL_BUCKET_SECONDS * POLL_BUCKET_SECONDS)


# The query parameters public views read, each with the spelling it is keyed by. Readers' requests
# reach the views with these alone, so a page never depends on a parameter its key ignores. (``since``
# and ``from``: a live story's poll, and its older updates.)
PUBLIC_PARAMETERS = {"page": _page_number, "q": str, "since": since_bucket, "from": _page_number}
# Parameters only some addresses read, and the addresses that do: elsewhere they are dropped, so that
# ``/?since=…`` is the home page's one copy rather than a new one for every value anyone sends.
READ_ONLY_AT = {
    "since": re.compile(r"^/\d{4}/\d{2}/\d{2}/[-\w]+/updates\.json$"),
    "from": re.compile(r"^/\d{4}/\d{2}/\d{2}/[-\w]+/$"),
}
# What pages vary by besides their address.
PUBLIC_VARY = ("Cookie", "Accept-Encoding")
# Parts of the site that read parameters of their own, and vary by other headers: address prefix ->
# (parameters, vary), as ``keep_parameters`` registered them.
_OWN_PARAMETERS = {}


def keep_parameters(prefix, parameters, vary=("Accept-Encoding",)):
    """
    Key pages under ``prefix`` by ``parameters`` (name -> the function that spells a value one way)
    rather than the pages' own, and mark them as varying by ``vary``: the content API's filters and
    cursors, whose answers depend on no cookie.
    """
    _OWN_PARAMETERS[prefix] = (dict(parameters), tuple(vary))


def _parameters_and_vary(path):
    for prefix, own in _OWN_PARAMETERS.items():
        if path.startswith(prefix):
            return own
    return PUBLIC_PARAMETERS, PUBLIC_VARY


KEPT_HEADERS = (
    "Content-Type",
    "Content-Language",
    "Link",
    "Content-Security-Policy",
    "Permissions-Policy",
    "Surrogate-Key",
    "Cache-Tag",
    "Cache-Control",
    "Vary",
)


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
        version = ledger.current(now)
        # The page's navigation and other per-version reads share this version (context processors).
        request.content_version = version
        keep_public_parameters(request)
        key = self._key(request)
        stored = version is not None and not request.path.startswith(UNSTORED_PREFIXES)

        cached = cache.get(key) if stored else None
        if cached is not None and ledger.is_current(cached["version"], cached["made_at"], cached["keys"]):
            response = self._rebuild(cached)
            response["X-Page-Cache"] = "hit"
        else:
            with dependencies.recording() as shown:
                response = self.get_response(request)
            if not self._storable(response):
                return response
            self._mark_public(response, _parameters_and_vary(request.path)[1])
            shown = sorted(shown) or [dependencies.EVERYTHING]
            # The same keys for every CDN: Fastly and Varnish read them space-separated, Cloudflare by commas.
            response["Surrogate-Key"] = " ".join(shown)
            response["Cache-Tag"] = ",".join(shown)
            response["ETag"] = f'"{hashlib.sha256(response.content).hexdigest()[:32]}"'
            response["Last-Modified"] = http_date(now.timestamp())
            if stored:
                page = {**self._snapshot(response), "version": version, "made_at": now.timestamp(), "keys": shown}
                cache.set(key, page, settings.PAGE_CACHE_SECONDS)
                response["X-Page-Cache"] = "miss"

        max_age = get_max_age(response)
        expires = timezone.now() + datetime.timedelta(
            seconds=settings.PAGE_CACHE_MAX_AGE if max_age is None else max_age
        )
        response["Expires"] = http_date(expires.timestamp())
        conditional = get_conditional_response(request, etag=response["ETag"], response=response)
        return conditional

    # ------------------------------------------------------------------------------

    @staticmethod
    def _key(request):
        # The local day too: pictures whose usage rights end drop off pages at midnight.
        raw = "|".join([request.get_host(), request.get_full_path(), str(timezone.localdate())])
        return f"pagecache:page:{hashlib.sha256(raw.encode()).hexdigest()}"

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
        response = HttpResponse(snapshot["content"])
        for name, value in snapshot["headers"].items():
            response[name] = value
        return response

    @staticmethod
    def _mark_public(response, vary):
        # The same lifetimes on every public page, whatever is scheduled: a shorter one would tell
        # anyone that an embargoed story is due, and when. A CDN may so show a newly due story up
        # to max-age (plus stale-while-revalidate) late; this server never does. Stored with the
        # page, so a hit adds only its Expires. A page given a lifetime of its own (``own_lifetime``)
        # keeps it.
        own = getattr(response, "own_max_age", None)
        if own is not None:
            patch_cache_control(response, public=True, max_age=own)
        else:
            patch_cache_control(
                response,
                public=True,
                max_age=settings.PAGE_CACHE_MAX_AGE,
                stale_while_revalidate=settings.PAGE_CACHE_STALE_SECONDS,
            )
        patch_vary_headers(response, vary)


def own_lifetime(response, seconds):
    """
    Mark ``response`` to be kept ``seconds`` by HTTP caches instead of the site's lifetimes: the same for
    every page of its kind whatever is scheduled (a live story's poll, a few seconds; its older updates,
    longer). Returns the response.
    """
    response.own_max_age = seconds
    return response


def keep_public_parameters(request):
    """Leave a reader's request with only the query parameters public views read, in one spelling."""
    kept = QueryDict(mutable=True)
    parameters, _vary = _parameters_and_vary(request.path)
    for name, canonical in parameters.items():
        value = request.GET.get(name)
        where = READ_ONLY_AT.get(name)
        if value is not None and (where is None or where.match(request.path)):
            kept[name] = canonical(value)
    request.GET = kept
    request.META["QUERY_STRING"] = kept.urlencode()
