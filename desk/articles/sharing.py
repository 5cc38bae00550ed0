"""
Share links on the story page: making and revoking them, the list of a story's links with their
latest visits, and the paged list of every visit to one link.

Only editors make and revoke links, and only editors and the story's own writers see them
(``articles.sharing`` holds both rules); nothing about the links reaches anyone else's page.
"""

import datetime

from django import forms
from django.contrib import messages
from django.contrib.admin.utils import unquote
from django.core.exceptions import PermissionDenied
from django.core.paginator import EmptyPage, PageNotAnInteger, Paginator
from django.http import Http404, HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from articles import roles, sharing
from articles.models import ShareLink

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


class ShareLinkAdminMixin:
    """The share links section of an Article ModelAdmin's change page, and the views behind it."""

    # URLs ------------------------------------------------------------------------------

    def get_urls(self):
        info = self.opts.app_label, self.opts.model_name
        view = self.admin_site.admin_view
        return [
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

    def _sharing_url(self, name, *args):
        return reverse(
            f"admin:{self.opts.app_label}_{self.opts.model_name}_{name}", args=args, current_app=self.admin_site.name
        )

    def _shared_story(self, request, object_id):
        article = self.get_object(request, unquote(object_id))
        if article is None:
            raise Http404("No such story")
        if not self.has_view_permission(request, article):
            raise PermissionDenied
        return article

    def _back_to_story(self, article):
        return HttpResponseRedirect(self._sharing_url("change", article.pk))

    # Views -----------------------------------------------------------------------------

    def share_view(self, request, object_id):
        article = self._shared_story(request, object_id)
        form = ShareLinkForm(request.POST)
        if not form.is_valid():
            messages.error(request, form.error_text())
            return self._back_to_story(article)
        link = sharing.create_link(
            article,
            request.user,
            lifetime=datetime.timedelta(days=form.cleaned_data["days"]),
            label=form.cleaned_data["label"],
        )
        messages.success(request, f"Share link made; send this address: {sharing.url_for(link)}")
        return self._back_to_story(article)

    def revoke_share_view(self, request, object_id, link_id):
        article = self._shared_story(request, object_id)
        link = ShareLink.objects.filter(pk=link_id, article=article).first()
        if link is None:
            raise Http404("No such link")
        sharing.revoke(link, request.user)
        messages.success(request, "Share link revoked: it no longer opens the story.")
        return self._back_to_story(article)

    def share_visits_view(self, request, object_id, link_id):
        """Every visit row of one share link, newest first, a page at a time."""
        article = self._shared_story(request, object_id)
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
            "change_url": self._sharing_url("change", article.pk),
        }
        return TemplateResponse(request, "admin/articles/article/share_visits.html", context)

    # The section on the change page ------------------------------------------------------------

    def render_change_form(self, request, context, add=False, change=False, form_url="", obj=None):
        if obj is not None and obj.pk:
            context.update(self.share_links_context(request, obj))
        return super().render_change_form(request, context, add=add, change=change, form_url=form_url, obj=obj)

    def share_links_context(self, request, article):
        """The story's links with their addresses and latest visits, for those who may see them."""
        # Nothing about the links reaches the page of someone who may not see them.
        sees_links = sharing.may_see_links(request.user, article)
        links = sharing.links_for_desk(article, latest=VISITS_PER_PAGE) if sees_links else []
        return {
            "share_url": self._sharing_url("share", article.pk),
            "share_links": [
                (
                    link,
                    sharing.url_for(link),
                    self._sharing_url("share_revoke", article.pk, link.pk),
                    self._sharing_url("share_visits", article.pk, link.pk),
                )
                for link in links
            ],
            "sees_links": sees_links,
            "can_share": roles.is_editor(request.user),
            # Which links have expired, told against the page's own clock.
            "now": timezone.now(),
        }
