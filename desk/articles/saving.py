"""
Saving on the story page: the story form saves through the editing service (``editing.create_story``,
``editing.save_story``) as one revision with its bylines and tags; a stale or no-longer-allowed save
comes back with the text on screen; and what is typed is autosaved as a recovery copy until it is
saved.
"""

from functools import partial

import reversion
from django.conf import settings
from django.contrib import messages
from django.contrib.admin.utils import unquote
from django.core.exceptions import NON_FIELD_ERRORS, PermissionDenied
from django.http import Http404, HttpResponseBadRequest, HttpResponseRedirect, JsonResponse
from django.urls import path, reverse
from django.utils import timezone
from django.views.decorators.http import require_POST
from reversion.models import Version

from articles import comparing, editing, recovery, roles

# The largest story version a recovery copy can note: a positive integer column holds no more.
LARGEST_VERSION = 2**31 - 1


class SavingAdminMixin:
    """Saving, refusals and recovery copies for an Article ModelAdmin (its form is an EditSafetyForm)."""

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
            request.recovery_copy = recovery.recovery_copy_for(article, request.user)
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
                if after == before or (name == "body" and comparing.body_reads_the_same(before, after)):
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
        return self.has_change_permission(request, article) or roles.is_writer(request.user, article)

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
            and roles.is_writer(request.user, article)
        )

    def _keep_refused_text(self, request, response):
        """A save refused because the story left the writer's hands keeps their words as their recovery copy."""
        adminform = (getattr(response, "context_data", None) or {}).get("adminform")
        form = adminform.form if adminform is not None else None
        if form is None or not form.has_error(NON_FIELD_ERRORS, code="edit_not_allowed"):
            return
        base_version = form.cleaned_data.get("started_from_version") or 0
        recovery.keep_recovery_copy(form.instance, request.user, recovery.typed_words(request.POST), base_version)

    def get_form(self, request, obj=None, change=False, **kwargs):
        # The class is built afresh for each request: what is set on it holds for this request only.
        form_class = super().get_form(request, obj, change=change, **kwargs)
        form_class.user = request.user
        form_class.allow_substantive_update = roles.is_editor(request.user) and bool(obj and obj.is_live)
        # The unsaved text the user chose to bring back opens in the form.
        form_class.recovery_copy = getattr(request, "recovery_copy", None)
        return form_class

    def get_fieldsets(self, request, obj=None):
        fieldsets = super().get_fieldsets(request, obj)
        if obj is None or not self.has_change_permission(request, obj):
            return fieldsets
        saving = ["started_from_version", "save_over_version", "save_over"]
        if roles.is_editor(request.user) and obj.is_live:
            saving.append("substantive_update")
        return [*fieldsets, ("Saving", {"fields": saving})]

    def save_model(self, request, obj, form, change):
        # The story is saved with its tags and bylines by ``save_related``, through the editing
        # service, as one save.
        pass

    def save_related(self, request, form, formsets, change):
        save_related = partial(super().save_related, request, form, formsets, change)
        if not change:
            editing.create_story(form.instance, request.user, save_related=save_related)
            return
        substantive = bool(form.cleaned_data.get("substantive_update")) and form.allow_substantive_update
        editing.save_story(
            form.instance,
            request.user,
            form.saves_over_version,
            substantive_update=substantive,
            comment="Edited",
            save_related=save_related,
        )

    # URLs --------------------------------------------------------------------------------

    def get_urls(self):
        info = self.opts.app_label, self.opts.model_name
        view = self.admin_site.admin_view
        return [
            path("autosave/", view(require_POST(self.autosave_view)), name="{}_{}_autosave".format(*info)),
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
        data = recovery.typed_words(request.POST)
        try:
            base_version = int(request.POST.get("started_from_version") or (article.version if article else 0))
        except ValueError:
            return HttpResponseBadRequest("bad version")
        if not 0 <= base_version <= LARGEST_VERSION:
            return HttpResponseBadRequest("bad version")
        copy = recovery.keep_recovery_copy(article, request.user, data, base_version)
        return JsonResponse({"saved_at": timezone.localtime(copy.saved_at).strftime("%-I:%M:%S %p")})

    def discard_recovery_view(self, request, object_id):
        article = None if object_id == "new" else self._story(request, object_id)
        recovery.discard_recovery_copy(article, request.user)
        messages.info(request, "Unsaved text discarded.")
        return HttpResponseRedirect(self._url("change", article.pk) if article else self._url("add"))

    # The change page -----------------------------------------------------------------------------

    def render_change_form(self, request, context, add=False, change=False, form_url="", obj=None):
        article = obj if obj is not None and obj.pk else None
        copy = recovery.recovery_copy_for(article, request.user)
        newer_than_story = copy is not None and (article is None or copy.saved_at > article.modified_at)
        # A refused save shows the words just posted in the form itself: no banner over them.
        if newer_than_story and request.method != "POST" and not getattr(request, "recovery_copy", None):
            context["recovery_copy"] = copy
            if article is None or self.has_change_permission(request, article):
                context["restore_url"] = "?restore=1"
            else:
                # The story left the writer's hands: their words are shown to read and copy, not restored.
                context["recovery_words"] = recovery.readable_words(copy.data)
            context["discard_recovery_url"] = self._url("discard_recovery", article.pk if article else "new")
        context["autosave_url"] = self._url("autosave")
        context["autosave_seconds"] = settings.ADMIN_AUTOSAVE_SECONDS
        return super().render_change_form(request, context, add=add, change=change, form_url=form_url, obj=obj)
