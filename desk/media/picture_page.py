"""
What a picture's page in the library shows beside its fields: the focal point picker, the crops readers
see, where the picture is used and its history. The page's queryset reads the renditions shown
(``PAGE_RATIOS``) with the picture.
"""

from django.contrib import admin
from django.template.defaultfilters import filesizeformat
from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from django.utils.html import format_html, format_html_join

from media.history import picture_history
from media.renditions import crop_box
from media.specs import RATIOS, WIDTHS

from .pictures import picture_url

# The crops the site shows of a picture, as the picture's page previews them: ratio, label, where readers see it.
SHAPES = [
    ("16x9", "16:9", "story heroes, lead teasers and shared links"),
    ("3x2", "3:2", "story lists and related stories"),
    ("1x1", "1:1", "headshots and search results"),
]
# Shown at this width, from the narrowest stored crop (sharp on a high-density screen).
SHAPE_PREVIEW_WIDTH = 200
# The renditions the page shows: the crops, and the uncropped picture the focal point is clicked on.
PAGE_RATIOS = ("free", *(ratio for ratio, _label, _use in SHAPES))


class PicturePageMixin:
    """The read-only fields of ``ImageAdmin``'s change page."""

    @admin.display(description="Click the subject")
    def focal_picker(self, obj):
        return format_html(
            '<div class="focal-picker-field"><div class="focal-picker" data-focal-picker>'
            '<img src="{}" alt="{}" data-focal-image>'
            '<span class="focal-picker__marker" hidden data-focal-marker></span>'
            "</div>"
            '<p class="help">Crops keep the point you click in view. Without a mouse, type it below.</p></div>',
            picture_url(obj, "free", 800),
            obj.alt_text,
        )

    @admin.display(description="Shapes")
    def shapes(self, obj):
        previews = []
        for ratio, label, use in SHAPES:
            ratio_w, ratio_h = RATIOS[ratio]
            across, down = _crop_position(obj, ratio)
            previews.append(
                (
                    ratio,
                    f"{ratio_w} / {ratio_h}",
                    f"object-position: {across}% {down}%",
                    picture_url(obj, ratio, WIDTHS[0]),
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


def _crop_position(image, ratio):
    """Where the crop of ``ratio`` sits in the picture, as CSS ``object-position`` percentages."""
    left, top, right, bottom = crop_box((image.width, image.height), RATIOS[ratio], (image.focal_x, image.focal_y))
    spare_w, spare_h = image.width - (right - left), image.height - (bottom - top)
    return (round(100 * left / spare_w, 1) if spare_w else 50, round(100 * top / spare_h, 1) if spare_h else 50)


def _admin_link(item, url_name):
    status = getattr(item, "get_status_display", None)
    label = format_html("{} ({})", item, status()) if status else str(item)
    try:
        return format_html('<a href="{}">{}</a>', reverse(url_name, args=[item.pk]), label)
    except NoReverseMatch:
        return label
