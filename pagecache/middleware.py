"""
The public page cache, and the HTTP caching headers a CDN in front relies on.

Anonymous GET requests for public pages are answered from the cache. A cached page is keyed by the
content version (one row every worker reads), so any change that readers could see makes every
cached page stale at once, in every process and whatever the cache backend. The key also holds the
time of the newest story and correction already due, so a page cached before a scheduled story's
second is never served after it.

Nothing in a response tells when the next story is due: every public page carries the same
lifetimes, and the key is made only from the query parameters the public views read, so other
parameters (``?utm_source=…``) share the page's copy instead of filling the cache with new ones.
"""

import datetime
import functools
import hashlib

from django.conf import settings
from django.core.cache import caches
from django.db import connection
from django.http import QueryDict
from django.utils import timezone
from django.utils.cache import get_conditional_response, patch_cache_control, patch_vary_headers
from django.utils.dateparse import parse_datetime
from django.utils.http import http_date

from articles.models import Article, Correction, Status
from articles.selectors import published_articles

from .models import PublicationState

BYPASS_PREFIXES = ("/admin/", "/preview/", "/static/", "/uploads/")
# Pages made from free text that any visitor chooses: answered fresh, never stored, so nobody can
# push the newsroom's pages out of the cache by asking for endless variations.
UNSTORED_PREFIXES = ("/search/",)


def _page_number(value):
    """``?page=007`` and ``?page=7`` are one page."""
    return (value.lstrip("0") or "0") if value.isdigit() else value


# The query parameters public views read, each with the spelling it is keyed by. Readers' requests
# reach the views with these alone, so a page never depends on a parameter its key ignores.
PUBLIC_PARAMETERS = {"page": _page_number, "q": str}
KEPT_HEADERS = (
    "Content-Type",
    "Content-Language",
    "Link",
    "Content-Security-Policy",
    "Permissions-Policy",
)


def publication_state(now):
    """
    The content version, and the times of the newest story and correction already due at ``now``.

    One query, read on every public request, cache hits included: so it is written once as SQL
    (``_state_sql``) rather than built by the ORM each time, which cost four times the query itself.
    Both times come from index probes (stories on (status, published_at), corrections on
    published_at), so they cost the same at a hundred stories or a million. When a scheduled story
    or correction falls due, its time becomes the newest, and every page's key changes that second.
    """
    with connection.cursor() as cursor:
        cursor.execute(_state_sql(), [Status.PUBLISHED, now, now])
        row = cursor.fetchone()
    if row is None:  # The row the migrations create is missing: nothing has been versioned yet.
        story_due = published_articles(now).order_by("-published_at").values_list("published_at", flat=True)
        correction_due = Correction.objects.filter(published_at__lte=now).order_by("-published_at")
        return 0, story_due.first(), correction_due.values_list("published_at", flat=True).first()
    version, story_due, correction_due = row
    return version, _moment(story_due), _moment(correction_due)


@functools.cache
def _state_sql():
    """The state as one row. Names come from the models (quoted); every value is a parameter."""
    quote = connection.ops.quote_name

    def column(model, name):
        return f"{quote(model._meta.db_table)}.{quote(model._meta.get_field(name).column)}"

    def newest(model, condition):
        moment, table = column(model, "published_at"), quote(model._meta.db_table)
        return f"(SELECT {moment} FROM {table} WHERE {condition} ORDER BY {moment} DESC LIMIT 1)"  # noqa: S608

    story = newest(Article, f"{column(Article, 'status')} = %s AND {column(Article, 'published_at')} <= %s")
    correction = newest(Correction, f"{column(Correction, 'published_at')} <= %s")
    state = quote(PublicationState._meta.db_table)
    version, key = column(PublicationState, "content_version"), column(PublicationState, "id")
    return f"SELECT {version}, {story}, {correction} FROM {state} WHERE {key} = 1"  # noqa: S608


def _moment(value):
    """A time from the raw row: PostgreSQL gives datetimes, SQLite their text in UTC."""
    if value is None or isinstance(value, datetime.datetime):
        return value
    moment = parse_datetime(value)
    return timezone.make_aware(moment, datetime.UTC) if timezone.is_naive(moment) else moment


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
        version, story_due, correction_due = publication_state(now)
        # The page's navigation and other per-version reads share this version (context processors).
        request.content_version = version
        keep_public_parameters(request)
        key = self._key(request, version, story_due, correction_due)
        stored = not request.path.startswith(UNSTORED_PREFIXES)

        cached = cache.get(key) if stored else None
        if cached is not None:
            response = self._rebuild(cached)
            response["X-Page-Cache"] = "hit"
        else:
            response = self.get_response(request)
            if not self._storable(response):
                return response
            response["ETag"] = f'"{hashlib.sha256(response.content).hexdigest()[:32]}"'
            response["Last-Modified"] = http_date(now.timestamp())
            if stored:
                cache.set(key, self._snapshot(response), settings.PAGE_CACHE_SECONDS)
                response["X-Page-Cache"] = "miss"

        self._mark_public(response)
        conditional = get_conditional_response(request, etag=response["ETag"], response=response)
        return conditional

    # ------------------------------------------------------------------------------

    @staticmethod
    def _key(request, version, story_due, correction_due):
        # The local day too: pictures whose usage rights end drop off pages at midnight.
        raw = "|".join(
            [
                request.get_host(),
                request.get_full_path(),
                str(timezone.localdate()),
                story_due.isoformat() if story_due else "",
                correction_due.isoformat() if correction_due else "",
            ]
        )
        return f"pagecache:page:{version}:{hashlib.sha256(raw.encode()).hexdigest()}"

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
    def _mark_public(response):
        # The same lifetimes on every public page, whatever is scheduled: a shorter one would tell
        # anyone that an embargoed story is due, and when. A CDN may so show a newly due story up
        # to max-age (plus stale-while-revalidate) late; this server never does.
        max_age = settings.PAGE_CACHE_MAX_AGE
        patch_cache_control(
            response, public=True, max_age=max_age, stale_while_revalidate=settings.PAGE_CACHE_STALE_SECONDS
        )
        patch_vary_headers(response, ["Cookie", "Accept-Encoding"])
        response["Expires"] = http_date((timezone.now() + datetime.timedelta(seconds=max_age)).timestamp())


def keep_public_parameters(request):
    """Leave a reader's request with only the query parameters public views read, in one spelling."""
    kept = QueryDict(mutable=True)
    for name, canonical in PUBLIC_PARAMETERS.items():
        value = request.GET.get(name)
        if value is not None:
            kept[name] = canonical(value)
    request.GET = kept
    request.META["QUERY_STRING"] = kept.urlencode()
