"""The media library in the admin: the list, the upload form, the focal point, usage, and the editor's picker."""

import datetime

from django.contrib import admin
from django.db.models import Prefetch, Q
from django.template.defaultfilters import filesizeformat
from django.urls import NoReverseMatch, path, reverse
from django.utils import timezone
from django.utils.html import format_html, format_html_join

from .forms import ImageForm
from .models import Image, Rendition
from .renditions import THUMBNAIL_RATIO, THUMBNAIL_WIDTH, rendition_url, spec_name, thumbnail_url
from .views import PickerView

# "Expiring soon" on the list and its filter.
EXPIRY_WARNING_DAYS = 30


class UsageRightsFilter(admin.SimpleListFilter):
    title = "usage rights"
    parameter_name = "rights"

    def lookups(self, request, model_admin):
        return [
            ("usable", "Usable"),
            ("expiring", f"Expiring within {EXPIRY_WARNING_DAYS} days"),
            ("expired", "Expired"),
        ]

    def queryset(self, request, queryset):
        today = timezone.localdate()
        if self.value() == "usable":
            return queryset.usable(today)
        if self.value() == "expiring":
            soon = today + datetime.timedelta(days=EXPIRY_WARNING_DAYS)
            return queryset.filter(usage_expires_on__gte=today, usage_expires_on__lte=soon)
        if self.value() == "expired":
            return queryset.expired(today)
        return queryset


@admin.register(Image)
class ImageAdmin(admin.ModelAdmin):
    form = ImageForm
    list_display = ["thumbnail", "title", "credit", "source", "usage_rights", "uploaded_by", "uploaded"]
    list_display_links = ["thumbnail", "title"]
    list_filter = [UsageRightsFilter, ("uploaded_by", admin.RelatedOnlyFieldListFilter), "source"]
    list_select_related = ["uploaded_by"]
    list_per_page = 50
    search_fields = ["title", "alt_text", "caption", "credit", "source", "licence"]
    date_hierarchy = "uploaded_at"
    readonly_fields = ["focal_picker", "usage", "dimensions", "stored_size", "uploaded_by", "uploaded_at"]

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
            return [describe, rights]
        return [
            describe,
            rights,
            ("Focal point", {"fields": ["focal_picker", ("focal_x", "focal_y")]}),
            ("Where it is used", {"fields": ["usage"]}),
            ("File", {"fields": ["dimensions", "stored_size", "uploaded_by", "uploaded_at"]}),
        ]

    def get_queryset(self, request):
        # The renditions these pages show: list thumbnails and the uncropped preview for the focal point.
        shown = Rendition.objects.filter(
            Q(spec=spec_name(THUMBNAIL_RATIO, THUMBNAIL_WIDTH)) | Q(spec__startswith="free-"), format="jpeg"
        )
        return super().get_queryset(request).prefetch_related(Prefetch("renditions", queryset=shown))

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

    @admin.display(description="Click the subject")
    def focal_picker(self, obj):
        return format_html(
            '<div class="focal-picker-field"><div class="focal-picker" data-focal-picker>'
            '<img src="{}" alt="{}" data-focal-image>'
            '<span class="focal-picker__marker" hidden data-focal-marker></span>'
            "</div>"
            '<p class="help">Crops keep the point you click in view. Without a mouse, type it below.</p></div>',
            rendition_url(obj, "free", 800),
            obj.alt_text,
        )

    @admin.display(description="Used in")
    def usage(self, obj):
        sections = [
            ("Hero image of", obj.hero_usages.order_by("-published_at", "-id"), "admin:articles_article_change"),
            ("In the body of", obj.body_usages.order_by("-published_at", "-id"), "admin:articles_article_change"),
            ("Headshot of", obj.author_headshots.order_by("name"), "admin:authors_author_change"),
        ]
        parts = []
        for label, rows, url_name in sections:
            links = [(_admin_link(item, url_name),) for item in rows]
            if links:
                parts.append(
                    format_html(
                        '<p class="media-usage__label">{}</p><ul class="media-usage">{}</ul>',
                        label,
                        format_html_join("", "<li>{}</li>", links),
                    )
                )
        if not parts:
            return "Not used in any story or author profile."
        return format_html(
            '<div class="media-usage-field">{}</div>', format_html_join("", "{}", ((part,) for part in parts))
        )

    @admin.display(description="size in pixels")
    def dimensions(self, obj):
        return f"{obj.width} × {obj.height}"

    @admin.display(description="stored file")
    def stored_size(self, obj):
        return filesizeformat(obj.file_size)


def _day(date):
    return f"{date:%-d %b %Y}"


def _admin_link(item, url_name):
    status = getattr(item, "get_status_display", None)
    label = format_html("{} ({})", item, status()) if status else str(item)
    try:
        return format_html('<a href="{}">{}</a>', reverse(url_name, args=[item.pk]), label)
    except NoReverseMatch:
        return label
