"""
What every request to the content API goes through before the page cache: no cookie is honoured, a
partner's key is checked, the caller's rate limit is counted (cached answers count too) and ninjs
asked for in ``Accept`` becomes the ``?format=ninjs`` the page cache keys its copy by.
"""

from django.conf import settings
from django.http import JsonResponse
from django.utils.cache import patch_vary_headers

from newsroom.security import client_address

from . import keys, limits
from .ninjs import MEDIA_TYPE as NINJS_MEDIA_TYPE
from .urls import PREFIX

KEY_HEADER = "X-API-Key"


class ContentApiMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if not request.path.startswith(PREFIX):
            return self.get_response(request)
        # Nothing here depends on who is signed in: a session cookie is neither read nor a reason to
        # bypass the cache, and no request can act on a signed-in user's behalf.
        request.COOKIES = {}
        request.META.pop("HTTP_COOKIE", None)
        caller, known = _caller(request)
        allowance = limits.take(caller.identity, caller.requests_per_minute)
        if allowance.allowed and not known:
            response = JsonResponse({"detail": "This API key is not valid, or it was revoked."}, status=401)
            response["WWW-Authenticate"] = f'ApiKey header="{KEY_HEADER}"'
        elif allowance.allowed:
            _ninjs_from_accept(request)
            head = request.method == "HEAD"
            if head:
                # Answered as the GET it asks about, without the body (the API's views answer GET).
                request.method = "GET"
            response = self.get_response(request)
            if head and not response.streaming:
                length = len(response.content)
                response.content = b""
                response["Content-Length"] = str(length)
            patch_vary_headers(response, ["Accept"])
        else:
            detail = f"Too many requests: {allowance.limit} a minute. Try again in {allowance.reset} seconds."
            response = JsonResponse({"detail": detail}, status=429)
            response["Retry-After"] = str(allowance.reset)
        response["RateLimit-Limit"] = str(allowance.limit)
        response["RateLimit-Remaining"] = str(allowance.remaining)
        response["RateLimit-Reset"] = str(allowance.reset)
        if caller.key_id is not None:
            keys.note_use(caller.key_id)
        return response


def _caller(request):
    """
    ``(caller, known)``: the partner whose key the request carries, else the address asking; ``known`` is
    False for a key that is wrong or revoked, whose requests count against the address, so that guessing
    keys is as slow as the anonymous limit.
    """
    address = keys.Caller(f"address:{client_address(request)}", settings.API_ANONYMOUS_REQUESTS_PER_MINUTE)
    key = request.headers.get(KEY_HEADER)
    if key is None:
        return address, True
    found = keys.look_up(key.strip())
    if found is None:
        return address, False
    key_id, per_minute = found
    return keys.Caller(f"key:{key_id}", per_minute, key_id), True


def _ninjs_from_accept(request):
    if "format" in request.GET:
        return
    accepted = [part.split(";")[0].strip().lower() for part in request.headers.get("Accept", "").split(",")]
    if NINJS_MEDIA_TYPE in accepted:
        query = request.META.get("QUERY_STRING", "")
        request.META["QUERY_STRING"] = f"{query}&format=ninjs" if query else "format=ninjs"
        request.GET = request.GET.copy()
        request.GET["format"] = "ninjs"
