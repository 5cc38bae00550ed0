"""Admin forms for stories: the story itself and its bylines."""

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.forms.models import BaseInlineFormSet
from django.urls import reverse
from django.utils import timezone
from django.utils.html import format_html, format_html_join
from django.utils.text import Truncator

from articles import editing
from articles.models import Article, Byline, article_url
from newsroom.richtext import WORDS_PER_MINUTE

# What search engines and social cards show before cutting a title or a description short. Longer
# text is allowed up to the field's own limit; the form only says so.
RECOMMENDED_LENGTHS = {"seo_title": 60, "seo_description": 160}
# Text fields where the browser's spellcheck helps the writer (the body's editor has its own switch).
SPELLCHECKED_FIELDS = ["headline", "dek", "hero_caption", "seo_title", "seo_description", "editorial_note"]


class EditSafetyForm(forms.ModelForm):
    """
    Refuses a save that started from an older version of the story, or by someone who may not edit the
    story as it is now, keeping the typed text.

    The story's row stays locked from this check to the end of the save (the admin saves in one
    transaction), so two saves can never both pass it, and no workflow step can slip in between.
    ``user`` is who saves (the admin sets it on the form class it builds for a request).
    """

    user = None
    # False when the form is only read (a preview of the text on screen): nothing is saved, so the
    # story's row is neither locked nor checked for a newer version or the right to edit.
    saving = True

    started_from_version = forms.IntegerField(widget=forms.HiddenInput, required=False)
    save_over_version = forms.IntegerField(widget=forms.HiddenInput, required=False)
    save_over = forms.BooleanField(
        label="Save my version over theirs",
        required=False,
        help_text="Only after reading what changed: your text replaces the version saved in between.",
    )
    substantive_update = forms.BooleanField(
        label="Substantive update",
        required=False,
        help_text="Shows readers an “Updated” time on the published story.",
    )
    allow_substantive_update = False

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.current = None
        if self.instance.pk:
            self.fields["started_from_version"].initial = self.instance.version
        if not self.allow_substantive_update:
            del self.fields["substantive_update"]
        if not (self.is_bound and self.data.get("save_over_version")):
            # The choice to save over appears only once a save was refused as stale, never for
            # other errors (a missing headline, or a story that has left the writer's hands).
            self.fields["save_over"].widget = forms.HiddenInput()

    def clean(self):
        cleaned = super().clean()
        if not self.instance.pk or not self.saving:
            return cleaned
        started = cleaned.get("started_from_version")
        if started is None:
            raise ValidationError("This form is missing its version: reload the story and make your change again.")
        try:
            self.current = editing.lock_for_save(self.instance.pk, started, self.user)
        except editing.EditNotAllowed as refusal:
            raise ValidationError(edit_not_allowed_message(refusal), code="edit_not_allowed") from None
        except editing.StaleEdit as stale:
            if cleaned.get("save_over") and cleaned.get("save_over_version") == stale.current_version:
                self.current = stale.current
                return cleaned
            data = self.data.copy()
            data["save_over_version"] = stale.current_version
            self.data = data
            self.fields["save_over"].widget = forms.CheckboxInput()
            raise ValidationError(stale_edit_message(self.instance.pk, stale, started), code="stale") from None
        return cleaned


def stale_edit_message(article_pk, stale, started_from_version):
    """The refusal a second saver sees: who saved, when, and where to see what changed."""
    compare_url = reverse("admin:articles_article_compare", args=[article_pk])
    return format_html(
        "{} Nothing of yours was saved, and your text is still in the form below. "
        '<a href="{}?since={}">See what they changed</a>, then tick “Save my version over theirs” '
        "to keep yours, or reload the page to start again from theirs.",
        str(stale),
        compare_url,
        started_from_version,
    )


def edit_not_allowed_message(refusal):
    """The refusal a writer sees when the story moved out of their hands while they typed."""
    return format_html(
        "{} Nothing of yours was saved. Your text is still in the form below and kept as your unsaved text "
        "for this story: copy what you need and send it to an editor.",
        str(refusal),
    )


class ArticleAdminForm(EditSafetyForm):
    """The story form: says what empty SEO fields and hero overrides fall back to."""

    class Meta:
        model = Article
        fields = [
            "headline",
            "slug",
            "dek",
            "section",
            "tags",
            "hero_image",
            "hero_caption",
            "hero_credit",
            "body",
            "seo_title",
            "seo_description",
            "updated_at",
            "featured",
            "editorial_note",
        ]
        widgets = {
            "dek": forms.Textarea(attrs={"rows": 3}),
            "hero_caption": forms.Textarea(attrs={"rows": 3}),
            "editorial_note": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._describe_fallback("seo_title", "headline", self.instance.headline)
        self._describe_fallback("seo_description", "dek", self.instance.dek)
        image = self.instance.hero_image if self.instance.hero_image_id else None
        self._show_placeholder("hero_caption", image.caption if image else "")
        self._show_placeholder("hero_credit", image.credit if image else "")
        self._add_writing_aids()

    def clean_updated_at(self):
        updated_at = self.cleaned_data.get("updated_at")
        if updated_at and updated_at > timezone.now():
            raise ValidationError("An update time cannot be in the future: readers would see it before it happens.")
        return updated_at

    def _describe_fallback(self, name, source, current):
        if name not in self.fields:
            return
        # The admin shows help text as markup: the story's own words in it are escaped.
        if current:
            help_text = format_html("Leave empty to use the {}: “{}”.", source, Truncator(current).chars(120))
        else:
            help_text = f"Leave empty to use the {source}."
        if name in RECOMMENDED_LENGTHS:
            help_text = format_html(
                "{} Search results and social cards show about {} characters.", help_text, RECOMMENDED_LENGTHS[name]
            )
        self.fields[name].help_text = help_text
        self._show_placeholder(name, current)

    def _add_writing_aids(self):
        """What the form's scripts need: spellcheck, the reading pace, recommended lengths, the address."""
        for name in SPELLCHECKED_FIELDS:
            if name in self.fields:
                self.fields[name].widget.attrs["spellcheck"] = "true"
        if "body" in self.fields:
            self.fields["body"].widget.attrs["data-words-per-minute"] = WORDS_PER_MINUTE
        for name, length in RECOMMENDED_LENGTHS.items():
            if name in self.fields:
                self.fields[name].widget.attrs["data-recommended-length"] = length
        if "slug" in self.fields:
            # A story not yet published gets today's date in its address when it goes out.
            date = self.instance.publication_date or timezone.localdate()
            path = article_url(date, "slug").removesuffix("slug/")
            self.fields["slug"].widget.attrs["data-address-prefix"] = f"{settings.SITE_URL}{path}"

    def _show_placeholder(self, name, text):
        if name in self.fields and text:
            self.fields[name].widget.attrs["placeholder"] = text


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
