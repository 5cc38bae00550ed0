"""
The workflow on the story page: who may change which story, the buttons for exactly the
transitions the user may make, and the desk's notes. (Share links live in ``sharing``.)

On a story the user may edit, the step buttons belong to the story form: a step first saves
what is on screen, through the same locked save as Save, and is made only once that save
went through. Where the page is read-only the buttons post to the step's own URL. Steps that
reach readers (publish, reschedule, unpublish, and the bulk actions) go through a
confirmation page first. Every step calls ``articles.workflow``; nothing here changes a
story's state by itself, so the rules hold however the request was made.
"""

from django.contrib import admin, messages
from django.contrib.admin import helpers
from django.contrib.admin.utils import unquote
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.http import Http404, HttpResponseRedirect
from django.urls import path, reverse
from django.utils import timezone
from django.utils.http import urlencode
from django.views.decorators.http import require_POST

from articles import roles, workflow
from articles.models import EditorialNote

from . import confirmation
from .steps import NOTE_MAX_LENGTH, STEP_FIELD, parse_local_time


class WorkflowAdminMixin:
    """Row-level rights and the workflow panel for an Article ModelAdmin."""

    actions = ["publish_selected", "unpublish_selected"]

    # Rights -------------------------------------------------------------------------------

    def has_change_permission(self, request, obj=None):
        if not super().has_change_permission(request, obj):
            return False
        return obj is None or roles.can_edit(request.user, obj)

    def has_delete_permission(self, request, obj=None):
        return super().has_delete_permission(request, obj) and roles.is_editor(request.user)

    def has_publish_permission(self, request):
        return roles.has_publish_right(request.user)

    # Bulk actions ------------------------------------------------------------------------

    @admin.action(description="Publish the selected stories now", permissions=["publish"])
    def publish_selected(self, request, queryset):
        return self._bulk(request, queryset, "publish")

    @admin.action(description="Unpublish the selected stories", permissions=["publish"])
    def unpublish_selected(self, request, queryset):
        return self._bulk(request, queryset, "unpublish")

    def _bulk(self, request, queryset, step):
        if not confirmation.is_confirmed(request):
            return self._confirm_bulk(request, queryset, step)
        succeeded = 0
        for article in queryset:
            try:
                getattr(workflow, step)(article, request.user)
                succeeded += 1
            except (workflow.WorkflowError, PermissionDenied) as error:
                messages.error(request, str(error))
        if succeeded:
            done = workflow.STEPS[step].done
            messages.success(request, f"{succeeded} stor{'y' if succeeded == 1 else 'ies'} {done}.")
        return None

    def _confirm_bulk(self, request, queryset, step):
        """The stories the action would change, when readers see each; Confirm posts only those it changes."""
        now = timezone.now()
        outcomes = [confirmation.outcome(step, article, request.user, now=now) for article in queryset]
        going_ahead = [item.article.pk for item in outcomes if not item.refusal]
        hidden = [
            ("action", request.POST.get("action", "")),
            *((helpers.ACTION_CHECKBOX_NAME, pk) for pk in going_ahead),
        ]
        cancel_url = reverse(
            f"admin:{self.opts.app_label}_{self.opts.model_name}_changelist", current_app=self.admin_site.name
        )
        return confirmation.page(request, self, step, outcomes, hidden=hidden, cancel_url=cancel_url)

    # URLs ------------------------------------------------------------------------------

    def get_urls(self):
        info = self.opts.app_label, self.opts.model_name
        view = self.admin_site.admin_view
        return [
            path(
                "<path:object_id>/transition/<str:step>/",
                view(require_POST(self.transition_view)),
                name="{}_{}_transition".format(*info),
            ),
            path(
                "<path:object_id>/confirm/<str:step>/",
                view(self.confirm_step_view),
                name="{}_{}_confirm_step".format(*info),
            ),
            path("<path:object_id>/notes/", view(require_POST(self.add_note_view)), name="{}_{}_note".format(*info)),
            *super().get_urls(),
        ]

    def _story_or_404(self, request, object_id):
        article = self.get_object(request, unquote(object_id))
        if article is None:
            raise Http404("No such story")
        if not self.has_view_permission(request, article):
            raise PermissionDenied
        return article

    def _url(self, name, *args):
        return reverse(
            f"admin:{self.opts.app_label}_{self.opts.model_name}_{name}", args=args, current_app=self.admin_site.name
        )

    def _back_to(self, article):
        return HttpResponseRedirect(self._url("change", article.pk))

    def _to_confirmation(self, article, step, data):
        """Off to the page that says what the step will do, with the publication time typed for it."""
        query = f"?{urlencode({'publish_at': data['publish_at']})}" if data.get("publish_at") else ""
        return HttpResponseRedirect(self._url("confirm_step", article.pk, step) + query)

    # Views -----------------------------------------------------------------------------

    def transition_view(self, request, object_id, step):
        """A step posted on its own (from a read-only page, the confirmation page, or by hand)."""
        article = self._story_or_404(request, object_id)
        if step not in workflow.STEPS:
            raise Http404("No such step")
        if not workflow.STEPS[step].allowed_for(request.user, article):
            raise PermissionDenied(f"You may not {workflow.STEPS[step].label.lower()} this story.")
        if step in confirmation.CONFIRMED_STEPS and not confirmation.is_confirmed(request):
            # The page answers this POST itself, keeping what was typed for the step (a note may be long).
            return self._confirm_step(request, article, step, request.POST)
        self._make_step(request, article, step, request.POST)
        return self._back_to(article)

    def _make_step(self, request, article, step, data):
        """Make the step with what was typed for it (a note, a publication time), saying how it went."""
        try:
            kwargs = {"note": data.get("note", "")[:NOTE_MAX_LENGTH]}
            if workflow.STEPS[step].sets_time:
                kwargs["at"] = parse_local_time(data.get("publish_at"))
            getattr(workflow, step)(article, request.user, **kwargs)
        except (workflow.WorkflowError, PermissionDenied) as error:
            messages.error(request, str(error))
        else:
            messages.success(request, self._done_message(article, step))

    def confirm_step_view(self, request, object_id, step):
        """What publishing, rescheduling or unpublishing this story will do, with Confirm and Cancel."""
        article = self._story_or_404(request, object_id)
        if step not in confirmation.CONFIRMED_STEPS:
            raise Http404("No such step")
        if not workflow.STEPS[step].allowed_for(request.user, article):
            raise PermissionDenied(f"You may not {workflow.STEPS[step].label.lower()} this story.")
        return self._confirm_step(request, article, step, request.GET)

    def _confirm_step(self, request, article, step, data):
        """The confirmation page for one story, or back to its page with why the step cannot be made."""
        publish_at = data.get("publish_at", "")
        note = data.get("note", "")[:NOTE_MAX_LENGTH]
        try:
            at = parse_local_time(publish_at) if step != "unpublish" else None
        except workflow.WorkflowError as error:
            messages.error(request, str(error))
            return self._back_to(article)
        planned = confirmation.outcome(step, article, request.user, at=at)
        if planned.refusal:
            messages.error(request, planned.refusal)
            return self._back_to(article)
        return confirmation.page(
            request,
            self,
            step,
            [planned],
            action_url=self._url("transition", article.pk, step),
            hidden=[("publish_at", publish_at), ("note", note)],
            cancel_url=self._url("change", article.pk),
        )

    @staticmethod
    def _done_message(article, step):
        if workflow.STEPS[step].sets_time and not article.is_live:
            when = timezone.localtime(article.published_at)
            return f"“{article.headline}” is scheduled: readers see it from {when:%B %-d, %Y, %-I:%M:%S %p %Z}."
        return f"“{article.headline}” is now {article.get_status_display().lower()}."

    def add_note_view(self, request, object_id):
        article = self._story_or_404(request, object_id)
        text = request.POST.get("text", "").strip()
        if not text:
            messages.error(request, "Write something before adding a note.")
        elif len(text) > NOTE_MAX_LENGTH:
            messages.error(request, f"A note can be at most {NOTE_MAX_LENGTH} characters.")
        else:
            EditorialNote.objects.create(article=article, author=request.user, text=text)
            messages.success(request, "Note added.")
        return self._back_to(article)

    # A step from the story form: save what is on screen, then make the step ----------------------------

    def changeform_view(self, request, object_id=None, form_url="", extra_context=None):
        step = request.POST.get(STEP_FIELD) if request.method == "POST" and object_id else None
        if step is None:
            return super().changeform_view(request, object_id, form_url, extra_context)
        # The save's row lock is held until the step is made: nobody slips in between.
        with transaction.atomic():
            response = super().changeform_view(request, object_id, form_url, extra_context)
            if not isinstance(response, HttpResponseRedirect):
                return response  # the save was refused: the form comes back with the text and why
            article = self.get_object(request, unquote(object_id))
            if step in confirmation.CONFIRMED_STEPS:
                return self._to_confirmation(article, step, request.POST)
            self._make_step(request, article, step, request.POST)
            return self._back_to(article)

    def get_form(self, request, obj=None, change=False, **kwargs):
        form_class = super().get_form(request, obj, change=change, **kwargs)
        if request.method == "POST" and obj is not None and STEP_FIELD in request.POST:
            # The form refuses the save too when the step asked for cannot follow it.
            form_class.then_step = request.POST[STEP_FIELD]
            form_class.step_data = request.POST
        return form_class

    # The panel on the change page --------------------------------------------------------------

    def render_change_form(self, request, context, add=False, change=False, form_url="", obj=None):
        if obj is not None and obj.pk:
            context.update(self.workflow_context(request, obj))
            step = workflow.STEPS.get(request.POST.get(STEP_FIELD, "")) if request.method == "POST" else None
            if step is not None:
                messages.error(
                    request,
                    f"Not saved, and “{step.label}” was not done. Your text is still in the form: "
                    f"see what is marked below, then click “{step.label}” again.",
                )
        return super().render_change_form(request, context, add=add, change=change, form_url=form_url, obj=obj)

    def workflow_context(self, request, article):
        steps = [
            (step, self._url("transition", article.pk, step.name))
            for step in workflow.available_steps(request.user, article)
        ]
        posted = request.POST if request.method == "POST" else {}
        return {
            "workflow_steps": steps,
            # On a story this user may edit, the buttons save the form first; elsewhere they post alone.
            "workflow_in_form": roles.can_edit(request.user, article),
            "workflow_step_field": STEP_FIELD,
            "workflow_confirms": any(step.name in confirmation.CONFIRMED_STEPS for step, _ in steps),
            # What was typed for a step survives a refused save, like the story's own text.
            "workflow_note": posted.get("note", "")[:NOTE_MAX_LENGTH],
            "workflow_publish_at": posted.get("publish_at", ""),
            "changes_requested": workflow.changes_requested(article),
            "note_url": self._url("note", article.pk),
            "editorial_notes": article.editorial_notes.select_related("author"),
            # Whether the story's publication time is still ahead (scheduled).
            "now": timezone.now(),
        }
