"""
The picked-image preview that sits beside an image chooser in the admin.

The preview is rendered on the server, so it shows the chosen picture, its
caption and its credit without JavaScript. A small static script refreshes it
when the choice changes, reading a staff-only JSON description of the image.
"""

from django.core.exceptions import PermissionDenied
from django.http import Http404, JsonResponse
from django.template.loader import render_to_string
from django.urls import path, reverse
from django.utils.formats import date_format

from media.models import Image

from .pictures import thumbnail_url


def image_summary(image):
    """What the preview shows of a library image, as plain data."""
    return {
        "id": image.pk,
        "title": image.title,
        "thumbnail": thumbnail_url(image),
        "alt": image.alt_text,
        "caption": image.caption,
        "credit": image.credit,
        "expired": image.is_expired(),
        "expires_on": date_format(image.usage_expires_on) if image.usage_expires_on else "",
    }


class ImagePreviewMixin:
    """
    For a ModelAdmin with image choosers: a preview of the picked image and the JSON view behind it.

    ``image_preview(obj, field_name)`` renders the preview of ``obj``'s image
    in ``field_name``; list the method that calls it in ``readonly_fields``.
    """

    image_preview_template = "admin/articles/image_preview.html"

    def get_urls(self):
        info = self.opts.app_label, self.opts.model_name
        summary = self.admin_site.admin_view(self.image_summary_view)
        return [path("image-summary/", summary, name="{}_{}_image_summary".format(*info)), *super().get_urls()]

    def image_summary_view(self, request):
        """Describe one library image to someone who may fill in this admin's forms."""
        fills_forms = self.has_add_permission(request) or self.has_change_permission(request)
        if not (fills_forms and request.user.has_perm("media.view_image")):
            raise PermissionDenied
        image_id = request.GET.get("id", "")
        image = Image.objects.filter(pk=image_id).first() if image_id.isascii() and image_id.isdigit() else None
        if image is None:
            raise Http404("No such image")
        return JsonResponse(image_summary(image))

    def image_preview(self, obj, field_name):
        """The preview of the image ``obj`` holds in ``field_name`` (empty when none is chosen)."""
        image = getattr(obj, field_name, None) if obj is not None else None
        info = self.opts.app_label, self.opts.model_name
        context = {
            "field_name": field_name,
            "summary_url": reverse("admin:{}_{}_image_summary".format(*info), current_app=self.admin_site.name),
            "image": image_summary(image) if image else None,
        }
        return render_to_string(self.image_preview_template, context)
