from django.apps import AppConfig


class PageCacheConfig(AppConfig):
    """Public pages answered from the cache, made stale by any change readers could see."""

    name = "pagecache"
    verbose_name = "Page cache"

    def ready(self):
        from . import invalidation, purging
        from .state import changed

        invalidation.connect()
        changed.connect(purging.changed, dispatch_uid="pagecache.purging.changed")
