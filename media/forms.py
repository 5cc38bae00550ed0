"""The library's upload and description form."""

import datetime

from django import forms
from django.conf import settings
from django.forms.utils import ErrorDict
from django.utils import timezone

from .models import Image


def uploads_per_hour():
    return getattr(settings, "MEDIA_UPLOADS_PER_HOUR", 60)


def upload_limit_message(user, now=None):
    """Why this user may not upload more pictures right now, or None when they may."""
    limit = uploads_per_hour()
    since = (now or timezone.now()) - datetime.timedelta(hours=1)
    if Image.objects.filter(uploaded_by=user, uploaded_at__gte=since).count() < limit:
        return None
    return (
        f"You have uploaded {limit} pictures in the last hour, the most the library takes from one person. "
        "Wait a little before the next one, or ask an editor if a big batch has to go in now."
    )


# Fields a picture's own metadata may fill when the journalist leaves them empty.
PREFILLED_FIELDS = ("title", "caption", "credit", "source")


class ImageForm(forms.ModelForm):
    """
    Upload or describe a library picture.

    The file is checked and cleaned by ``media.fields.PictureFormField``. Title,
    caption, credit and source left empty are filled from the file's IPTC or XMP
    metadata; title and credit must end up non-empty either way.
    """

    class Meta:
        model = Image
        fields = [
            "file",
            "title",
            "alt_text",
            "caption",
            "credit",
            "source",
            "licence",
            "usage_expires_on",
            "focal_x",
            "focal_y",
        ]
        widgets = {
            "focal_x": forms.NumberInput(attrs={"step": "0.001", "min": "0", "max": "1"}),
            "focal_y": forms.NumberInput(attrs={"step": "0.001", "min": "0", "max": "1"}),
            "caption": forms.Textarea(attrs={"rows": 3}),
            "licence": forms.Textarea(attrs={"rows": 2}),
        }
        labels = {"focal_x": "Focal point across", "focal_y": "Focal point down"}
        help_texts = {
            "focal_x": "0 is the left edge, 1 the right edge.",
            "focal_y": "0 is the top edge, 1 the bottom edge.",
        }

    # Set by the admin when the uploader has reached the hourly limit: the form then refuses
    # before it reads the file, so a flood of uploads costs no decoding.
    upload_limit_message = None

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # The file's metadata may supply these; clean() insists on them afterwards. (Someone who may only
        # view the picture gets the form without its fields.)
        for name in ("title", "credit"):
            if name in self.fields:
                self.fields[name].required = False
        if "alt_text" in self.fields:
            alt_help = "What the picture shows, for readers who cannot see it (required; the file never supplies it)."
            self.fields["alt_text"].help_text = alt_help

    def full_clean(self):
        if self.is_bound and self.instance.pk is None and self.upload_limit_message:
            self._errors = ErrorDict()
            self.cleaned_data = {}
            self.add_error(None, self.upload_limit_message)
            return
        super().full_clean()

    def clean(self):
        cleaned_data = super().clean()
        metadata = getattr(cleaned_data.get("file"), "metadata", None)
        if metadata:
            for name in PREFILLED_FIELDS:
                value = getattr(metadata, name)
                if value and not cleaned_data.get(name) and name not in self.errors:
                    cleaned_data[name] = value[: Image._meta.get_field(name).max_length]
        if not cleaned_data.get("title") and "title" not in self.errors:
            self.add_error("title", "Give the picture a title to find it by in the library.")
        if not cleaned_data.get("credit") and "credit" not in self.errors:
            self.add_error(
                "credit",
                'Give the credit as readers should see it, e.g. "China National Space Administration". '
                "The file carried none.",
            )
        return cleaned_data
