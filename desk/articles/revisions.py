"""
Edit safety on the story page: optimistic locking, a revision for every save, the story's history
(revisions and workflow steps in one timeline) with comparisons of any two revisions, previews and
restores, and the autosaved recovery copy.
"""

import reversion
from django.conf import settings
from django.contrib import messages
from django.contrib.admin.utils import unquote
from django.contrib.auth import get_permission_codename
from django.core.exceptions import NON_FIELD_ERRORS, PermissionDenied
from django.core.paginator import InvalidPage, Paginator
from django.http import Http404, HttpResponseBadRequest, HttpResponseRedirect, JsonResponse
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.views.decorators.http import require_POST
from reversion.models import Version

from articles import editing, workflow
from articles.history import REVISION, StoryHistory

# The largest story version a recovery copy can note: a positive integer column holds no more.
LARGEST_VERSION = 2**31 - 1
# Events on each page of a story's full history.
HISTORY_PER_PAGE = 50


class RevisionAdminMixin:
    """Locking, revisions and recovery copies for an Article ModelAdmin (its form uses EditSafetyForm)."""

    # The newest events the story page shows; the full history (the admin's "History") has them all.
    history_shown = 20

    # Saving ------------------------------------------------------------------------------

    def changeform_view(self, request, object_id=None, form_url="", extra_context=None):
        if request.method == "POST":
            if object_id:
                self._keep_baseline(request, object_id)
                request.saving_story = unquote(object_id)
            # One revision per save, holding the story and its bylines as saved together.
            with reversion.create_revision():
                reversion.set_user(request.user)
                reversion.set_comment("Created" if object_id is None else "Edited")
                response = super().changeform_view(request, object_id, form_url, extra_context)
            self._keep_refused_text(request, response)
            return response
        if request.GET.get("restore") == "1":
            article = self.get_object(request, object_id) if object_id else None
            request.recovery_copy = editing.recovery_copy_for(article, request.user)
        return super().changeform_view(request, object_id, form_url, extra_context)

    def construct_change_message(self, request, form, formsets, add=False):
        if not add:
            # The body editor posts the stored text back with the browser's line endings and its own
            # wrapping: a field whose saved value is what it was, or a body that reads the same, is no
            # change, and the history should not say otherwise.
            for name in list(form.changed_data):
                before, after = form.initial.get(name), getattr(form.instance, name, None)
                if not isinstance(before, str):
                    continue
                if after == before or (name == "body" and editing.body_reads_the_same(before, after)):
                    form.changed_data.remove(name)
        return super().construct_change_message(request, form, formsets, add)

    def log_change(self, request, obj, message):
        entry = super().log_change(request, obj, message)
        if reversion.is_active() and entry is not None:
            # The revision says what the save changed ("Changed Headline and Bylines."), not just "Edited".
            reversion.set_comment(entry.get_change_message())
        return entry

    def _keep_baseline(self, request, object_id):
        """A story made elsewhere (an import, the demo) gets its first revision before its first edit."""
        article = self.get_object(request, object_id)
        if article is None or Version.objects.get_for_object(article).exists():
            return
        with reversion.create_revision():
            reversion.set_comment("As it stood before its first edit in the newsroom")
            reversion.add_to_revision(article)

    def works_on(self, request, article):
        """
        Whether the user may edit the story, or is one of its writers and may still be typing in a form
        opened before the story left their hands.
        """
        return self.has_change_permission(request, article) or self._writes(request, article)

    def _writes(self, request, article):
        """One of the story's writers, with the right to edit stories (whatever the story's state)."""
        codename = get_permission_codename("change", self.opts)
        return request.user.has_perm(f"{self.opts.app_label}.{codename}") and workflow.is_contributor(
            request.user, article
        )

    def saving_own_story(self, request, article):
        """
        Whether this request is a writer's save of their own story. It reaches the story form even when
        the story left their hands while they typed (an editor published it): the form checks the right
        to edit on the locked row and refuses, giving the text back, where a bare 403 would lose it.
        """
        return (
            article is not None
            and article.pk is not None
            and getattr(request, "saving_story", None) == str(article.pk)
            and self._writes(request, article)
        )

    def _keep_refused_text(self, request, response):
        """A save refused because the story left the writer's hands keeps their words as their recovery copy."""
        adminform = (getattr(response, "context_data", None) or {}).get("adminform")
        form = adminform.form if adminform is not None else None
        if form is None or not form.has_error(NON_FIELD_ERRORS, code="edit_not_allowed"):
            return
        base_version = form.cleaned_data.get("started_from_version") or 0
        editing.keep_recovery_copy(form.instance, request.user, editing.typed_words(request.POST), base_version)

    def get_form(self, request, obj=None, change=False, **kwargs):
        form_class = super().get_form(request, obj, change=change, **kwargs)
        form_class.user = request.user
        form_class.allow_substantive_update = workflow.is_editor(request.user) and bool(obj and obj.is_live)
        copy = getattr(request, "recovery_copy", None)
        if copy is None:
            return form_class
        restored = {name: copy.data[name] for name in editing.RECOVERED_FIELDS if name in copy.data}

        class RestoredForm(form_class):
            def __init__(self, *args, **kwargs):
                if not args and "data" not in kwargs:
                    kwargs["initial"] = {**kwargs.get("initial", {}), **restored}
                    kwargs["initial"]["started_from_version"] = copy.base_version
                super().__init__(*args, **kwargs)

        return RestoredForm

    def get_fieldsets(self, request, obj=None):
        fieldsets = super().get_fieldsets(request, obj)
        if obj is None or not self.has_change_permission(request, obj):
            return fieldsets
        saving = ["started_from_version", "save_over_version", "save_over"]
        if workflow.is_editor(request.user) and obj.is_live:
            saving.append("substantive_update")
        return [*fieldsets, ("Saving", {"fields": saving})]

    def save_model(self, request, obj, form, change):
        if change:
            substantive = bool(form.cleaned_data.get("substantive_update")) and form.allow_substantive_update
            editing.prepare_save(obj, request.user, form.current, substantive_update=substantive)
        else:
            obj.modified_by = request.user
        super().save_model(request, obj, form, change)

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        editing.discard_recovery_copy(form.instance, request.user)

    # URLs --------------------------------------------------------------------------------

    def get_urls(self):
        info = self.opts.app_label, self.opts.model_name
        view = self.admin_site.admin_view
        return [
            path("autosave/", view(require_POST(self.autosave_view)), name="{}_{}_autosave".format(*info)),
            path("<path:object_id>/compare/", view(self.compare_view), name="{}_{}_compare".format(*info)),
            path(
                "<path:object_id>/revisions/<int:version_id>/preview/",
                view(self.revision_preview_view, cacheable=True),
                name="{}_{}_revision_preview".format(*info),
            ),
            path(
                "<path:object_id>/revisions/<int:version_id>/restore/",
                view(require_POST(self.restore_view)),
                name="{}_{}_restore".format(*info),
            ),
            path(
                "<path:object_id>/recovery/discard/",
                view(require_POST(self.discard_recovery_view)),
                name="{}_{}_discard_recovery".format(*info),
            ),
            *super().get_urls(),
        ]

    def _url(self, name, *args):
        info = self.opts.app_label, self.opts.model_name
        return reverse(f"admin:{info[0]}_{info[1]}_{name}", args=args, current_app=self.admin_site.name)

    def _version(self, article, version_id):
        return get_object_or_404(
            Version.objects.get_for_object(article).select_related("revision__user"), pk=version_id
        )

    def _story(self, request, object_id):
        article = self.get_object(request, object_id)
        if article is None:
            raise Http404("No such story")
        if not self.has_view_permission(request, article):
            raise PermissionDenied
        return article

    # Views -------------------------------------------------------------------------------

    def autosave_view(self, request):
        """Keep what this user has typed so far; called by the change form's script."""
        article = None
        if request.POST.get("article"):
            try:
                article = self.get_object(request, str(int(request.POST["article"])))
            except ValueError:
                return HttpResponseBadRequest("bad story id")
            if article is None:
                raise Http404("No such story")
            # A writer whose story an editor moved on keeps their words too (the save will be refused).
            if not self.works_on(request, article):
                raise PermissionDenied
        elif not self.has_add_permission(request):
            raise PermissionDenied
        data = editing.typed_words(request.POST)
        try:
            base_version = int(request.POST.get("started_from_version") or (article.version if article else 0))
        except ValueError:
            return HttpResponseBadRequest("bad version")
        if not 0 <= base_version <= LARGEST_VERSION:
            return HttpResponseBadRequest("bad version")
        copy = editing.keep_recovery_copy(article, request.user, data, base_version)
        return JsonResponse({"saved_at": timezone.localtime(copy.saved_at).strftime("%-I:%M:%S %p")})

    def discard_recovery_view(self, request, object_id):
        article = None if object_id == "new" else self._story(request, object_id)
        editing.discard_recovery_copy(article, request.user)
        messages.info(request, "Unsaved text discarded.")
        return HttpResponseRedirect(self._url("change", article.pk) if article else self._url("add"))

    def compare_view(self, request, object_id):
        """
        Any two revisions of the story, field by field: ``?from=<id>&to=<id>`` (by default the oldest and
        the newest), or ``?since=<story version>`` to the newest.
        """
        article = self._story(request, unquote(object_id))
        revisions = editing.revisions_of(article)
        # The pickers list every revision; only the two compared are read in full.
        choices = list(revisions.defer("serialized_data"))
        if not choices:
            raise Http404("This story has no revisions yet")
        older_id, newer_id = choices[-1].pk, choices[0].pk
        if request.GET.get("since"):
            older_id = self._revision_since(revisions, request.GET["since"]).pk
        if request.GET.get("from"):
            older_id = self._chosen_revision(choices, request.GET["from"])
        if request.GET.get("to"):
            newer_id = self._chosen_revision(choices, request.GET["to"])
        older, newer = revisions.get(pk=older_id), revisions.get(pk=newer_id)
        context = {
            **self.admin_site.each_context(request),
            "opts": self.opts,
            "original": article,
            "title": f"Compare revisions of “{article.headline}”",
            "older": older,
            "newer": newer,
            "choices": choices,
            "changes": editing.compare(older, newer) if older.pk != newer.pk else [],
            "compare_url": self._url("compare", article.pk),
            "history_url": self._url("history", article.pk),
            "change_url": self._url("change", article.pk),
        }
        return TemplateResponse(request, "admin/articles/article/compare.html", context)

    @staticmethod
    def _chosen_revision(choices, value):
        """The id of the story's revision a ``from`` or ``to`` parameter names; anything else is a 404."""
        for choice in choices:
            if value == str(choice.pk):
                return choice.pk
        raise Http404("No such revision")

    @staticmethod
    def _revision_since(revisions, value):
        """The story as it stood at a version: the newest revision saved at or before it."""
        try:
            since = int(value)
        except ValueError:
            raise Http404("No such version") from None
        # A workflow step moves the version on without saving a revision.
        oldest = None
        for version in revisions.iterator(chunk_size=20):
            if (version.field_dict.get("version") or 0) <= since:
                return version
            oldest = version
        return oldest

    def history_view(self, request, object_id, extra_context=None):
        """The story's whole history, newest first: revisions, workflow steps and desk notes, a page at a time."""
        article = self._story(request, unquote(object_id))
        paginator = Paginator(StoryHistory(article), HISTORY_PER_PAGE)
        number = request.GET.get("page") or "1"
        try:
            if not (number.isascii() and number.isdigit()):
                raise InvalidPage
            page = paginator.page(number)
        except InvalidPage:
            raise Http404("No such page") from None
        rows = self._timeline_rows(article, page.object_list, newest_first=page.number == 1)
        context = {
            **self.admin_site.each_context(request),
            "opts": self.opts,
            "original": article,
            "title": f"History of “{article.headline}”",
            "page": page,
            "history": rows,
            "compare_ready": self._compare_ready(rows),
            "can_restore": self.has_change_permission(request, article),
            "compare_url": self._url("compare", article.pk),
            "change_url": self._url("change", article.pk),
            **(extra_context or {}),
        }
        return TemplateResponse(request, "admin/articles/article/history.html", context)

    @staticmethod
    def _compare_ready(rows):
        """Whether the rows hold two revisions to pick between."""
        return sum(1 for row in rows if row["event"].kind == REVISION) > 1

    def _timeline_rows(self, article, events, *, newest_first=True):
        """
        The timeline's rows: each event, and for a revision the addresses of what can be done with it.
        ``newest_first`` says the events start at the story's newest, whose first revision is the story as it is.
        """
        rows = []
        revisions_seen = 0
        for event in events:
            row = {"event": event}
            if event.kind == REVISION:
                version = event.revision
                row["preview_url"] = self._url("revision_preview", article.pk, version.pk)
                row["restore_url"] = self._url("restore", article.pk, version.pk)
                if event.previous is not None:
                    row["changes_url"] = f"{self._url('compare', article.pk)}?from={event.previous.pk}&to={version.pk}"
                # The newest two revisions listed are picked for comparing until the user picks others.
                row["compare_to"] = revisions_seen == 0
                row["current"] = newest_first and revisions_seen == 0
                row["compare_from"] = revisions_seen == 1
                revisions_seen += 1
            rows.append(row)
        return rows

    def revision_preview_view(self, request, object_id, version_id):
        """A past revision's words at the story's real layout."""
        article = self.get_preview_object(request, object_id)
        if article is None:
            raise Http404("No such story")
        if not self.has_view_permission(request, article):
            raise PermissionDenied
        version = self._version(article, version_id)
        for name in editing.RECOVERED_FIELDS:
            if name in version.field_dict:
                setattr(article, name, version.field_dict[name])
        return self.render_preview(request, article)

    def restore_view(self, request, object_id, version_id):
        article = self._story(request, object_id)
        if not self.works_on(request, article):
            raise PermissionDenied
        version = self._version(article, version_id)
        try:
            # The right to edit is checked again on the locked row: the page may predate a workflow step.
            editing.restore_revision(article, version, request.user)
        except editing.EditNotAllowed as refusal:
            messages.error(request, f"{refusal} Nothing was restored.")
        else:
            messages.success(request, "Revision restored as the newest revision; the one it replaced is kept too.")
        return HttpResponseRedirect(self._url("change", article.pk))

    # The change page -----------------------------------------------------------------------------

    def render_change_form(self, request, context, add=False, change=False, form_url="", obj=None):
        article = obj if obj is not None and obj.pk else None
        copy = editing.recovery_copy_for(article, request.user)
        newer_than_story = copy is not None and (article is None or copy.saved_at > article.modified_at)
        # A refused save shows the words just posted in the form itself: no banner over them.
        if newer_than_story and request.method != "POST" and not getattr(request, "recovery_copy", None):
            context["recovery_copy"] = copy
            if article is None or self.has_change_permission(request, article):
                context["restore_url"] = "?restore=1"
            else:
                # The story left the writer's hands: their words are shown to read and copy, not restored.
                context["recovery_words"] = editing.readable_words(copy.data)
            context["discard_recovery_url"] = self._url("discard_recovery", article.pk if article else "new")
        context["autosave_url"] = self._url("autosave")
        context["autosave_seconds"] = settings.ADMIN_AUTOSAVE_SECONDS
        if article is not None:
            history = StoryHistory(article, with_notes=False)
            context["history"] = self._timeline_rows(article, history[: self.history_shown])
            context["compare_ready"] = self._compare_ready(context["history"])
            context["history_count"] = history.count()
            context["history_shown"] = self.history_shown
            context["history_url"] = self._url("history", article.pk)
            context["compare_url"] = self._url("compare", article.pk)
            context["can_restore"] = self.has_change_permission(request, article)
        return super().render_change_form(request, context, add=add, change=change, form_url=form_url, obj=obj)
