"""What the desk records about a story: the audit trail of its steps and the editors' notes."""

from django.conf import settings
from django.db import models
from django.utils import timezone

from .stories import Article, Status


class AuditEntry(models.Model):
    """One workflow transition: who moved a story from which state to which, when, and why."""

    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="audit_entries")
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    action = models.CharField(max_length=20)
    from_status = models.CharField(max_length=20, choices=Status.choices)
    to_status = models.CharField(max_length=20, choices=Status.choices)
    note = models.TextField(blank=True)
    published_at = models.DateTimeField(null=True, blank=True, help_text="The publication time this step set.")
    created_at = models.DateTimeField(default=timezone.now, db_index=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name_plural = "audit entries"

    def __str__(self):
        return f"{self.action}: {self.from_status} → {self.to_status}"

    @property
    def is_step(self):
        """A workflow step, from one state to another (or the same), rather than another act the trail keeps."""
        from ..steps import STEPS

        return self.action in STEPS

    @property
    def action_label(self):
        """The step as the story's history names it ("Sent back"), from the workflow's vocabulary."""
        from ..steps import OTHER_ACTIONS, STEPS  # the steps are declared on top of these models

        step = STEPS.get(self.action)
        return step.audit_label if step else OTHER_ACTIONS.get(self.action, self.action)


class EditorialNote(models.Model):
    """An internal note in a story's thread; staff see it, readers never do."""

    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="editorial_notes")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    text = models.TextField()
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["created_at", "id"]

    def __str__(self):
        return self.text[:60]
