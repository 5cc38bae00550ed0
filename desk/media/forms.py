"""The library's upload and description form."""

from functools import partial

from django import forms
from django.core.exceptions import ImproperlyConfigured
from django.db import transaction
from django.forms.utils import ErrorDict
from django.utils.html import format_html

from media import pending as pending_uploads
from media import uploads
from media.fields import CheckedUpload
from media.models import Image, UploadAttempt

# Fields a picture's own metadata may fill when the journalist leaves them empty.
PREFILLED_FIELDS = ("title", "caption", "credit", "source")


class ImageForm(forms.ModelForm):
    """
    Upload or describe a library picture.

    The file is checked and cleaned by ``media.fields.PictureFormField``. Title,
    caption, credit and source left empty are filled from the file's IPTC or XMP
    metadata; title and credit must end up non-empty either way.

    A new picture's file, once accepted, survives a refusal for another field:
    it is kept (``media.pending``) and the form's hidden ``pending_file`` names
    it, so the next try need not choose it again. That try counts against the
    hourly limit as a new upload would.
    """

    # The token of a file accepted on an earlier try of this form (see media.pending).
    pending_file = forms.CharField(required=False, widget=forms.HiddenInput)

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

    # The person sending the form, set by the admin: every file they send counts against their hourly limit.
    uploader = None

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
        self.pending = None
        if self.is_bound and self._keeps_files():
            self._take_pending_file()

    def _keeps_files(self):
        return "file" in self.fields and "pending_file" in self.fields and self.instance.pk is None

    def _take_pending_file(self):
        token = self.data.get(self.add_prefix("pending_file"))
        if not token:
            return
        pending = pending_uploads.take(token, self.uploader)
        if self.files.get(self.add_prefix("file")):
            # Another file was chosen: the kept one is no longer wanted.
            if pending is not None:
                pending_uploads.discard(pending)
            return
        if pending is None:
            self.fields["file"].error_messages["required"] = (
                "The file kept from your last try is no longer available: choose it again."
            )
            return
        files = self.files.copy()
        files[self.add_prefix("file")] = pending.as_upload()
        self.files = files
        self.pending = pending

    def sends_file(self):
        """Whether this submission carries a picture file: for a new picture, or to replace an existing one's."""
        return self.is_bound and bool(self.files.get(self.add_prefix("file")))

    def full_clean(self):
        if not self.sends_file():
            super().full_clean()
            return
        if self.uploader is None:
            raise ImproperlyConfigured("ImageForm.uploader must be set before a file can be uploaded.")
        refusal = uploads.limit_message(self.uploader)
        if refusal:
            # Refused before the file is read, and not recorded: a flood costs no decoding and no rows.
            self._errors = ErrorDict()
            self.cleaned_data = {}
            self.add_error(None, refusal)
            return
        super().full_clean()
        if self._errors:
            outcome = UploadAttempt.Outcome.REFUSED
        elif self.instance.pk is None:
            outcome = UploadAttempt.Outcome.NEW
        else:
            outcome = UploadAttempt.Outcome.REPLACEMENT
        uploads.record_attempt(self.uploader, outcome)
        if self._errors and self._keeps_files():
            self._keep_file()

    def _keep_file(self):
        """Keep an accepted file while other fields are put right, and show what its metadata supplied."""
        checked = self.cleaned_data.get("file")
        if "file" in self._errors or not isinstance(checked, CheckedUpload):
            return
        if self.pending is None:
            sent = self.files[self.add_prefix("file")]
            self.pending = pending_uploads.keep(checked, self.uploader, filename=sent.name)
        data = self.data.copy()
        data[self.add_prefix("pending_file")] = self.pending.token
        for name in PREFILLED_FIELDS:
            key = self.add_prefix(name)
            if name in self.fields and not data.get(key) and self.cleaned_data.get(name):
                data[key] = self.cleaned_data[name]
        self.data = data
        self.fields["file"].required = False
        # The bound field (already made while cleaning) is what pages render.
        self["file"].help_text = format_html(
            "Kept from your last try: <strong>{}</strong> ({} × {} pixels). "
            "Leave this empty to use it, or choose another file.",
            self.pending.filename,
            self.pending.width,
            self.pending.height,
        )

    def save(self, commit=True):
        image = super().save(commit)
        if self.pending is not None:
            transaction.on_commit(partial(pending_uploads.discard, self.pending), robust=True)
        return image

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
