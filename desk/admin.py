"""Registers every app's admin on the desk's site (``admin.autodiscover`` imports this module)."""

from .api.admin import PartnerKeyAdmin
from .articles.admin import ArticleAdmin
from .articles.taxonomy import SectionAdmin, TagAdmin
from .authors.admin import AuthorAdmin
from .media.admin import ImageAdmin

__all__ = ["ArticleAdmin", "AuthorAdmin", "ImageAdmin", "PartnerKeyAdmin", "SectionAdmin", "TagAdmin"]
