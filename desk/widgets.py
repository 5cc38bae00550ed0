"""
Admin widgets: autocomplete boxes that survive forged input, and that screen readers can name.

When a form comes back with errors, the admin's autocomplete widgets look up the chosen
objects to show them again. A value the key field cannot read (``tags=abc``) made that
lookup raise, turning a form error into a server error; these widgets leave such values out.
"""

from django import forms
from django.contrib.admin import widgets
from django.core.exceptions import ValidationError

# Names select2's own boxes after the field's label (select2 leaves them unnamed), once the
# admin's autocomplete.js has drawn them: listed after it, the merged media keep that order.
AUTOCOMPLETE_NAMES = forms.Media(js=["admin/js/autocomplete.js", "admin/newsroom/autocomplete-names.js"])


class TolerantAutocompleteMixin:
    def optgroups(self, name, value, attr=None):
        remote = self.field.remote_field
        field_name = getattr(remote, "field_name", None)
        key_field = remote.model._meta.get_field(field_name) if field_name else remote.model._meta.pk
        readable = []
        for item in value:
            try:
                key_field.to_python(item)
            except ValidationError:
                continue
            readable.append(item)
        return super().optgroups(name, readable, attr)

    @property
    def media(self):
        return super().media + AUTOCOMPLETE_NAMES


class AutocompleteSelect(TolerantAutocompleteMixin, widgets.AutocompleteSelect):
    pass


class AutocompleteSelectMultiple(TolerantAutocompleteMixin, widgets.AutocompleteSelectMultiple):
    pass


class LabelledSplitDateTime(widgets.AdminSplitDateTime):
    """
    The admin's date and time boxes, each named by the word shown before it ("Date", "Time").

    The admin prints those words as bare text, and the field's label points at neither box.
    """

    def get_context(self, name, value, attrs):
        context = super().get_context(name, value, attrs)
        words = [context["date_label"], context["time_label"]]
        for subwidget, word in zip(context["widget"]["subwidgets"], words, strict=True):
            subwidget["attrs"]["aria-label"] = str(word).strip().rstrip(":")
        return context


class TolerantAutocompleteAdminMixin:
    """For a ModelAdmin or inline: its ``autocomplete_fields`` use the widgets above."""

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name in self.get_autocomplete_fields(request) and "widget" not in kwargs:
            kwargs["widget"] = AutocompleteSelect(db_field, self.admin_site, using=kwargs.get("using"))
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def formfield_for_manytomany(self, db_field, request, **kwargs):
        if db_field.name in self.get_autocomplete_fields(request) and "widget" not in kwargs:
            kwargs["widget"] = AutocompleteSelectMultiple(db_field, self.admin_site, using=kwargs.get("using"))
        return super().formfield_for_manytomany(db_field, request, **kwargs)
