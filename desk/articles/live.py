"""
Live coverage on the story page: an editor switches the story to live and ends it; its updates are
listed newest first under a compact form to post one, each with its own page to edit or delete it.

The panel sits outside the story form, with forms of its own, so a writer posts on a published story
whose text only an editor may change. Every write goes through ``articles.live``, which checks the
rights on the story's locked row: a button shown or hidden here is a convenience, never the rule.
"""

from django import forms
from django.conf import settings
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404, HttpResponseRedirect
from django.shortcuts import render
from django.urls import path
from django.views.decorators.http import require_POST
from django_prose_editor.widgets import AdminProseEditorWidget
from reversion.models import Version

from articles import live, roles
from articles.models import LiveCoverage, LiveEntry
from articles.workflow import WorkflowError
from authors.models import Author

from .steps import parse_local_time

UPDATES_PER_PAGE = 25


class UpdateForm(forms.Form):
    """A live update as the desk writes it: its authors are people on the story's byline."""

    title = forms.CharField(label="Title (optional)", max_length=200, required=False)
    body = forms.CharField(
        label="Update",
        widget=AdminProseEditorWidget(config={"extensions": settings.PROSE_EDITOR_BODY}, preset="configurable"),
    )
    authors = forms.ModelMultipleChoiceField(
        label="By", queryset=Author.objects.none(), widget=forms.CheckboxSelectMultiple
    )
    key_event = forms.BooleanField(label="Key event", required=False, help_text="Listed in the summary at the top.")
    pinned = forms.BooleanField(label="Pin above the others", required=False)
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, article, **kwargs):
        super().__init__(*args, prefix="update", **kwargs)
        self.fields["authors"].queryset = Author.objects.filter(bylines__article=article).order_by("bylines__order")
        self.fields["title"].widget.attrs.update(spellcheck="true", size=60)

    def values(self):
        """What the ``articles.live`` writes take from the form."""
        data = self.cleaned_data
        return {name: data[name] for name in ("title", "body", "authors", "key_event", "pinned")}


class LiveCoverageAdminMixin:
    """The live coverage panel and the update pages for an Article ModelAdmin."""

    def get_urls(self):
        info = self.opts.app_label, self.opts.model_name
        view = self.admin_site.admin_view
        return [
            path(
                "<path:object_id>/live/start/",
                view(require_POST(self.start_live_view)),
                name="{}_{}_live_start".format(*info),
            ),
            path(
                "<path:object_id>/live/end/",
                view(require_POST(self.end_live_view)),
                name="{}_{}_live_end".format(*info),
            ),
            path(
                "<path:object_id>/updates/",
                view(require_POST(self.post_update_view)),
                name="{}_{}_post_update".format(*info),
            ),
            path(
                "<path:object_id>/updates/<int:entry_id>/",
                view(self.update_view),
                name="{}_{}_update".format(*info),
            ),
            path(
                "<path:object_id>/updates/<int:entry_id>/delete/",
                view(self.delete_update_view),
                name="{}_{}_delete_update".format(*info),
            ),
            *super().get_urls(),
        ]

    # The panel on the change page ----------------------------------------------------------------

    def render_change_form(self, request, context, add=False, change=False, form_url="", obj=None):
        if obj is not None and obj.pk:
            context.update(self.live_context(request, obj))
            if context.get("update_form") is not None:
                context["media"] = context["media"] + context["update_form"].media
        return super().render_change_form(request, context, add=add, change=change, form_url=form_url, obj=obj)

    def live_context(self, request, article, form=None):
        coverage = LiveCoverage.objects.filter(article=article).first()
        if coverage is None and not roles.may_run_coverage(request.user):
            return {}
        writes = roles.may_write_entries(request.user, article, coverage)
        updates = LiveEntry.objects.filter(article=article, deleted_at=None).select_related("modified_by")
        page = Paginator(updates.prefetch_related("authors"), UPDATES_PER_PAGE).get_page(request.GET.get("updates"))
        if writes and form is None:
            own = Author.objects.filter(user=request.user, bylines__article=article).first()
            form = UpdateForm(article=article, initial={"authors": [own] if own else []})
        return {
            "coverage": coverage,
            "runs_coverage": roles.may_run_coverage(request.user),
            "update_form": form if writes else None,
            "updates_page": page,
            "post_update_url": self._url("post_update", article.pk),
            "live_start_url": self._url("live_start", article.pk),
            "live_end_url": self._url("live_end", article.pk),
        }

    # Views ---------------------------------------------------------------------------------------

    def start_live_view(self, request, object_id):
        article = self._story_or_404(request, object_id)
        try:
            live.start_coverage(article, request.user, at=parse_local_time(request.POST.get("at")))
        except (live.LiveError, WorkflowError, PermissionDenied) as error:
            messages.error(request, str(error))
        else:
            messages.success(request, f"“{article.headline}” is covered live: its writers can post updates.")
        return self._back_to(article)

    def end_live_view(self, request, object_id):
        article = self._story_or_404(request, object_id)
        try:
            live.end_coverage(article, request.user, at=parse_local_time(request.POST.get("at")))
        except (live.LiveError, WorkflowError, PermissionDenied) as error:
            messages.error(request, str(error))
        else:
            messages.success(request, f"Live coverage of “{article.headline}” has ended.")
        return self._back_to(article)

    def post_update_view(self, request, object_id):
        article = self._story_or_404(request, object_id)
        form = UpdateForm(request.POST, article=article)
        if form.is_valid():
            try:
                live.post_entry(article, request.user, **form.values())
            except live.LiveError as error:
                form.add_error(None, str(error))
            else:
                messages.success(request, self._posted_message(article))
                return HttpResponseRedirect(self._url("change", article.pk) + "#live-updates")
        # The form comes back on its own page, with what was typed and why it was refused.
        return self._update_page(request, article, None, form)

    def update_view(self, request, object_id, entry_id):
        """An update's own page: edit it, see its revisions, or go on to delete it."""
        article = self._story_or_404(request, object_id)
        entry = self._entry_or_404(article, entry_id)
        if request.method == "POST":
            form = UpdateForm(request.POST, article=article)
            if form.is_valid():
                try:
                    live.edit_entry(entry, request.user, form.cleaned_data["version"], **form.values())
                except live.LiveError as error:
                    form.add_error(None, str(error))
                    entry.refresh_from_db()
                    form.data = form.data.copy()
                    form.data["update-version"] = entry.version
                else:
                    messages.success(request, "Update saved.")
                    return HttpResponseRedirect(self._url("change", article.pk) + "#live-updates")
        else:
            if not roles.may_write_entries(request.user, article, LiveCoverage.objects.filter(article=article).first()):
                raise PermissionDenied
            initial = {name: getattr(entry, name) for name in ("title", "body", "key_event", "pinned", "version")}
            form = UpdateForm(article=article, initial={**initial, "authors": list(entry.authors.all())})
        return self._update_page(request, article, entry, form)

    def delete_update_view(self, request, object_id, entry_id):
        article = self._story_or_404(request, object_id)
        entry = self._entry_or_404(article, entry_id)
        if request.method == "POST":
            try:
                live.delete_entry(entry, request.user)
            except live.LiveError as error:
                messages.error(request, str(error))
            else:
                messages.success(request, "Update deleted: readers no longer see it.")
            return HttpResponseRedirect(self._url("change", article.pk) + "#live-updates")
        if not roles.may_write_entries(request.user, article, LiveCoverage.objects.filter(article=article).first()):
            raise PermissionDenied
        context = {
            **self.admin_site.each_context(request),
            "title": "Delete this update?",
            "article": article,
            "entry": entry,
            "opts": self.opts,
            "change_url": self._url("change", article.pk),
            "update_url": self._url("update", article.pk, entry.pk),
        }
        return render(request, "admin/articles/article/delete_update.html", context)

    def _update_page(self, request, article, entry, form):
        context = {
            **self.admin_site.each_context(request),
            "title": "Edit a live update" if entry else "Post a live update",
            "article": article,
            "entry": entry,
            "form": form,
            "media": form.media,
            "opts": self.opts,
            "change_url": self._url("change", article.pk),
            "action_url": self._url("update", article.pk, entry.pk) if entry else self._url("post_update", article.pk),
            "delete_url": self._url("delete_update", article.pk, entry.pk) if entry else "",
            "revisions": Version.objects.get_for_object(entry).select_related("revision__user") if entry else [],
        }
        return render(request, "admin/articles/article/live_update.html", context)

    @staticmethod
    def _entry_or_404(article, entry_id):
        entry = LiveEntry.objects.filter(pk=entry_id, article=article, deleted_at=None).first()
        if entry is None:
            raise Http404("No such update")
        return entry

    @staticmethod
    def _posted_message(article):
        if article.is_live:
            return "Update posted: readers see it now."
        return "Update saved: readers will see it when the story is published."
