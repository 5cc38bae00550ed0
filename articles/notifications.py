"""Email notices for workflow steps: editors hear of submissions, writers of decisions."""

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.mail import send_mail
from django.template.loader import render_to_string
from django.urls import reverse

from .roles import APPROVE_PERMISSION
from .steps import BYLINES, DESK, STEPS


def recipients(entry):
    """Who hears of this step: the desk on submit; the bylined authors on the desk's decisions."""
    article, actor = entry.article, entry.actor
    step = STEPS.get(entry.action)
    tells = step.tells if step else ""
    if tells == DESK:
        editors = (
            get_user_model()
            .objects.with_perm(
                APPROVE_PERMISSION,
                include_superusers=False,
                backend="django.contrib.auth.backends.ModelBackend",
            )
            .filter(is_active=True)
        )
        emails = {user.email for user in editors if user.email}
    elif tells == BYLINES:
        bylines = article.bylines.select_related("author__user")
        emails = {byline.author.notify_email for byline in bylines if byline.author.notify_email}
    else:
        emails = set()
    if actor and actor.email:
        emails.discard(actor.email)
    return sorted(emails)


def notify(entry):
    """Send the notice for an audit entry, if anyone should hear of it."""
    to = recipients(entry)
    if not to:
        return 0
    article = entry.article
    context = {
        "entry": entry,
        "article": article,
        "actor_name": (entry.actor.get_full_name() or entry.actor.get_username()) if entry.actor else "Someone",
        "admin_url": settings.SITE_URL + reverse("admin:articles_article_change", args=[article.pk]),
        "public_url": settings.SITE_URL + article.get_absolute_url() if article.publication_date else "",
        "site_name": settings.SITE_NAME,
    }
    subject = f"[{settings.SITE_NAME}] {STEPS[entry.action].subject}: {article.headline}"
    body = render_to_string("articles/email/workflow_notice.txt", context)
    return send_mail(subject, body, settings.DEFAULT_FROM_EMAIL, to)
