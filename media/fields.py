"""The picture file field: every form that uploads a library image checks and cleans it on the server."""

import io

from django import forms
from django.core.files.base import ContentFile
from django.db import models
from PIL import Image as PILImage

from .metadata import read_metadata
from .originals import prepare_original
from .validators import check_picture


class CheckedUpload(ContentFile):
    """An accepted upload, ready to store: cleaned bytes, the extension its content earned, its metadata."""

    def __init__(self, content, extension, metadata):
        super().__init__(content, name=f"upload.{extension}")
        self.extension = extension
        self.metadata = metadata


class PictureFormField(forms.ImageField):
    """
    An image upload checked by ``media.validators.check_picture`` instead of Django's lighter test.

    Its cleaned value is a ``CheckedUpload``; an unchanged field keeps the stored file.
    """

    default_error_messages = {
        **forms.ImageField.default_error_messages,
        "empty": "The file is empty. Upload a JPEG, PNG, GIF or WebP picture.",
    }

    def to_python(self, data):
        upload = forms.FileField.to_python(self, data)
        if upload is None:
            return None
        return checked_upload(upload)


def checked_upload(upload):
    """
    ``upload`` (any Django ``File``) checked as every picture the library takes is (``check_picture``)
    and cleaned for storing, with its metadata: a ``CheckedUpload``. Raises ``ValidationError``.

    The library's forms and imports alike store only what passed here (``PictureField.save_form_data``).
    """
    checked = check_picture(upload)
    with PILImage.open(io.BytesIO(checked.data)) as picture:
        metadata = read_metadata(picture)
    return CheckedUpload(prepare_original(checked), checked.extension, metadata)


class PictureField(models.ImageField):
    """An ``ImageField`` whose forms use ``PictureFormField`` and whose stored name ends as the content says."""

    def formfield(self, **kwargs):
        # The uploader's file name is thrown away, so its length is no reason to refuse the picture.
        return super().formfield(**{"form_class": PictureFormField, **kwargs, "max_length": None})

    def save_form_data(self, instance, data):
        if isinstance(data, CheckedUpload):
            # media.models.original_upload_to names the file after this, never after the uploader's name.
            instance._detected_extension = data.extension
        super().save_form_data(instance, data)
