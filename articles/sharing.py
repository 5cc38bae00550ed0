"""
Share links: an unpublished story shown to someone outside the newsroom (a lawyer, a guest columnist).

The address carries a signed token naming the link, so it cannot be guessed or altered; the link
itself expires, can be revoked, dies when the story is unpublished, and records every visit.
"""

import datetime

from django.conf import settings
from django.core import signing
from django.core.exceptions import PermissionDenied
from django.urls import reverse
from django.utils import timezone

from .models import ShareLink, ShareLinkVisit
from .workflow import is_contributor, is_editor

SALT = "articles.share-link"
DEFAULT_LIFETIME = datetime.timedelta(days=7)
LONGEST_LIFETIME = datetime.timedelta(days=30)


def may_see_links(user, article):
    """
    Editors, and the story's own writers (its creator and bylined authors), see its share links and
    their visits: a link opens the unpublished story to whoever holds it.
    """
    if is_editor(user):
        return True
    return bool(user and user.is_active and user.is_staff and is_contributor(user, article))


def create_link(article, user, *, lifetime=DEFAULT_LIFETIME, label=""):
    """An editor makes a link that works for ``lifetime`` (at most 30 days)."""
    if not is_editor(user):
        raise PermissionDenied("Only editors can share unpublished stories.")
    if not datetime.timedelta(minutes=1) <= lifetime <= LONGEST_LIFETIME:
        raise ValueError("A share link lives between a minute and 30 days.")
    return ShareLink.objects.create(
        article=article, created_by=user, expires_at=timezone.now() + lifetime, label=label.strip()
    )


def revoke(link, user):
    if not is_editor(user):
        raise PermissionDenied("Only editors can revoke share links.")
    if link.revoked_at is None:
        link.revoked_at = timezone.now()
        link.save(update_fields=["revoked_at"])
    return link


def token_for(link):
    return signing.dumps(link.pk, salt=SALT, compress=True)


def url_for(link):
    """The absolute address to send to the guest."""
    return settings.SITE_URL + reverse("shared_preview", kwargs={"token": token_for(link)})


def usable_link(token, now=None):
    """The link a token names, if the signature holds and the link still works; else None."""
    try:
        pk = signing.loads(token, salt=SALT)
    except signing.BadSignature:
        return None
    link = ShareLink.objects.select_related("article").filter(pk=pk).first()
    if link is None or not link.is_usable(now):
        return None
    return link


def record_visit(link, request):
    """Note when and from where the link was opened; the story's admin page lists the visits."""
    return ShareLinkVisit.objects.create(
        link=link,
        ip_address=request.META.get("REMOTE_ADDR") or None,
        user_agent=request.headers.get("User-Agent", "")[:300],
    )
