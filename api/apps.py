from django.apps import AppConfig


class ApiConfig(AppConfig):
    """The read-only content API under /api/v1/: stories, people and pictures as JSON and as IPTC ninjs."""

    name = "api"
    verbose_name = "Content API"

    def ready(self):
        from django.db.models.signals import post_delete, post_save

        from pagecache.middleware import keep_parameters
        from pagecache.state import changed

        from . import documents, keys, urls
        from .models import PartnerKey

        # The page cache keys an API answer by the parameters the API reads, in one spelling each.
        keep_parameters(urls.PREFIX, urls.PARAMETERS)
        # A revoked or deleted key stops working at once, in every worker.
        post_save.connect(keys.forget, sender=PartnerKey, dispatch_uid="api.keys.forget.save")
        post_delete.connect(keys.forget, sender=PartnerKey, dispatch_uid="api.keys.forget.delete")
        # A story partners read is drawn again as the desk's change to it commits, as its page is.
        changed.connect(documents.changed, dispatch_uid="api.documents.changed")
