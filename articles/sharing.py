"""
Share links: an unpublished story shown to someone outside the newsroom (a lawyer, a guest columnist).

The address carries a signed token naming the link, so it cannot be guessed or altered; the link
itself expires, can be revoked and dies when the story is unpublished. Its visits are kept one row
per address per hour, with a count, so a guest reloading the page all day adds a row an hour.
"""

import datetime
import ipaddress

from django.conf import settings
from django.core import signing
from django.core.exceptions import PermissionDenied
from django.db import IntegrityError, transaction
from django.db.models import Count, F, Prefetch, Sum
from django.db.models.functions import Coalesce
from django.urls import reverse
from django.utils import timezone

from newsroom.security import client_address

from .models import ShareLink, ShareLinkVisit
from .roles import is_contributor, is_editor

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


def visitor_address(request):
    """
    The address a guest opened the link from (through the trusted proxies), or None when the
    request carries no valid one.
    """
    try:
        return str(ipaddress.ip_address(client_address(request) or ""))
    except ValueError:
        return None


def record_visit(link, request, now=None):
    """
    Count a visit on the row for this address and this hour, making the row on the hour's first visit.

    Two first visits at once both try to make the row; the unique key lets one in and the other
    counts on it, so no visit is lost and no hour gets two rows.
    """
    now = now or timezone.now()
    hour = now.astimezone(datetime.UTC).replace(minute=0, second=0, microsecond=0)
    address = visitor_address(request)
    user_agent = request.headers.get("User-Agent", "")[:300]
    this_hour = ShareLinkVisit.objects.filter(link=link, hour=hour, ip_address=address)
    counted = {"visit_count": F("visit_count") + 1, "last_visited_at": now, "user_agent": user_agent}
    if this_hour.update(**counted):
        return
    try:
        with transaction.atomic():
            ShareLinkVisit.objects.create(
                link=link,
                hour=hour,
                ip_address=address,
                user_agent=user_agent,
                first_visited_at=now,
                last_visited_at=now,
            )
    except IntegrityError:
        this_hour.update(**counted)


def links_for_desk(article, latest=0):
    """
    The story's share links, each with its visit totals (``visit_total``, ``address_count`` and
    ``visit_rows``) and, when ``latest`` is given, its newest ``latest`` visit rows in
    ``recent_visits``: two queries however many visits.
    """
    links = article.share_links.select_related("created_by").annotate(
        visit_total=Coalesce(Sum("visits__visit_count"), 0),
        address_count=Count("visits__ip_address", distinct=True),
        visit_rows=Count("visits"),
    )
    if latest:
        newest = ShareLinkVisit.objects.order_by("-last_visited_at", "-pk")[:latest]
        links = links.prefetch_related(Prefetch("visits", queryset=newest, to_attr="recent_visits"))
    return links
