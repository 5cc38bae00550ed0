"""What hangs off a story in its change form: bylines and corrections."""

from django.contrib import admin

from newsroom.admin_widgets import TolerantAutocompleteAdminMixin

from ..forms import BylineFormSet
from ..models import Byline, Correction


class BylineInline(TolerantAutocompleteAdminMixin, admin.TabularInline):
    """The story's authors, in the order readers see them."""

    model = Byline
    formset = BylineFormSet
    fields = ["order", "author", "role"]
    autocomplete_fields = ["author"]
    # One empty row on a new story, so the first byline is one click away.
    min_num = 1
    extra = 0
    verbose_name = "byline"
    verbose_name_plural = "bylines"


class CorrectionInline(admin.StackedInline):
    """Dated notes shown to readers at the foot of the story; adding one marks the story updated."""

    model = Correction
    fields = ["kind", "published_at", "text"]
    extra = 0
    verbose_name = "correction or update"
    verbose_name_plural = "corrections and updates"
