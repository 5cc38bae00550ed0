"""
Preview: a story rendered by the public template, whatever its state, for staff only.

The page is the reader's page exactly (same template, same context), so what
the desk checks is what readers will get. It is never indexed and never cached.
"""

from django.contrib import admin
from django.contrib.admin.utils import unquote
from django.core.exceptions import PermissionDenied
from django.db.models import prefetch_related_objects
from django.http import Http404
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.cache import patch_cache_control
from django.utils.html import format_html

PREVIEW_TEMPLATE = "articles/article_detail.html"
# What the story page reads beyond the row itself.
PAGE_PREFETCHES = [
    "section",
    "hero_image__renditions",
    "bylines__author__headshot__renditions",
    "bylines__author__links",
    "tags",
    "corrections",
    "body_images__renditions",
]


class PreviewMixin:
    """Adds ``<id>/preview/`` to an Article ModelAdmin and a "Preview" link to its list."""

    def get_urls(self):
        info = self.opts.app_label, self.opts.model_name
        # cacheable=True only skips admin_view's own never_cache: the view sets stricter headers itself.
        view = self.admin_site.admin_view(self.preview_view, cacheable=True)
        return [path("<path:object_id>/preview/", view, name="{}_{}_preview".format(*info)), *super().get_urls()]

    def preview_url(self, article):
        info = self.opts.app_label, self.opts.model_name
        return reverse("admin:{}_{}_preview".format(*info), args=[article.pk], current_app=self.admin_site.name)

    @admin.display(description="preview")
    def preview_link(self, article):
        return format_html(
            '<a href="{}" target="_blank" rel="noopener">Preview<span class="visually-hidden"> {}</span></a>',
            self.preview_url(article),
            article.headline,
        )

    def preview_view(self, request, object_id):
        """The story as readers would see it, drafts included."""
        article = self.get_object(request, unquote(object_id))
        if article is None:
            raise Http404("No such story")
        if not self.has_view_permission(request, article):
            raise PermissionDenied
        prefetch_related_objects([article], *PAGE_PREFETCHES)
        response = TemplateResponse(request, PREVIEW_TEMPLATE, self.get_preview_context(request, article))
        response["X-Robots-Tag"] = "noindex, nofollow"
        patch_cache_control(response, private=True, no_store=True)
        return response

    def get_preview_context(self, request, article):
        """The context the public story view gives its template."""
        return {"article": article}
