"""The newsroom backend for stories, sections and tags."""

from .articles import ArticleAdmin
from .taxonomy import SectionAdmin, TagAdmin

__all__ = ["ArticleAdmin", "SectionAdmin", "TagAdmin"]
