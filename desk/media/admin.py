"""
The media library in the admin: the list, the upload form, the focal point, usage, the picture's
history, and the editor's picker.

Who may change a picture is the roles module's rule (``articles.roles.picture_lock``): a journalist
sees a picture the desk controls read-only, with the reason, and a change posted anyway is refused.
"""

import datetime

import reversion
from django.contrib import admin
from django.db import router, transaction
from django.db.models import Prefetch, Q
from django.template.defaultfilters import filesizeformat
from django.urls import NoReverseMatch, path, reverse
from django.utils import timezone
from django.utils.html import format_html, format_html_join

from articles import roles
from media.history import CHANGED, UPLOADED, keep_baseline, picture_history
from media.models import Image, Rendition
from media.renditions import (
    RATIOS,
    THUMBNAIL_RATIO,
    THUMBNAIL_WIDTH,
    WIDTHS,
    crop_box,
    prefetch_renditions,
    rendition_url,
    spec_name,
    thumbnail_url,
)

from .forms import ImageForm
from .picker import PickerView

# "Expiring soon" on the list and its filter.
EXPIRY_WARNING_DAYS = 30

# The crops the site shows of a picture, as the picture's page previews them: ratio, label, where readers see it.
SHAPES = [
    ("16x9", "16:9", "story heroes, lead teasers and shared links"),
    ("3x2", "3:2", "story lists and related stories"),
    ("1x1", "1:1", "headshots and search results"),
]
# Shown at this width, from the narrowest stored crop (sharp on a high-density screen).
SHAPE_PREVIEW_WIDTH = 200


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


class SourceFilter(admin.AllValuesFieldListFilter):
    """The sources pictures came from, where pictures with none say so instead of an empty link."""

    def choices(self, changelist):
        for choice in super().choices(changelist):
            if choice["display"] == "":
                choice["display"] = "No source given"
            yield choice


@admin.register(Image)
class ImageAdmin(admin.ModelAdmin):
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

    @admin.display(description="Shapes")
    def shapes(self, obj):
        # The stored crops, read beside the page's own renditions (the uncropped one stays for the focal picker).
        prefetch_renditions([(obj, [ratio for ratio, _label, _use in SHAPES] + ["free"])])
        previews = []
        for ratio, label, use in SHAPES:
            ratio_w, ratio_h = RATIOS[ratio]
            across, down = _crop_position(obj, ratio)
            previews.append(
                (
                    ratio,
                    f"{ratio_w} / {ratio_h}",
                    f"object-position: {across}% {down}%",
                    rendition_url(obj, ratio, WIDTHS[0]),
                    SHAPE_PREVIEW_WIDTH,
                    SHAPE_PREVIEW_WIDTH * ratio_h // ratio_w,
                    label,
                    use,
                )
            )
        return format_html(
            '<div class="shape-previews" data-shape-previews data-width="{}" data-height="{}">{}'
            '<p class="help" data-shape-note>Crops around the saved focal point, as readers see them.</p></div>',
            obj.width,
            obj.height,
            format_html_join(
                "",
                '<figure class="shape-preview" data-shape="{}" style="--shape: {}">'
                '<img src="{}" style="{}" width="{}" height="{}" alt="" data-shape-image>'
                "<figcaption><strong>{}</strong> {}</figcaption></figure>",
                (
                    (ratio, shape, url, position, width, height, label, use)
                    for ratio, shape, position, url, width, height, label, use in previews
                ),
            ),
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

    @admin.display(description="History")
    def change_history(self, obj):
        entries = picture_history(obj)
        if not entries:
            return "No change recorded since the upload."
        rows = []
        for entry in entries:
            changes = format_html_join(
                "",
                '<li><span class="media-history__field">{}</span>: <del>{}</del> → <ins>{}</ins></li>',
                entry.changes,
            )
            rows.append(
                (
                    timezone.localtime(entry.when).isoformat(),
                    f"{timezone.localtime(entry.when):%-d %b %Y, %-I:%M %p}",
                    entry.summary,
                    format_html('<ul class="media-history__changes">{}</ul>', changes) if entry.changes else "",
                )
            )
        return format_html(
            '<ol class="media-history">{}</ol>',
            format_html_join("", '<li><time datetime="{}">{}</time> · {}{}</li>', rows),
        )

    @admin.display(description="size in pixels")
    def dimensions(self, obj):
        return f"{obj.width} × {obj.height}"

    @admin.display(description="stored file")
    def stored_size(self, obj):
        return filesizeformat(obj.file_size)


def locked_note(reason):
    """Why the fields below are read-only, in the admin's own warning style, at the top of the form."""
    return format_html('<ul class="messagelist"><li class="warning">{}</li></ul>', reason)


def _crop_position(image, ratio):
    """Where the crop of ``ratio`` sits in the picture, as CSS ``object-position`` percentages."""
    left, top, right, bottom = crop_box((image.width, image.height), RATIOS[ratio], (image.focal_x, image.focal_y))
    spare_w, spare_h = image.width - (right - left), image.height - (bottom - top)
    return (round(100 * left / spare_w, 1) if spare_w else 50, round(100 * top / spare_h, 1) if spare_h else 50)


def _day(date):
    return f"{date:%-d %b %Y}"


def _admin_link(item, url_name):
    status = getattr(item, "get_status_display", None)
    label = format_html("{} ({})", item, status()) if status else str(item)
    try:
        return format_html('<a href="{}">{}</a>', reverse(url_name, args=[item.pk]), label)
    except NoReverseMatch:
        return label
