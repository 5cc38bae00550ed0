"""
A library picture's admin form as a browser posts it: its addresses, its fields (the picture's own,
changed where a test says), a small file to replace it with, and what the database keeps of it.
"""

import io

from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image as PILImage

from media.models import Image
from tests.factories import jpeg_bytes

ADD_URL = "/admin/media/image/add/"


def change_url(image):
    return f"/admin/media/image/{image.pk}/change/"


def delete_url(image):
    return f"/admin/media/image/{image.pk}/delete/"


def small_picture(image):
    """Library pictures in these tests are small: each one is decoded when its file is replaced."""
    image.file.save("picture.jpg", SimpleUploadedFile("picture.jpg", jpeg_bytes((300, 200))), save=True)
    return image


def png_upload():
    buffer = io.BytesIO()
    PILImage.new("RGB", (240, 240), (200, 40, 40)).save(buffer, "PNG")
    return SimpleUploadedFile("replacement.png", buffer.getvalue(), content_type="image/png")


def picture_form(image, **fields):
    """The picture's form as a browser posts it, unchanged apart from ``fields``."""
    data = {
        "title": image.title,
        "alt_text": image.alt_text,
        "caption": image.caption,
        "credit": image.credit,
        "source": image.source,
        "licence": image.licence,
        "usage_expires_on": f"{image.usage_expires_on:%Y-%m-%d}" if image.usage_expires_on else "",
        "focal_x": str(image.focal_x),
        "focal_y": str(image.focal_y),
    }
    return data | fields


def stored(image):
    """Everything a reader may see of the picture, as the database holds it."""
    return Image.objects.filter(pk=image.pk).values(
        "file", "title", "alt_text", "caption", "credit", "source", "licence", "usage_expires_on", "focal_x", "focal_y"
    )[0]
