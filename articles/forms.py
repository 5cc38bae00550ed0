"""Admin forms for stories: the story itself and its bylines."""

from django import forms
from django.core.exceptions import ValidationError
from django.forms.models import BaseInlineFormSet
from django.utils.text import Truncator

from .models import Article


class ArticleAdminForm(forms.ModelForm):
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

    def _describe_fallback(self, name, source, current):
        if name not in self.fields:
            return
        help_text = f"Leave empty to use the {source}"
        if current:
            help_text += f": “{Truncator(current).chars(120)}”"
        self.fields[name].help_text = help_text + "."
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
