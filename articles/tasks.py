"""The newsroom's slow work, as tasks (``newsroom.tasks``): the email a workflow step sends."""

from newsroom.tasks import task

from . import notifications
from .models import AuditEntry


@task()
def send_step_notice(entry_id):
    """Send the email for the workflow step recorded as ``entry_id``; how many were sent (0 or 1)."""
    entry = AuditEntry.objects.select_related("article", "actor").filter(pk=entry_id).first()
    if entry is None:
        return 0
    return notifications.notify(entry)
