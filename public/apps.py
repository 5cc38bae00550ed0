from django.apps import AppConfig


class PublicConfig(AppConfig):
    """The reader's site: pages, listings, search, feeds, sitemaps and structured data."""

    name = "public"
    verbose_name = "Public site"
