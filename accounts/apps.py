from django.contrib.admin.apps import AdminConfig


class NewsroomAdminConfig(AdminConfig):
    """Django's admin, with the desk's site (two-factor sign-in) as ``admin.site``."""

    default_site = "accounts.sites.NewsroomAdminSite"

    def ready(self):
        super().ready()
        from . import checks  # noqa: F401  registers the deploy check
