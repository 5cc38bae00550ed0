from django.contrib.admin.apps import AdminConfig
from django_otp.plugins.otp_static.apps import DefaultConfig as StaticConfig
from django_otp.plugins.otp_totp.apps import DefaultConfig as TOTPConfig


class NewsroomAdminConfig(AdminConfig):
    """Django's admin, with the desk's site (two-factor sign-in) as ``admin.site``."""

    default_site = "accounts.sites.NewsroomAdminSite"

    def ready(self):
        super().ready()
        from . import checks  # noqa: F401  registers the deploy check


class AuthenticatorAppsConfig(TOTPConfig):
    """django-otp's TOTP devices, named for the superusers who manage them in the admin."""

    verbose_name = "Two-factor: authenticator apps"


class RecoveryCodesConfig(StaticConfig):
    verbose_name = "Two-factor: recovery codes"
