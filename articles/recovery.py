"""
Recovery copies: what someone has typed in a story's form and not yet saved, autosaved as they type,
so a closed tab or a refused save never loses it. Not a revision, and never public.
"""

from django.utils import timezone

from .comparing import TYPED_FIELDS, paragraphs
from .models import RecoveryCopy

# What a recovery copy keeps is the words people type (``TYPED_FIELDS``), each at most this long.
RECOVERY_FIELD_LIMIT = 200_000


def typed_words(data):
    """The words of a posted story form worth keeping, each cut to a sane length."""
    return {name: data[name][:RECOVERY_FIELD_LIMIT] for name, _ in TYPED_FIELDS if name in data}


def readable_words(data):
    """A recovery copy's words as [(label, plain text)], in page order, for reading where they cannot be restored."""
    words = []
    for name, label in TYPED_FIELDS:
        text = data.get(name) or ""
        if name == "body":
            text = paragraphs(text)
        if text.strip():
            words.append((label, text))
    return words


def keep_recovery_copy(article, user, data, base_version):
    """Store what this user has typed so far (one copy per story and user, overwritten each time)."""
    copy, _ = RecoveryCopy.objects.update_or_create(
        article=article,
        user=user,
        defaults={"data": data, "base_version": base_version, "saved_at": timezone.now()},
    )
    return copy


def recovery_copy_for(article, user):
    """The user's unsaved text for this story (or for a new story when ``article`` is None), if any."""
    return RecoveryCopy.objects.filter(article=article, user=user).first()


def discard_recovery_copy(article, user):
    """Forget the user's unsaved text for this story: it was saved, or they chose to start again."""
    RecoveryCopy.objects.filter(article=article, user=user).delete()
