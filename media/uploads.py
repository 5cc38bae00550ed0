"""
The hourly upload limit: every picture file a person sends the library counts, stored or refused.

Each attempt is a row (``UploadAttempt``), so the limit holds across worker
processes. An attempt over the limit is refused before the file is read and is
not recorded, and rows older than a day are pruned whenever one is added, so a
flood of uploads neither costs decoding nor grows the table.
"""

import datetime

from django.conf import settings
from django.utils import timezone

from .models import UploadAttempt

WINDOW = datetime.timedelta(hours=1)
KEPT_FOR = datetime.timedelta(days=1)


def uploads_per_hour():
    return getattr(settings, "MEDIA_UPLOADS_PER_HOUR", 60)


def limit_message(user, now=None):
    """Why ``user`` may not send the library another picture file right now, or None when they may."""
    limit = uploads_per_hour()
    since = (now or timezone.now()) - WINDOW
    if UploadAttempt.objects.filter(user=user, attempted_at__gte=since).count() < limit:
        return None
    return (
        f"You have sent {limit} picture files in the last hour, counting replaced and refused ones: "
        "the most the library takes from one person. "
        "Wait a little before the next one, or ask an editor if a big batch has to go in now."
    )


def record_attempt(user, outcome, now=None):
    """Count one upload by ``user`` (an ``UploadAttempt.Outcome``) and forget attempts older than a day."""
    now = now or timezone.now()
    UploadAttempt.objects.filter(attempted_at__lt=now - KEPT_FOR).delete()
    return UploadAttempt.objects.create(user=user, attempted_at=now, outcome=outcome)
