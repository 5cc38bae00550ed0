"""
A story's revisions on the desk: its history (revisions, workflow steps and desk notes in one
timeline), comparisons of any two revisions, a past revision's preview, and restores.
"""

from django.contrib import messages
from django.contrib.admin.utils import unquote
from django.core.exceptions import PermissionDenied
from django.core.paginator import InvalidPage, Paginator
from django.http import Http404, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import path
from django.views.decorators.http import require_POST
from reversion.models import Version

from articles import comparing, editing
from articles.history import REVISION, StoryHistory

from .saving import SavingAdminMixin

# Events on each page of a story's full history.
HISTORY_PER_PAGE = 50


class RevisionAdminMixin(SavingAdminMixin):
    """The story's history, comparisons, previews of past revisions and restores for an Article ModelAdmin."""

    # The newest events the story page shows; the full history (the admin's "History") has them all.
    history_shown = 20

    # URLs --------------------------------------------------------------------------------

    def get_urls(self):
        info = self.opts.app_label, self.opts.model_name
        view = self.admin_site.admin_view
        return [
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
            *super().get_urls(),
        ]

    @staticmethod
    def _revisions(article):
        """The story's revisions, newest first, with who saved each."""
        return Version.objects.get_for_object(article).select_related("revision__user")

    def _version(self, article, version_id):
        return get_object_or_404(self._revisions(article), pk=version_id)

    # Views -------------------------------------------------------------------------------

    def compare_view(self, request, object_id):
        """
        Any two revisions of the story, field by field: ``?from=<id>&to=<id>`` (by default the oldest and
        the newest), or ``?since=<story version>`` to the newest.
        """
        article = self._story(request, unquote(object_id))
        revisions = self._revisions(article)
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
            "changes": comparing.compare(older, newer) if older.pk != newer.pk else [],
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
        for name, _ in comparing.TYPED_FIELDS:
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
        if obj is not None and obj.pk:
            history = StoryHistory(obj, with_notes=False)
            context["history"] = self._timeline_rows(obj, history[: self.history_shown])
            context["compare_ready"] = self._compare_ready(context["history"])
            context["history_count"] = history.count()
            context["history_shown"] = self.history_shown
            context["history_url"] = self._url("history", obj.pk)
            context["compare_url"] = self._url("compare", obj.pk)
            context["can_restore"] = self.has_change_permission(request, obj)
        return super().render_change_form(request, context, add=add, change=change, form_url=form_url, obj=obj)
