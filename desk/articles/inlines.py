"""What hangs off a story in its change form: bylines and corrections."""

from django.contrib import admin
from django.db import models

from articles.models import Byline, Correction, LiveEntry
from desk.widgets import LabelledSplitDateTime, TolerantAutocompleteAdminMixin

from .bylines import BylineForm, BylineFormSet


class BylineInline(TolerantAutocompleteAdminMixin, admin.TabularInline):
    """The story's authors, in the order readers see them."""

    model = Byline
    form = BylineForm
    formset = BylineFormSet
    fields = ["order", "author", "role"]
    autocomplete_fields = ["author"]
    # One row on a new story: the writer's own byline when they have an author profile, else empty.
    min_num = 1
    extra = 0
    verbose_name = "byline"
    verbose_name_plural = "bylines"

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        formfield = super().formfield_for_foreignkey(db_field, request, **kwargs)
        if db_field.name == "author":
            # A table row has no <label> for its boxes: the column heading is their name.
            formfield.widget.attrs["aria-label"] = "Author"
        return formfield

    def get_formset(self, request, obj=None, **kwargs):
        formset = super().get_formset(request, obj, **kwargs)
        writer = getattr(request.user, "author", None) if obj is None else None
        if writer is None:
            return formset
        return type(formset.__name__, (formset,), {"first_author": writer})


class CorrectionInline(admin.StackedInline):
    """Dated notes shown to readers at the foot of the story; adding one marks the story updated."""

    model = Correction
    fields = ["kind", "published_at", "text", "entry"]
    formfield_overrides = {models.DateTimeField: {"widget": LabelledSplitDateTime}}
    extra = 0
    verbose_name = "correction or update"
    verbose_name_plural = "corrections and updates"

    def get_formset(self, request, obj=None, **kwargs):
        formset = super().get_formset(request, obj, **kwargs)
        entry = formset.form.base_fields.get("entry")
        if entry is not None:
            # A correction of a live update names one of this story's own.
            stories = (
                LiveEntry.objects.filter(article=obj, deleted_at=None) if obj is not None else LiveEntry.objects.none()
            )
            entry.queryset = stories
        return formset
