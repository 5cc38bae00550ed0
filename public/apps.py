from django.apps import AppConfig


class PublicConfig(AppConfig):
    """The reader's site: pages, listings, search, feeds, sitemaps and structured data."""

    name = "public"
    verbose_name = "Public site"

    def ready(self):
        from pagecache.state import changed

        from . import parts

        # A story the desk changed is drawn for its page once, as the change commits.
        changed.connect(parts.changed, dispatch_uid="public.parts.changed")
