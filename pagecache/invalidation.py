"""Public pages change when stories, people, pictures or sections change: bump the content version."""

from django.db.models import F
from django.db.models.signals import m2m_changed, post_delete, post_save
from django.utils import timezone

from articles.models import Article, Byline, Correction, Section, SlugRedirect, Status, Tag
from authors.models import Author, AuthorLink
from media.models import Image, Rendition

from .models import PublicationState

READER_VISIBLE = (Status.PUBLISHED, Status.UNPUBLISHED)


def bump_content_version():
    """Make every cached public page stale, in every worker, from the moment this transaction commits."""
    updated = PublicationState.objects.filter(pk=1).update(
        content_version=F("content_version") + 1, changed_at=timezone.now()
    )
    if not updated:
        PublicationState.objects.get_or_create(pk=1)


def _article_changed(sender, instance, **kwargs):
    # Drafts change all day long; only stories readers can (or could) see touch public pages.
    if instance.status in READER_VISIBLE:
        bump_content_version()


def _part_of_article_changed(sender, instance, **kwargs):
    if Article.objects.filter(pk=instance.article_id, status__in=READER_VISIBLE).exists():
        bump_content_version()


def _always(sender, **kwargs):
    bump_content_version()


def _article_relation_changed(sender, instance, action, **kwargs):
    if action.startswith("post_") and getattr(instance, "status", None) in READER_VISIBLE:
        bump_content_version()


def connect():
    post_save.connect(_article_changed, sender=Article, dispatch_uid="pagecache-article-save")
    post_delete.connect(_article_changed, sender=Article, dispatch_uid="pagecache-article-delete")
    for model in (Byline, Correction, SlugRedirect):
        post_save.connect(_part_of_article_changed, sender=model, dispatch_uid=f"pagecache-{model.__name__}-save")
        post_delete.connect(_part_of_article_changed, sender=model, dispatch_uid=f"pagecache-{model.__name__}-del")
    for model in (Section, Tag, Author, AuthorLink, Image, Rendition):
        post_save.connect(_always, sender=model, dispatch_uid=f"pagecache-{model.__name__}-save")
        post_delete.connect(_always, sender=model, dispatch_uid=f"pagecache-{model.__name__}-del")
    for through in (Article.tags.through, Article.body_images.through):
        m2m_changed.connect(_article_relation_changed, sender=through, dispatch_uid=f"pagecache-{through.__name__}")
