"""
Preview: a story rendered by the public template, whatever its state, for staff only.

The page is the reader's page exactly (same template, same context), so what
the desk checks is what readers will get. It is never indexed and never cached.
"""

from django.contrib import admin
from django.contrib.admin.utils import unquote
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.cache import patch_cache_control
from django.utils.html import format_html

from .. import selectors

PREVIEW_TEMPLATE = "articles/article_detail.html"


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
        article = self.get_preview_object(request, unquote(object_id))
        if article is None:
            raise Http404("No such story")
        if not self.has_view_permission(request, article):
            raise PermissionDenied
        return self.render_preview(request, article)

    def render_preview(self, request, article):
        """The public story template for ``article``, never indexed, never cached."""
        context = {**self.get_preview_context(request, article), "noindex": True}
        response = TemplateResponse(request, PREVIEW_TEMPLATE, context)
        response["X-Robots-Tag"] = "noindex, nofollow"
        patch_cache_control(response, private=True, no_store=True)
        return response

    def get_preview_object(self, request, object_id):
        """The story among those this admin shows, fetched as the public page fetches it; None if absent."""
        # The list's own prefetches make way for the page's.
        queryset = selectors.for_story_page(self.get_queryset(request).prefetch_related(None))
        try:
            return queryset.get(pk=object_id)
        except (queryset.model.DoesNotExist, ValidationError, ValueError):
            return None

    def get_preview_context(self, request, article):
        """The context the public story view gives its template."""
        return selectors.story_page(article)
