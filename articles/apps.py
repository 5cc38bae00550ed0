from django.apps import AppConfig


class ArticlesConfig(AppConfig):
    name = "articles"
    verbose_name = "Stories"

    def ready(self):
        from django.db.models.signals import m2m_changed

        from .models import Article, tags_changed

        m2m_changed.connect(tags_changed, sender=Article.tags.through, dispatch_uid="articles-tag-listings")
