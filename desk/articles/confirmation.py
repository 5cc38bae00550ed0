"""
What a step that reaches readers will do, said before it is done: the confirmation page for
publishing, rescheduling and unpublishing, one story from its page or several from the list.

Nothing here changes a story; the page's Confirm button posts the step again with ``confirm=yes``.
"""

from dataclasses import dataclass

from django.core.exceptions import PermissionDenied
from django.template.response import TemplateResponse
from django.utils import timezone

from articles import workflow
from articles.models import Status

# The steps that change what readers see: each asks for a confirmation first.
CONFIRMED_STEPS = tuple(name for name, step in workflow.STEPS.items() if step.asks_first)
CONFIRM_FIELD = "confirm"


def is_confirmed(request):
    """Whether this POST carries the confirmation page's answer."""
    return request.POST.get(CONFIRM_FIELD) == "yes"


def newsroom_time(moment):
    """``Tue 1 Dec, 09:00 (newsroom time)``: the year only when it is not this one, seconds only when set."""
    local = timezone.localtime(moment)
    day = f"{local:%a %-d %b}" if local.year == timezone.localdate().year else f"{local:%a %-d %b %Y}"
    clock = f"{local:%H:%M:%S}" if local.second else f"{local:%H:%M}"
    return f"{day}, {clock} (newsroom time)"


@dataclass
class Outcome:
    """One story on the confirmation page: what readers will see, or why the step will not be made."""

    article: object
    state: str = ""
    when: str = ""
    refusal: str = ""


def outcome(step, article, user, at=None, now=None):
    """What ``step`` would do to ``article`` for ``user``, in the words of the confirmation page."""
    now = now or timezone.now()
    # A story published with a time still to come is, for its readers, scheduled.
    scheduled = article.status == Status.PUBLISHED and not article.is_live_at(now)
    state = "Scheduled" if scheduled else article.get_status_display()
    try:
        published_at = workflow.plan(step, article, user, at=at, now=now)
    except (workflow.WorkflowError, PermissionDenied) as refusal:
        return Outcome(article, state, refusal=str(refusal))
    return Outcome(article, state, when=_when(step, article, published_at, now))


def _when(step, article, published_at, now):
    if step == "unpublish":
        if article.is_live_at(now):
            return "Disappears from the site now"
        return f"Never appears: its schedule for {newsroom_time(article.published_at)} is cancelled"
    if published_at > now:
        scheduled = f"Scheduled for {newsroom_time(published_at)}"
        if step == "reschedule":
            return f"{scheduled}, instead of {newsroom_time(article.published_at)}"
        return scheduled
    if published_at < now.replace(microsecond=0):
        # A time in the past (or an unpublished story's own) dates the story back; readers see it now.
        return f"Publish now, dated {newsroom_time(published_at)}"
    return "Publish now"


def page(request, admin, step, outcomes, *, action_url="", hidden=(), cancel_url):
    """
    The confirmation page: the stories, when readers see each (or why it is left as it is), and
    Confirm (posting ``hidden`` fields and ``confirm=yes`` to ``action_url``) and Cancel.
    """
    count = len(outcomes)
    stories = "this story" if count == 1 else f"these {count} stories"
    context = {
        **admin.admin_site.each_context(request),
        "opts": admin.opts,
        "title": f"{workflow.STEPS[step].asks_first} {stories}?",
        "step": workflow.STEPS[step],
        "outcomes": outcomes,
        "going_ahead": [item for item in outcomes if not item.refusal],
        "action_url": action_url,
        "hidden": hidden,
        "confirm_field": CONFIRM_FIELD,
        "cancel_url": cancel_url,
    }
    return TemplateResponse(request, "admin/articles/article/confirm_step.html", context)
