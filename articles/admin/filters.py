"""Changelist filters in the desk's words: whose stories, and by which author."""

from django.contrib import admin
from django.db.models import Q

from authors.models import Author

from ..models import Byline


def _with_byline(**lookups):
    """Stories with a byline matching ``lookups``, as a subquery (no duplicate rows from the join)."""
    return Byline.objects.filter(**lookups).values("article_id")


class MineFilter(admin.SimpleListFilter):
    """Stories the signed-in person writes (a byline on their profile) or started."""

    title = "whose stories"
    parameter_name = "mine"

    def lookups(self, request, model_admin):
        return [("yes", "Mine")]

    def queryset(self, request, queryset):
        if self.value() != "yes":
            return queryset
        return queryset.filter(Q(created_by=request.user) | Q(pk__in=_with_byline(author__user=request.user)))


class AuthorFilter(admin.SimpleListFilter):
    """Stories with a byline by one author."""

    title = "author"
    parameter_name = "author"

    def lookups(self, request, model_admin):
        return list(Author.objects.order_by("name").values_list("pk", "name"))

    def queryset(self, request, queryset):
        value = self.value()
        if not value or not value.isdigit():
            return queryset
        return queryset.filter(pk__in=_with_byline(author_id=int(value)))
