"""Admin forms for stories: the story itself and its bylines."""

from django import forms
from django.core.exceptions import ValidationError
from django.forms.models import BaseInlineFormSet
from django.urls import reverse
from django.utils import timezone
from django.utils.html import format_html
from django.utils.text import Truncator

from . import editing
from .models import Article


class EditSafetyForm(forms.ModelForm):
    """
    Refuses a save that started from an older version of the story, or by someone who may not edit the
    story as it is now, keeping the typed text.

    The story's row stays locked from this check to the end of the save (the admin saves in one
    transaction), so two saves can never both pass it, and no workflow step can slip in between.
    ``user`` is who saves (the admin sets it on the form class it builds for a request).
    """

    user = None

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
        if not self.instance.pk:
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
        self.fields[name].help_text = help_text
        self._show_placeholder(name, current)

    def _show_placeholder(self, name, text):
        if name in self.fields and text:
            self.fields[name].widget.attrs["placeholder"] = text


class BylineFormSet(BaseInlineFormSet):
    """A story's bylines: at least one, and each author once."""

    def clean(self):
        if any(self.errors):
            return
        kept = [form for form in self.forms if form.cleaned_data and not self._should_delete_form(form)]
        if not kept:
            raise ValidationError("Add at least one byline: every story needs an author.", code="no_byline")
        seen = set()
        for form in kept:
            author = form.cleaned_data["author"]
            if author.pk in seen:
                raise ValidationError(
                    f"{author} is listed twice; give each author one byline.", code="duplicate_byline"
                )
            seen.add(author.pk)
        super().clean()
