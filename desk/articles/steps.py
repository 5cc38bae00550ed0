"""
A workflow step asked for on the story page: the publication time typed for it, and why it cannot
follow a save of the story form (the form refuses the save too, so neither happens).
"""

import datetime

from django.utils import timezone

from articles import workflow

NOTE_MAX_LENGTH = 5000
# The story form's button that saves and then makes a step (its value is the step's name).
STEP_FIELD = "_workflow_step"


# Publication times the desk may set: wide enough for any archive or schedule, and far from the
# calendar's first and last days, where moving a time between time zones overflows.
PUBLICATION_YEARS = range(1900, 3000)


def parse_local_time(value):
    """A ``datetime-local`` value in the newsroom's time zone, or None when empty."""
    value = (value or "").strip()
    if not value:
        return None
    try:
        moment = datetime.datetime.fromisoformat(value)
    except ValueError:
        raise workflow.WorkflowError("Give the publication time as a date and a time.") from None
    if moment.year not in PUBLICATION_YEARS:
        raise workflow.WorkflowError(
            f"Give a publication time between the years {PUBLICATION_YEARS[0]} and {PUBLICATION_YEARS[-1]}."
        )
    if timezone.is_naive(moment):
        moment = timezone.make_aware(moment, timezone.get_current_timezone())
    return moment


def step_refusal(name, article, user, data):
    """
    Why the step ``name`` cannot follow a save of ``article`` (locked, as it is now) by ``user`` with
    what was typed for it in ``data``, or "" when it can.
    """
    step = workflow.STEPS.get(name)
    if step is None:
        return "There is no such workflow step."
    if step not in workflow.available_steps(user, article):
        return f"You may not {step.label.lower()} this story now: it is {article.get_status_display().lower()}."
    if name == "send_back" and not data.get("note", "").strip():
        return workflow.SEND_BACK_NEEDS_NOTE
    if step.sets_time:
        try:
            at = parse_local_time(data.get("publish_at"))
        except workflow.WorkflowError as error:
            return str(error)
        if name == "reschedule" and at is None:
            return "Give the new publication time."
    return ""
