"""
Who must pass the second sign-in step, and the devices that pass it.

Every admin view asks :func:`passes_second_step` through the site's ``has_permission``, so the
rule is written here once. The devices are django-otp's: a TOTP authenticator app, and a static
device holding the one-time recovery codes.
"""

import math

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django_otp import login as otp_login
from django_otp.models import VerifyNotAllowed
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from articles.roles import EDITORS, has_publish_right

RECOVERY_CODE_COUNT = 10
AUTHENTICATOR_NAME = "Authenticator app"
RECOVERY_DEVICE_NAME = "Recovery codes"


class CodeRefused(Exception):
    """A code that did not pass, with the message to show."""


def is_verified(user):
    """Whether this session's user has passed the second step (set by django-otp's middleware)."""
    return getattr(user, "otp_device", None) is not None


def has_authenticator(user):
    """Whether the user has a confirmed authenticator app."""
    return TOTPDevice.objects.devices_for_user(user, confirmed=True).exists()


def must_verify(user):
    """
    Whether this staff account needs a second step to use the desk.

    Editors (the publish right or the Editors group) and superusers (who hold every right)
    always; journalists when ``TWO_FACTOR_FOR_JOURNALISTS`` is on; anyone who has enrolled an
    authenticator. Nobody when ``TWO_FACTOR_REQUIRED`` is off (the demo, with DEBUG).
    """
    if not settings.TWO_FACTOR_REQUIRED or not user.is_authenticated:
        return False
    return (
        settings.TWO_FACTOR_FOR_JOURNALISTS
        or has_publish_right(user)
        or user.groups.filter(name=EDITORS).exists()
        or has_authenticator(user)
    )


def passes_second_step(request):
    """Whether the request's user may use the desk as far as the second step goes."""
    return is_verified(request.user) or not must_verify(request.user)


def remember_verification(request, device):
    """Mark the session as having passed the second step with ``device``, under a new session key."""
    request.session.cycle_key()
    otp_login(request, device)


def normalise(code):
    """Codes as people type them: spaces and dashes dropped, letters in lower case."""
    return "".join(code.split()).replace("-", "").lower()


def _check(device, code):
    """Verify ``code`` on a device locked for update; returns the refusal message, or None."""
    allowed, extra = device.verify_is_allowed()
    if not allowed:
        if extra and extra.get("reason") == VerifyNotAllowed.N_FAILED_ATTEMPTS:
            wait = math.ceil((extra["locked_until"] - timezone.now()).total_seconds())
            return f"Too many wrong codes in a row. Wait {wait} second{'s' if wait != 1 else ''} and try again."
        return "Codes cannot be checked right now. Try again in a minute."
    if not device.verify_token(code):
        return "That code is not right. Check the time on your phone, or use a recovery code."
    return None


def verify_code(user, code):
    """
    The device that accepts ``code``: six digits from the authenticator app, or a recovery code
    (used up by this). Raises :class:`CodeRefused` otherwise. Wrong codes slow further tries down
    (django-otp's throttling, kept on the device, whatever the session).
    """
    code = normalise(code)
    # Recovery codes are eight letters and digits, so six digits can only be the app's.
    model = TOTPDevice if len(code) == 6 and code.isdigit() else StaticDevice
    # The throttling counters are written inside this transaction: refuse only after it commits.
    with transaction.atomic():
        device = model.objects.devices_for_user(user, confirmed=True).select_for_update().first()
        refusal = "That code is not right." if device is None else _check(device, code)
    if refusal:
        raise CodeRefused(refusal)
    return device


def pending_authenticator(user):
    """The authenticator app being set up: an unconfirmed device with a fresh secret, kept until confirmed."""
    device = TOTPDevice.objects.devices_for_user(user, confirmed=False).order_by("-pk").first()
    return device or TOTPDevice.objects.create(user=user, name=AUTHENTICATOR_NAME, confirmed=False)


def confirm_authenticator(user, device, code):
    """
    Confirm the authenticator being set up with its first code: it replaces any earlier one, and
    a fresh set of recovery codes is made. Returns the recovery codes; raises :class:`CodeRefused`.
    """
    with transaction.atomic():
        device = TOTPDevice.objects.select_for_update().filter(pk=device.pk, user=user, confirmed=False).first()
        if device is None:
            refusal = "This set-up was already finished or replaced. Scan the new code below."
        else:
            refusal = _check(device, normalise(code))
        if refusal is None:
            TOTPDevice.objects.devices_for_user(user).exclude(pk=device.pk).delete()
            device.confirmed = True
            device.save(update_fields=["confirmed"])
            codes = new_recovery_codes(user)
    if refusal:
        raise CodeRefused(refusal)
    return codes


def new_recovery_codes(user):
    """Replace the user's recovery codes with a fresh set; returns them (they are shown only once)."""
    with transaction.atomic():
        device, _ = StaticDevice.objects.get_or_create(user=user, defaults={"name": RECOVERY_DEVICE_NAME})
        device.token_set.all().delete()
        codes = [StaticToken.random_token() for _ in range(RECOVERY_CODE_COUNT)]
        StaticToken.objects.bulk_create(StaticToken(device=device, token=code) for code in codes)
    return codes


def recovery_codes_left(user):
    return StaticToken.objects.filter(device__user=user, device__confirmed=True).count()
