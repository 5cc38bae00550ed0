"""A deploy check: production keeps the second sign-in step on."""

from django.conf import settings
from django.core.checks import Tags, Warning, register


@register(Tags.security, deploy=True)
def second_step_is_required(app_configs, **kwargs):
    if settings.TWO_FACTOR_REQUIRED:
        return []
    return [
        Warning(
            "TWO_FACTOR_REQUIRED is off: editors and superusers sign in to the desk with a password alone.",
            hint="Leave TWO_FACTOR_REQUIRED unset (it follows DEBUG) or set it to 1 in production.",
            id="accounts.W001",
        )
    ]
