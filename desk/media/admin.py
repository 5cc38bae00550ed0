"""
The media library in the admin: the list, the upload form and the picture's page (its read-only parts
in ``picture_page``, the list's filters in ``filters``), and the editor's picker.

Who may change a picture is the roles module's rule (``articles.roles.picture_lock``): a journalist
sees a picture the desk controls read-only, with the reason, and a change posted anyway is refused.
"""

import datetime

import reversion
from django.contrib import admin
from django.db import router, transaction
from django.db.models import Prefetch
from django.urls import path
from django.utils import timezone
from django.utils.html import format_html

from articles import roles
from media.history import CHANGED, UPLOADED, keep_baseline
from media.models import Image, Rendition
from media.specs import THUMBNAIL_WIDTH

from .filters import EXPIRY_WARNING_DAYS, SourceFilter, UsageRightsFilter
from .forms import ImageForm
from .picker import PickerView
from .picture_page import PAGE_RATIOS, PicturePageMixin
from .pictures import thumbnail_url


@admin.register(Image)
class ImageAdmin(PicturePageMixin, admin.ModelAdmin):
    form = ImageForm
    list_display = ["thumbnail", "title", "credit", "source", "usage_rights", "uploaded_by", "uploaded"]
    # The title is the link: a thumbnail link would have no name of its own to read out.
    list_display_links = ["title"]
    list_filter = [UsageRightsFilter, ("uploaded_by", admin.RelatedOnlyFieldListFilter), ("source", SourceFilter)]
    list_select_related = ["uploaded_by"]
    list_per_page = 50
    search_fields = ["title", "alt_text", "caption", "credit", "source", "licence"]
    date_hierarchy = "uploaded_at"
    readonly_fields = [
        "focal_picker",
        "shapes",
        "usage",
        "dimensions",
        "stored_size",
        "uploaded_by",
        "uploaded_at",
        "change_history",
    ]

    class Media:
        css = {"all": ["media/admin.css"]}
        js = ["media/focal-point.js"]

    def get_fieldsets(self, request, obj=None):
        describe = (None, {"fields": ["file", "title", "alt_text"]})
        rights = (
            "Caption, credit and rights",
            {
                "fields": ["caption", "credit", "source", "licence", "usage_expires_on"],
                "description": "Left empty, caption, credit and source are read from the file's IPTC or XMP data.",
            },
        )
        if obj is None:
            # A new picture's form carries the file it kept on a refused try (ImageForm.pending_file).
            describe = (None, {"fields": ["file", "pending_file", "title", "alt_text"]})
            return [describe, rights]
        lock = self.picture_lock(request, obj)
        if lock:
            describe = (None, {"fields": describe[1]["fields"], "description": locked_note(lock)})
        return [
            describe,
            rights,
            ("Focal point", {"fields": ["focal_picker", ("focal_x", "focal_y"), "shapes"]}),
            ("Where it is used", {"fields": ["usage"]}),
            ("File", {"fields": ["dimensions", "stored_size", "uploaded_by", "uploaded_at"]}),
            ("Changes", {"fields": ["change_history"]}),
        ]

    # Rights ------------------------------------------------------------------------------------------

    def picture_lock(self, request, obj):
        """Why this user may not change the picture ("" if they may), worked out once per request."""
        locks = self.picture_locks(request)
        if obj.pk not in locks:
            locks[obj.pk] = roles.picture_lock(request.user, obj)
        return locks[obj.pk]

    def picture_locks(self, request):
        """This request's answers, by picture."""
        if not hasattr(request, "picture_locks"):
            request.picture_locks = {}
        return request.picture_locks

    def has_change_permission(self, request, obj=None):
        # Without it the admin shows the picture read-only and answers a posted change with 403.
        allowed = super().has_change_permission(request, obj)
        if obj is None or not allowed:
            return allowed
        return not self.picture_lock(request, obj)

    def changeform_view(self, request, object_id=None, form_url="", extra_context=None):
        if request.method != "POST":
            return super().changeform_view(request, object_id, form_url, extra_context)
        # The check and the save are one transaction on locked rows: a story using the picture cannot
        # go live between them, and a refusal (403) leaves nothing behind.
        with transaction.atomic(using=router.db_for_write(Image)):
            if object_id:
                image = self.get_object(request, object_id)
                if image is not None:
                    # Replaces whatever was worked out before the rows were locked.
                    self.picture_locks(request)[image.pk] = roles.picture_lock_for_save(request.user, image)
                    if self.has_change_permission(request, image):
                        keep_baseline(image)
            # One revision per save: the history shows who changed what, from what, when.
            with reversion.create_revision(atomic=False):
                reversion.set_user(request.user)
                reversion.set_comment(UPLOADED if object_id is None else CHANGED)
                return super().changeform_view(request, object_id, form_url, extra_context)

    def get_queryset(self, request):
        # The renditions these pages show: the list's thumbnails; a picture's crops and its uncropped self.
        queryset = super().get_queryset(request)
        if getattr(request.resolver_match, "url_name", "").endswith("_changelist"):
            return queryset.prefetch_related(Prefetch("renditions", queryset=Rendition.objects.thumbnails()))
        return queryset.prefetch_renditions(*PAGE_RATIOS)

    def get_urls(self):
        picker_view = self.admin_site.admin_view(PickerView.as_view(model_admin=self))
        return [path("picker/", picker_view, name="media_image_picker"), *super().get_urls()]

    def get_form(self, request, obj=None, change=False, **kwargs):
        form_class = super().get_form(request, obj, change=change, **kwargs)
        form_class.uploader = request.user
        return form_class

    def save_model(self, request, obj, form, change):
        if not change:
            obj.uploaded_by = request.user
        super().save_model(request, obj, form, change)

    # List columns -------------------------------------------------------------------------------------

    @admin.display(description="")
    def thumbnail(self, obj):
        return format_html(
            '<img class="media-thumb" src="{}" width="{}" height="{}" alt="">',
            thumbnail_url(obj),
            THUMBNAIL_WIDTH // 2,
            THUMBNAIL_WIDTH // 3,
        )

    @admin.display(description="usage rights", ordering="usage_expires_on")
    def usage_rights(self, obj):
        expires = obj.usage_expires_on
        if expires is None:
            return "No expiry"
        today = timezone.localdate()
        if expires < today:
            return format_html('<span class="media-rights media-rights--expired">Expired {}</span>', _day(expires))
        if expires <= today + datetime.timedelta(days=EXPIRY_WARNING_DAYS):
            return format_html('<span class="media-rights media-rights--soon">Expires {}</span>', _day(expires))
        return f"Until {_day(expires)}"

    @admin.display(description="uploaded", ordering="uploaded_at")
    def uploaded(self, obj):
        return _day(timezone.localtime(obj.uploaded_at))

    # Change page ---------------------------------------------------------------------------------------


def locked_note(reason):
    """Why the fields below are read-only, in the admin's own warning style, at the top of the form."""
    return format_html('<ul class="messagelist"><li class="warning">{}</li></ul>', reason)


def _day(date):
    return f"{date:%-d %b %Y}"
