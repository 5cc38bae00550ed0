"""The story form's bylines: one row per author, in reading order, with a role each."""

from django import forms
from django.core.exceptions import ValidationError
from django.forms.models import BaseInlineFormSet
from django.utils.html import format_html, format_html_join

from articles.models import Byline

# The roles a newsroom gives most often; any other may be typed. An empty role reads "By".
BYLINE_ROLES = ["By", "With", "Photos by", "Additional reporting by"]


class BylineRoleInput(forms.TextInput):
    """A text box that suggests the usual byline roles (a ``<datalist>``) and takes any other typed."""

    def get_context(self, name, value, attrs):
        context = super().get_context(name, value, attrs)
        widget_attrs = context["widget"]["attrs"]
        if widget_attrs.get("id"):
            widget_attrs["list"] = widget_attrs["id"] + "-suggestions"
        return context

    def render(self, name, value, attrs=None, renderer=None):
        html = super().render(name, value, attrs, renderer)
        if not (attrs or {}).get("id"):
            return html
        options = format_html_join("", '<option value="{}"></option>', ((role,) for role in BYLINE_ROLES))
        return format_html('{}<datalist id="{}-suggestions">{}</datalist>', html, attrs["id"], options)


class BylineForm(forms.ModelForm):
    """One byline row: who, in what role, and (optionally) a typed place among the rows."""

    order = forms.IntegerField(
        label="order",
        min_value=0,
        required=False,
        help_text="Leave empty to keep the row's place; rows with the same number keep their order on the page.",
        # A table row has no <label> for its boxes: the column heading is their name.
        widget=forms.NumberInput(attrs={"class": "byline-order", "aria-label": "Order"}),
    )

    class Meta:
        model = Byline
        fields = ["order", "author", "role"]
        widgets = {"role": BylineRoleInput(attrs={"class": "byline-role", "placeholder": "By", "aria-label": "Role"})}

    def clean_role(self):
        role = self.cleaned_data["role"]
        # "By" is what an empty role reads: store one spelling of it.
        return "" if role.casefold() == "by" else role

    def has_changed(self):
        if self.instance.pk is None:
            # A new row counts once it names someone or something: the writer's own row arrives
            # filled in, and left as it is, it is still the story's first byline.
            return bool(self["author"].value() or self["role"].value())
        # A row moved by the renumbering is saved even when nothing was typed in it.
        return super().has_changed() or self.instance.order != self.initial.get("order")


class BylineFormSet(BaseInlineFormSet):
    """
    A story's bylines: at least one, each author once, in the order of the rows.

    ``first_author``, when the admin sets it for a new story, fills the first row (the writer).
    """

    first_author = None
    # The row's Delete box sits under the column heading "Delete?", which names no box.
    deletion_widget = forms.CheckboxInput(attrs={"aria-label": "Delete"})

    def __init__(self, *args, **kwargs):
        if self.first_author is not None and not kwargs.get("initial"):
            kwargs["initial"] = [{"author": self.first_author.pk}]
        super().__init__(*args, **kwargs)

    def clean(self):
        if any(self.errors):
            return
        kept = [
            (index, form)
            for index, form in enumerate(self.forms)
            if form.cleaned_data and not self._should_delete_form(form)
        ]
        if not kept:
            raise ValidationError("Add at least one byline: every story needs an author.", code="no_byline")
        seen = set()
        for _, form in kept:
            author = form.cleaned_data["author"]
            if author.pk in seen:
                raise ValidationError(
                    f"{author} is listed twice; give each author one byline.", code="duplicate_byline"
                )
            seen.add(author.pk)
        super().clean()
        # Stored order is 0, 1, 2… as the rows stand: a typed number moves a row, an empty one keeps
        # its place on the page, and ties keep the page's order.
        ranked = sorted(kept, key=lambda row: (_typed_or(row[1].cleaned_data.get("order"), row[0]), row[0]))
        for order, (_, form) in enumerate(ranked):
            form.instance.order = order


def _typed_or(value, default):
    return default if value is None else value
