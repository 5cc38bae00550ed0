"""
Admin autocomplete widgets that survive forged input.

When a form comes back with errors, the admin's autocomplete widgets look up the chosen
objects to show them again. A value the key field cannot read (``tags=abc``) made that
lookup raise, turning a form error into a server error; these widgets leave such values out.
"""

from django.contrib.admin import widgets
from django.core.exceptions import ValidationError


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


class AutocompleteSelect(TolerantAutocompleteMixin, widgets.AutocompleteSelect):
    pass


class AutocompleteSelectMultiple(TolerantAutocompleteMixin, widgets.AutocompleteSelectMultiple):
    pass


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
