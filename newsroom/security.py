"""
Security headers on every response, the client's address behind proxies, and the lockout page.

Public pages get a strict Content-Security-Policy (no inline script at all: the JSON-LD data blocks
are not executed). The admin gets its own policy: the rich-text editor loads its modules through an
inline import map, allowed by its exact hash rather than by 'unsafe-inline'.
"""

import base64
import hashlib
import re
from functools import cache

from csp.middleware import CSPMiddleware, PolicyParts
from django.conf import settings
from ipware import get_client_ip

IMPORTMAP_RE = re.compile(r'<script type="importmap">(.*?)</script>', re.S)


@cache
def editor_importmap_hashes():
    """CSP hashes of the import map(s) the rich-text editor renders inline, computed once."""
    from django_prose_editor.widgets import AdminProseEditorWidget

    widget = AdminProseEditorWidget(config={"extensions": settings.PROSE_EDITOR_BODY}, preset="configurable")
    hashes = []
    for body in IMPORTMAP_RE.findall(str(widget.media)):
        digest = base64.b64encode(hashlib.sha256(body.encode()).digest()).decode()
        hashes.append(f"'sha256-{digest}'")
    return hashes


class ContentSecurityPolicyMiddleware(CSPMiddleware):
    """django-csp's middleware, with the admin's own policy under /admin/."""

    def get_policy_parts(self, request, response, report_only=False):
        parts = super().get_policy_parts(request, response, report_only=report_only)
        if not report_only and parts.config is None and request.path.startswith("/admin/"):
            directives = {key: list(value) for key, value in settings.ADMIN_CONTENT_SECURITY_POLICY.items()}
            directives["script-src"] = directives["script-src"] + editor_importmap_hashes()
            return PolicyParts(directives, parts.update, parts.replace, parts.nonce)
        return parts


class PermissionsPolicyMiddleware:
    """Tell browsers this site never uses the camera, microphone, location and the like."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        response.headers.setdefault("Permissions-Policy", settings.PERMISSIONS_POLICY)
        return response


def client_address(request):
    """
    The address of whoever sent ``request``, as far as the configured proxies can vouch for it.

    With ``TRUSTED_PROXY_COUNT`` proxies in front, each appends the address it heard from to
    X-Forwarded-For, so the client is the entry that many places from the right; anything further
    left was written by the client and is ignored. With no proxy configured, or a header too short
    to have passed through them, it is the connection's own address.
    """
    proxies = settings.TRUSTED_PROXY_COUNT
    if proxies > 0:
        # ipware counts the proxies listed in the header, not the one connecting to us.
        address, _routable = get_client_ip(
            request,
            proxy_order="left-most",
            proxy_count=proxies - 1,
            request_header_order=["HTTP_X_FORWARDED_FOR"],
            strict=False,
        )
        if address:
            return address
    return request.META.get("REMOTE_ADDR")


def lockout_response(request, response=None, credentials=None, *args, **kwargs):
    """What a locked-out login sees: a plain explanation, with HTTP 429."""
    from django.shortcuts import render

    minutes = max(1, round(settings.AXES_COOLOFF_TIME.total_seconds() / 60))
    context = {"minutes": minutes, "failure_limit": settings.AXES_FAILURE_LIMIT}
    return render(request, "admin/lockout.html", context, status=429)
