"""
The workflow on the story page: who may change which story, the buttons for exactly the
transitions the user may make, the audit trail, the desk's notes and the share links.

Every button posts to a URL that calls ``articles.workflow``; nothing here changes a
story's state by itself, so the rules hold however the request was made.
"""

import datetime

from django import forms
from django.contrib import admin, messages
from django.contrib.admin.utils import unquote
from django.core.exceptions import PermissionDenied
from django.core.paginator import EmptyPage, PageNotAnInteger, Paginator
from django.http import Http404, HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from .. import sharing, workflow
from ..models import EditorialNote, ShareLink

PUBLISH_PERMISSION = workflow.PUBLISH_PERMISSION
NOTE_MAX_LENGTH = 5000
# Visit rows a share link shows on the story page, and on each page of its visit list.
VISITS_PER_PAGE = 20
SHARE_DAYS_MESSAGE = (
    f"A share link lives between 1 and {sharing.LONGEST_LIFETIME.days} days: give a whole number of days."
)


class ShareLinkForm(forms.Form):
    """What an editor types to make a share link: whom it is for and how many days it works."""

    label = forms.CharField(max_length=120, required=False)
    days = forms.IntegerField(
        min_value=1,
        max_value=sharing.LONGEST_LIFETIME.days,
        error_messages=dict.fromkeys(("required", "invalid", "min_value", "max_value"), SHARE_DAYS_MESSAGE),
    )

    def error_text(self):
        return " ".join(message for messages_ in self.errors.values() for message in messages_)


# Publication times the desk may set: wide enough for any archive or schedule, and far from the
# calendar's first and last days, where moving a time between time zones overflows.
PUBLICATION_YEARS = range(1900, 3000)


def parse_local_time(value):
    """A ``datetime-local`` value in the newsroom's time zone, or None when empty."""
    value = (value or "").strip()
    if not value:
        return None
    try:
        moment = datetime.datetime.fromisoformat(value)
    except ValueError:
        raise workflow.WorkflowError("Give the publication time as a date and a time.") from None
    if moment.year not in PUBLICATION_YEARS:
        raise workflow.WorkflowError(
            f"Give a publication time between the years {PUBLICATION_YEARS[0]} and {PUBLICATION_YEARS[-1]}."
        )
    if timezone.is_naive(moment):
        moment = timezone.make_aware(moment, timezone.get_current_timezone())
    return moment


class WorkflowAdminMixin:
    """Row-level rights and the workflow panel for an Article ModelAdmin."""

    actions = ["publish_selected", "unpublish_selected"]

    # Rights -------------------------------------------------------------------------------

    def has_change_permission(self, request, obj=None):
        if not super().has_change_permission(request, obj):
            return False
        return obj is None or workflow.can_edit(request.user, obj)

    def has_delete_permission(self, request, obj=None):
        return super().has_delete_permission(request, obj) and workflow.is_editor(request.user)

    def has_publish_permission(self, request):
        return request.user.has_perm(PUBLISH_PERMISSION)

    # Bulk actions ------------------------------------------------------------------------

    @admin.action(description="Publish the selected stories now", permissions=["publish"])
    def publish_selected(self, request, queryset):
        self._bulk(request, queryset, workflow.publish, "published")

    @admin.action(description="Unpublish the selected stories", permissions=["publish"])
    def unpublish_selected(self, request, queryset):
        self._bulk(request, queryset, workflow.unpublish, "unpublished")

    def _bulk(self, request, queryset, step, done):
        succeeded = 0
        for article in queryset:
            try:
                step(article, request.user)
                succeeded += 1
            except (workflow.WorkflowError, PermissionDenied) as error:
                messages.error(request, str(error))
        if succeeded:
            messages.success(request, f"{succeeded} stor{'y' if succeeded == 1 else 'ies'} {done}.")

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
            path("<path:object_id>/notes/", view(require_POST(self.add_note_view)), name="{}_{}_note".format(*info)),
            path("<path:object_id>/share/", view(require_POST(self.share_view)), name="{}_{}_share".format(*info)),
            path(
                "<path:object_id>/share/<int:link_id>/revoke/",
                view(require_POST(self.revoke_share_view)),
                name="{}_{}_share_revoke".format(*info),
            ),
            path(
                "<path:object_id>/share/<int:link_id>/visits/",
                view(self.share_visits_view),
                name="{}_{}_share_visits".format(*info),
            ),
            *super().get_urls(),
        ]

    def _story_or_404(self, request, object_id):
        article = self.get_object(request, unquote(object_id))
        if article is None:
            raise Http404("No such story")
        if not self.has_view_permission(request, article):
            raise PermissionDenied
        return article

    def _back_to(self, article):
        info = self.opts.app_label, self.opts.model_name
        return HttpResponseRedirect(
            reverse("admin:{}_{}_change".format(*info), args=[article.pk], current_app=self.admin_site.name)
        )

    # Views -----------------------------------------------------------------------------

    def transition_view(self, request, object_id, step):
        article = self._story_or_404(request, object_id)
        if step not in workflow.STEPS:
            raise Http404("No such step")
        note = request.POST.get("note", "")[:NOTE_MAX_LENGTH]
        try:
            kwargs = {"note": note}
            if step in ("publish", "reschedule"):
                kwargs["at"] = parse_local_time(request.POST.get("publish_at"))
            getattr(workflow, step)(article, request.user, **kwargs)
        except workflow.WorkflowError as error:
            messages.error(request, str(error))
        else:
            messages.success(request, self._done_message(article, step))
        return self._back_to(article)

    @staticmethod
    def _done_message(article, step):
        if step in ("publish", "reschedule") and not article.is_live:
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

    def share_view(self, request, object_id):
        article = self._story_or_404(request, object_id)
        form = ShareLinkForm(request.POST)
        if not form.is_valid():
            messages.error(request, form.error_text())
            return self._back_to(article)
        link = sharing.create_link(
            article,
            request.user,
            lifetime=datetime.timedelta(days=form.cleaned_data["days"]),
            label=form.cleaned_data["label"],
        )
        messages.success(request, f"Share link made; send this address: {sharing.url_for(link)}")
        return self._back_to(article)

    def revoke_share_view(self, request, object_id, link_id):
        article = self._story_or_404(request, object_id)
        link = ShareLink.objects.filter(pk=link_id, article=article).first()
        if link is None:
            raise Http404("No such link")
        sharing.revoke(link, request.user)
        messages.success(request, "Share link revoked: it no longer opens the story.")
        return self._back_to(article)

    def share_visits_view(self, request, object_id, link_id):
        """Every visit row of one share link, newest first, a page at a time."""
        article = self._story_or_404(request, object_id)
        if not sharing.may_see_links(request.user, article):
            raise PermissionDenied
        link = sharing.links_for_desk(article).filter(pk=link_id).first()
        if link is None:
            raise Http404("No such link")
        paginator = Paginator(link.visits.order_by("-last_visited_at", "-pk"), VISITS_PER_PAGE)
        try:
            page = paginator.page(request.GET.get("page") or 1)
        except (EmptyPage, PageNotAnInteger):
            raise Http404("No such page") from None
        context = {
            **self.admin_site.each_context(request),
            "opts": self.opts,
            "original": article,
            "title": f"Visits to “{link}”",
            "link": link,
            "page": page,
            "change_url": reverse(
                f"admin:{self.opts.app_label}_{self.opts.model_name}_change",
                args=[article.pk],
                current_app=self.admin_site.name,
            ),
        }
        return TemplateResponse(request, "admin/articles/article/share_visits.html", context)

    # The panel on the change page --------------------------------------------------------------

    def render_change_form(self, request, context, add=False, change=False, form_url="", obj=None):
        if obj is not None and obj.pk:
            context.update(self.workflow_context(request, obj))
        return super().render_change_form(request, context, add=add, change=change, form_url=form_url, obj=obj)

    def workflow_context(self, request, article):
        info = self.opts.app_label, self.opts.model_name
        # Nothing about the links reaches the page of someone who may not see them.
        sees_links = sharing.may_see_links(request.user, article)
        links = sharing.links_for_desk(article, latest=VISITS_PER_PAGE) if sees_links else []
        steps = [
            (
                step,
                reverse(
                    "admin:{}_{}_transition".format(*info),
                    args=[article.pk, step.name],
                    current_app=self.admin_site.name,
                ),
            )
            for step in workflow.available_steps(request.user, article)
        ]
        return {
            "workflow_steps": steps,
            "note_url": reverse("admin:{}_{}_note".format(*info), args=[article.pk], current_app=self.admin_site.name),
            "share_url": reverse(
                "admin:{}_{}_share".format(*info), args=[article.pk], current_app=self.admin_site.name
            ),
            "audit_entries": article.audit_entries.select_related("actor"),
            "editorial_notes": article.editorial_notes.select_related("author"),
            "share_links": [
                (
                    link,
                    sharing.url_for(link),
                    reverse(
                        "admin:{}_{}_share_revoke".format(*info),
                        args=[article.pk, link.pk],
                        current_app=self.admin_site.name,
                    ),
                    reverse(
                        "admin:{}_{}_share_visits".format(*info),
                        args=[article.pk, link.pk],
                        current_app=self.admin_site.name,
                    ),
                )
                for link in links
            ],
            "sees_links": sees_links,
            "can_share": workflow.is_editor(request.user),
            "now": timezone.now(),
        }
