"""The story form: the story's fields, its writing aids, and the checks that keep a save from overwriting another."""

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone
from django.utils.html import format_html
from django.utils.text import Truncator

from articles import editing
from articles.comparing import TYPED_FIELDS
from articles.models import Article, article_url
from newsroom.richtext import WORDS_PER_MINUTE

from .steps import step_refusal

# What search engines and social cards show before cutting a title or a description short. Longer
# text is allowed up to the field's own limit; the form only says so.
RECOMMENDED_LENGTHS = {"seo_title": 60, "seo_description": 160}
# Text fields where the browser's spellcheck helps the writer (the body's editor has its own switch).
SPELLCHECKED_FIELDS = ["headline", "dek", "hero_caption", "seo_title", "seo_description", "editorial_note"]


class EditSafetyForm(forms.ModelForm):
    """
    Refuses a save that started from an older version of the story, or by someone who may not edit the
    story as it is now, keeping the typed text.

    The check is the editing service's own (``editing.lock_for_save``), made while the form is cleaned
    so that a refusal comes back as the form's error with the text on screen. The story's row stays
    locked from this check to the end of the save (the admin saves in one transaction, through
    ``editing.save_story``), so two saves can never both pass it, and no workflow step can slip in
    between.
    """

    # Set by the admin on the form class it builds for each request:
    # who saves;
    user = None
    # False when the form is only read (a preview of the text on screen): nothing is saved, so the
    # story's row is neither locked nor checked for a newer version or the right to edit;
    saving = True
    # whether the save may mark a substantive update (an editor, on a live story);
    allow_substantive_update = False
    # the user's unsaved text (a recovery copy) they chose to restore: the unbound form opens with it;
    recovery_copy = None
    # the workflow step the save is to be followed by, and what was typed for it (a note, a time).
    then_step = None
    step_data = None

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

    def __init__(self, *args, **kwargs):
        copy = self.recovery_copy
        if copy is not None and not args and "data" not in kwargs:
            restored = {name: copy.data[name] for name, _ in TYPED_FIELDS if name in copy.data}
            kwargs["initial"] = {**kwargs.get("initial", {}), **restored, "started_from_version": copy.base_version}
        super().__init__(*args, **kwargs)
        self.current = None
        # The version this save writes over: the one it started from, or a newer one its author chose
        # to save over after a refusal.
        self.saves_over_version = None
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
        if self.instance.pk and self.saving:
            self._check_save(cleaned)
        if self.then_step is not None:
            # The save is refused too when the step asked for cannot follow it, so neither happens.
            refusal = step_refusal(self.then_step, self.current or self.instance, self.user, self.step_data)
            if refusal:
                raise ValidationError(refusal, code="workflow_step")
        return cleaned

    def _check_save(self, cleaned):
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
                self.saves_over_version = stale.current_version
                return
            # The refused form carries the version it would now save over, for the author's choice.
            data = self.data.copy()
            data["save_over_version"] = stale.current_version
            self.data = data
            self.fields["save_over"].widget = forms.CheckboxInput()
            raise ValidationError(stale_edit_message(self.instance.pk, stale, started), code="stale") from None
        self.saves_over_version = started


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
