"""
Preview: a story rendered by the public template, whatever its state, for staff only.

The page is the reader's page exactly (same template, same context), so what the desk checks is
what readers will get, under a banner that says it is a preview and in what state the story is.
The story form's Preview button posts the text on screen, saved or not: it is shown without being
written anywhere. The page is never indexed and never cached.
"""

from django.contrib import admin
from django.contrib.admin.utils import unquote
from django.core.exceptions import NON_FIELD_ERRORS, PermissionDenied, ValidationError
from django.db.models import Prefetch
from django.http import Http404
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.cache import patch_cache_control
from django.utils.html import format_html

from articles.models import FIGURE_FILE_RE, Byline, figure_image_id
from authors.models import Author, AuthorLink
from media.models import Image
from public import pages, parts

PREVIEW_TEMPLATE = "articles/article_detail.html"


class PreviewMixin:
    """
    Adds ``<id>/preview/`` to an Article ModelAdmin, a "Preview" link to its list and a Preview button
    to its form. GET shows the story as saved; POST (the form's button) shows the form's text.
    """

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

    def render_change_form(self, request, context, add=False, change=False, form_url="", obj=None):
        if obj is not None and obj.pk:
            context["preview_url"] = self.preview_url(obj)
            # Whoever may change the story previews the text on screen; a read-only form is the saved story.
            context["preview_posts_form"] = self.has_change_permission(request, obj)
        return super().render_change_form(request, context, add=add, change=change, form_url=form_url, obj=obj)

    def preview_view(self, request, object_id):
        """The story as readers would see it, drafts included; a POST shows the form's unsaved text."""
        article = self.get_preview_object(request, unquote(object_id))
        if article is None:
            raise Http404("No such story")
        if not self.has_view_permission(request, article):
            raise PermissionDenied
        if request.method == "POST":
            return self.preview_edits(request, article)
        return self.render_preview(request, article)

    def preview_edits(self, request, article):
        """
        ``article`` with the story form's posted text, bylines and tags, in memory only: nothing is saved,
        no revision is made, no row is locked. What the form refuses is shown as saved, and listed.
        """
        if not self.has_change_permission(request, article):
            raise PermissionDenied
        pages.read_story_rows(article)
        problems = self._apply_form(request, article) + self._apply_bylines(request, article)
        context = {"preview_unsaved": True, "preview_problems": problems}
        return self.render_preview(request, article, parts.story_context(article, preview=True), context)

    def _apply_form(self, request, article):
        form = self.get_form(request, article, change=True)(request.POST, request.FILES, instance=article)
        # Read, never saved: no version check and no lock on the story's row.
        form.saving = False
        # The fields it accepts are now on ``article``, the body sanitized by its model field's clean.
        form.is_valid()
        if "tags" in form.cleaned_data:
            article.tag_list = sorted(form.cleaned_data["tags"], key=lambda tag: (tag.name, tag.pk))
        ids = {figure_image_id(match) for match in FIGURE_FILE_RE.findall(article.body or "")} - {None}
        article.figure_list = list(Image.objects.filter(pk__in=ids)) if ids else []
        return [
            f"{form[name].label if name in form.fields else 'Story'}: {message}"
            if name != NON_FIELD_ERRORS
            else message
            for name, messages in form.errors.items()
            for message in messages
        ]

    def _apply_bylines(self, request, article):
        for formset_class, inline in self.get_formsets_with_inlines(request, article):
            if inline.model is not Byline:
                continue
            prefix = formset_class.get_default_prefix()
            formset = formset_class(**self.get_formset_kwargs(request, article, inline, prefix))
            if not formset.is_valid():
                errors = [
                    *formset.non_form_errors(),
                    *(m for form in formset.errors for ms in form.values() for m in ms),
                ]
                return [f"Bylines: {message}" for message in errors]
            deleted = set(map(id, formset.deleted_forms))
            rows = [form.cleaned_data for form in formset.forms if form.cleaned_data and id(form) not in deleted]
            authors = Author.objects.select_related("headshot").prefetch_related(
                Prefetch("links", queryset=AuthorLink.objects.order_by("order", "id"), to_attr="link_list")
            )
            by_id = authors.in_bulk([row["author"].pk for row in rows])
            bylines = [
                Byline(
                    article=article,
                    author=by_id[row["author"].pk],
                    role=row.get("role", ""),
                    order=row.get("order") or 0,
                )
                for row in rows
            ]
            # In the order readers will see them: by number, then as listed on screen.
            article.byline_list = sorted(bylines, key=lambda byline: byline.order)
        return []

    def render_preview(self, request, article, page_context=None, extra_context=None):
        """The public story template for ``article`` under a preview banner, never indexed, never cached."""
        page_context = page_context or self.get_preview_context(request, article)
        context = {**page_context, **(extra_context or {}), "noindex": True}
        response = TemplateResponse(request, PREVIEW_TEMPLATE, context)
        response["X-Robots-Tag"] = "noindex, nofollow"
        patch_cache_control(response, private=True, no_store=True)
        return response

    def get_preview_object(self, request, object_id):
        """The story among those this admin shows, fetched as the public page fetches it; None if absent."""
        # The list's own prefetches make way for the page's.
        queryset = pages.for_story_page(self.get_queryset(request).prefetch_related(None))
        try:
            return queryset.get(pk=object_id)
        except (queryset.model.DoesNotExist, ValidationError, ValueError):
            return None

    def get_preview_context(self, request, article):
        """The context the public story view gives its template, with the preview's banner."""
        return parts.story_page(article, preview=True)
