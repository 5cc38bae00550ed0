"""The story desk: the list of stories and the story form."""

from django.conf import settings
from django.contrib import admin
from django.contrib.admin.views.main import ChangeList
from django.db import models
from django.db.models import F, Prefetch
from django.utils import dateformat, timezone
from django.utils.html import format_html
from django.utils.safestring import mark_safe

from articles import editing, roles, workflow
from articles.models import Article, Byline, Correction, Status
from desk.media.image_preview import ImagePreviewMixin
from desk.media.pictures import thumbnail_url
from desk.widgets import LabelledSplitDateTime, TolerantAutocompleteAdminMixin
from importer.models import origin_of
from media.models import Rendition
from newsroom.pagination import Paginator
from newsroom.richtext import sanitize_body

from .calendar import CalendarMixin
from .filters import AuthorFilter, MineFilter, WhenFilter
from .forms import ArticleAdminForm
from .inlines import BylineInline, CorrectionInline
from .live import LiveCoverageAdminMixin
from .preview import PreviewMixin
from .revisions import RevisionAdminMixin
from .sharing import ShareLinkAdminMixin
from .workflow import WorkflowAdminMixin

# The story list counts a hundred pages of a hundred stories: past that, the desk searches or filters.
COUNT_CAP = 10_000


def desk_time(moment, now):
    """A compact ``<time>`` in the newsroom's zone for the list: "Tue 1 Dec, 09:00", with the year if not this one."""
    local = timezone.localtime(moment)
    shown = dateformat.format(local, "D j M, H:i" if local.year == timezone.localtime(now).year else "D j M Y, H:i")
    return format_html('<time datetime="{}">{}</time>', local.isoformat(), shown)


def bylines_with_authors():
    return Prefetch("bylines", queryset=Byline.objects.select_related("author"))


class StoryList(ChangeList):
    """The desk's list of stories, read as the list shows them."""

    def get_queryset(self, request, exclude_parameters=None):
        queryset = super().get_queryset(request, exclude_parameters)
        # The list never shows the text, and of the heroes' renditions only the thumbnails.
        thumbnail = Prefetch("hero_image__renditions", queryset=Rendition.objects.thumbnails())
        queryset = queryset.defer("body", "editorial_note").prefetch_related(None)
        queryset = queryset.prefetch_related(bylines_with_authors(), thumbnail)
        # Which drafts wait on their writers after a send-back: read with the page's rows.
        return workflow.with_changes_requested(queryset)


@admin.register(Article)
class ArticleAdmin(
    CalendarMixin,
    LiveCoverageAdminMixin,
    WorkflowAdminMixin,
    ShareLinkAdminMixin,
    RevisionAdminMixin,
    PreviewMixin,
    ImagePreviewMixin,
    TolerantAutocompleteAdminMixin,
    admin.ModelAdmin,
):
    form = ArticleAdminForm
    inlines = [BylineInline, CorrectionInline]

    list_display = [
        "headline",
        "state",
        "bylines_and_section",
        "hero_thumbnail",
        "preview_link",
    ]
    list_filter = ["status", WhenFilter, "section", AuthorFilter, MineFilter]
    list_select_related = ["section", "hero_image"]
    search_fields = ["headline", "dek", "body"]
    search_help_text = "Search headlines, deks and story text."
    # Newest first; stories not yet given a time (drafts) lead the list.
    ordering = [F("published_at").desc(nulls_first=True), "-id"]
    # Counting every story is a scan of the whole archive: the pages count up to a cap ("10,000+"),
    # and there is no "N total" beside a search. (For the same reason the list has no year-by-year
    # date hierarchy, whose first level reads every story's date; the publication time filter's
    # ranges take its place.)
    show_full_result_count = False

    prepopulated_fields = {"slug": ["headline"]}
    autocomplete_fields = ["tags", "hero_image"]
    formfield_overrides = {models.DateTimeField: {"widget": LabelledSplitDateTime}}
    fieldsets = [
        (None, {"fields": ["headline", "slug", "dek", "section", "tags"]}),
        ("Hero image", {"fields": ["hero_image", "hero_preview", ("hero_caption", "hero_credit")]}),
        ("Story", {"fields": ["body"]}),
        ("Search and sharing", {"fields": ["seo_title", "seo_description"], "classes": ["collapse"]}),
        ("Publication", {"fields": ["status", "published_at", "updated_at", "featured"]}),
        ("Desk", {"fields": ["editorial_note", "created_by", "created_at", "modified_at"]}),
    ]
    readonly_fields = [
        "hero_preview",
        "body_as_read",
        "imported_from",
        "status",
        "published_at",
        "created_by",
        "created_at",
        "modified_at",
    ]

    class Media:
        js = [
            "admin/articles/image-preview.js",
            "admin/articles/autosave.js",
            "admin/articles/writing-aids.js",
            "admin/articles/search-preview.js",
            "admin/articles/bylines.js",
        ]
        css = {
            "all": [
                "admin/articles/admin.css",
                "admin/articles/workflow.css",
                "admin/articles/writing-aids.css",
                "admin/articles/live.css",
            ]
        }

    # The list -----------------------------------------------------------------------------------

    def get_paginator(self, request, queryset, per_page, orphans=0, allow_empty_first_page=True):
        return Paginator(queryset, per_page, orphans, allow_empty_first_page, count_cap=COUNT_CAP)

    def get_queryset(self, request):
        # The story page shows the hero with its renditions; the list reads its own (``StoryList``).
        return super().get_queryset(request).prefetch_related(bylines_with_authors(), "hero_image__renditions")

    def get_changelist(self, request, **kwargs):
        return StoryList

    @admin.display(description="state", ordering="published_at")
    def state(self, article):
        """Where the story stands, with its time: "Scheduled for Tue 1 Dec, 09:00", "Changes requested"."""
        now = timezone.now()
        moment = article.published_at
        if article.status == Status.PUBLISHED and moment and not article.is_live_at(now):
            return format_html(
                '<span class="story-state story-state-scheduled">Scheduled for {}</span>', desk_time(moment, now)
            )
        if article.changes_requested_at:
            return format_html('<span class="story-state story-state-sent-back">{}</span>', "Changes requested")
        label = format_html(
            '<span class="story-state story-state-{}">{}</span>', article.status, article.get_status_display()
        )
        if moment is None:
            return label
        return format_html("{}{}", label, desk_time(moment, now))

    @admin.display(description="bylines and section", ordering="section")
    def bylines_and_section(self, article):
        """Who wrote it, and under which section it runs (one column, so the list fits a laptop's width)."""
        names = ", ".join(byline.author.name for byline in article.bylines.all())
        if article.section is None:
            return names
        return format_html('{}<span class="story-section">{}</span>', names, article.section)

    @admin.display(description="hero")
    def hero_thumbnail(self, article):
        image = article.hero_image
        if image is None:
            return ""
        thumbnail = format_html(
            '<img class="admin-thumbnail" src="{}" alt="{}" width="60" height="40" loading="lazy">',
            thumbnail_url(image),
            image.alt_text,
        )
        if image.is_expired():
            # Readers no longer see this picture: the story needs another.
            return format_html('{}<span class="rights-expired">Rights expired</span>', thumbnail)
        return thumbnail

    # The form -----------------------------------------------------------------------------------

    def view_on_site(self, article):
        """The live story's public address; none for a story readers cannot see (the Preview button shows it)."""
        if not article.is_live:
            return None
        return settings.SITE_URL + article.get_absolute_url()

    @admin.display(description="picked image")
    def hero_preview(self, article):
        return self.image_preview(article, "hero_image")

    @admin.display(description="body")
    def body_as_read(self, article):
        # The stored body is sanitized on save; cleaning it again costs little and trusts nothing.
        return mark_safe(sanitize_body(article.body))  # noqa: S308

    @admin.display(description="imported from")
    def imported_from(self, article):
        """The WordPress post the story was imported from, and its address there: read-only."""
        origin = self._origin(article)
        if origin is None:
            return ""
        old_url = origin.old_url
        link = format_html('<a href="{}" rel="noopener noreferrer">{}</a>', old_url, old_url)
        return format_html(
            "WordPress post {} of {}: {}",
            origin.wordpress_id,
            origin.site,
            link if old_url.startswith(("https://", "http://")) else old_url,
        )

    @staticmethod
    def _origin(article):
        # Asked for by the fieldsets and the field alike: one query for the page.
        if not hasattr(article, "_wordpress_origin"):
            article._wordpress_origin = origin_of(article)
        return article._wordpress_origin

    def get_fieldsets(self, request, obj=None):
        fieldsets = super().get_fieldsets(request, obj)
        if obj is not None and self._origin(obj) is not None:
            fieldsets = [*fieldsets, ("Imported from WordPress", {"fields": ["imported_from"]})]
        if obj is None or self.has_change_permission(request, obj):
            return fieldsets
        # Whoever may only read the story sees its body as readers do, not as markup.
        return [
            (name, {**options, "fields": ["body_as_read" if f == "body" else f for f in options["fields"]]})
            for name, options in fieldsets
        ]

    def get_readonly_fields(self, request, obj=None):
        readonly = list(super().get_readonly_fields(request, obj))
        # Marking a substantive update and choosing the home page's lead are the desk's calls.
        # (The publication time is never typed here: publishing or scheduling sets it.)
        if not roles.has_publish_right(request.user):
            readonly += editing.DESK_FIELDS
        return readonly

    def has_change_permission(self, request, obj=None):
        # A writer's own save goes on to the form, which checks the right to edit on the locked row.
        return super().has_change_permission(request, obj) or self.saving_own_story(request, obj)

    def save_formset(self, request, form, formset, change):
        if formset.model is Correction:
            # Whoever adds a correction signs it.
            for new_form in formset.extra_forms:
                new_form.instance.created_by = request.user
        super().save_formset(request, form, formset, change)
