"""
The workflow's vocabulary, declared once: each step's name, its button, how the audit trail and the
refusals say it was done, the email it sends and to whom, who may make it, the states it goes from
and to, and whether the desk asks first because readers will see it. The workflow
(``articles.workflow``) makes the steps; the audit trail, the emails and the desk read their words
here.
"""

from dataclasses import dataclass

from . import roles
from .models import Status

# Who hears of a step by email: the desk (those who approve), or the story's bylined authors.
DESK = "desk"
BYLINES = "bylines"


@dataclass(frozen=True)
class Step:
    name: str
    # The button: "Submit for review".
    label: str
    # Done, as a refusal says it ("it cannot be sent back"); the audit trail capitalises it.
    done: str
    # The subject of the email it sends, and who hears of it: ``DESK``, ``BYLINES`` or nobody ("").
    subject: str
    tells: str
    # None: whoever may edit the story (its writers while a draft, editors); ``roles.WRITERS``: its
    # writers who may not send it back themselves; otherwise the permission the step needs.
    permission: str | None
    sources: tuple
    target: str
    # Whether the step sets the story's publication time (now, or a time typed for it).
    sets_time: bool = False
    # For a step that changes what readers see, the confirmation page's words before the stories
    # ("Unpublish these 3 stories?"); "" for a step made at once.
    asks_first: str = ""

    @property
    def audit_label(self):
        """How the story's history names the step: "Sent back"."""
        return self.done[:1].upper() + self.done[1:]

    def allowed_for(self, user, article):
        """Whether ``user`` may make this step on ``article`` (whatever its state)."""
        return roles.may_make_step(user, article, self.permission)


STEPS = {
    step.name: step
    for step in [
        Step(
            "submit",
            "Submit for review",
            "submitted",
            "Submitted for review",
            DESK,
            None,
            (Status.DRAFT,),
            Status.IN_REVIEW,
        ),
        # Only while in review: once an editor approves or sends it back, the desk has acted on it.
        Step("withdraw", "Withdraw from review", "withdrawn", "", "", roles.WRITERS, (Status.IN_REVIEW,), Status.DRAFT),
        Step(
            "send_back",
            "Send back",
            "sent back",
            "Sent back to you",
            BYLINES,
            roles.APPROVE_PERMISSION,
            (Status.IN_REVIEW, Status.APPROVED),
            Status.DRAFT,
        ),
        Step(
            "approve",
            "Approve",
            "approved",
            "Approved",
            BYLINES,
            roles.APPROVE_PERMISSION,
            (Status.IN_REVIEW,),
            Status.APPROVED,
        ),
        Step(
            "publish",
            "Publish",
            "published",
            "Published",
            BYLINES,
            roles.PUBLISH_PERMISSION,
            (Status.DRAFT, Status.IN_REVIEW, Status.APPROVED, Status.UNPUBLISHED),
            Status.PUBLISHED,
            sets_time=True,
            asks_first="Publish",
        ),
        Step(
            "reschedule",
            "Change publication time",
            "rescheduled",
            "Publication time changed",
            BYLINES,
            roles.PUBLISH_PERMISSION,
            (Status.PUBLISHED,),
            Status.PUBLISHED,
            sets_time=True,
            asks_first="Change the publication time of",
        ),
        Step(
            "unpublish",
            "Unpublish",
            "unpublished",
            "",
            "",
            roles.PUBLISH_PERMISSION,
            (Status.PUBLISHED,),
            Status.UNPUBLISHED,
            asks_first="Unpublish",
        ),
    ]
}

# What else the audit trail records that is no change of state, as the story's history names it.
OTHER_ACTIONS = {"live_start": "Switched to live coverage", "live_end": "Ended live coverage"}
