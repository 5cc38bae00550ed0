"""The story desk: the list of stories and the story form."""

from django.contrib import admin
from django.db.models import F, Prefetch
from django.utils.html import format_html

from media.renditions import thumbnail_url, thumbnails
from newsroom.admin_widgets import TolerantAutocompleteAdminMixin

from .. import editing
from ..forms import ArticleAdminForm
from ..models import Article, Byline, Correction
from .calendar import CalendarMixin
from .filters import AuthorFilter, MineFilter, WhenFilter
from .images import ImagePreviewMixin
from .inlines import BylineInline, CorrectionInline
from .pagination import CappedCountPaginator
from .preview import PreviewMixin
from .revisions import RevisionAdminMixin
from .workflow import WorkflowAdminMixin


@admin.register(Article)
class ArticleAdmin(
    CalendarMixin,
    WorkflowAdminMixin,
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
        "status",
        "section",
        "byline_names",
        "published_at",
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
    paginator = CappedCountPaginator
    show_full_result_count = False

    prepopulated_fields = {"slug": ["headline"]}
    autocomplete_fields = ["tags", "hero_image"]
    fieldsets = [
        (None, {"fields": ["headline", "slug", "dek", "section", "tags"]}),
        ("Hero image", {"fields": ["hero_image", "hero_preview", ("hero_caption", "hero_credit")]}),
        ("Story", {"fields": ["body"]}),
        ("Search and sharing", {"fields": ["seo_title", "seo_description"], "classes": ["collapse"]}),
        ("Publication", {"fields": ["status", "published_at", "updated_at", "featured"]}),
        ("Desk", {"fields": ["editorial_note", "created_by", "created_at", "modified_at"]}),
    ]
    readonly_fields = ["hero_preview", "status", "published_at", "created_by", "created_at", "modified_at"]

    class Media:
        js = [
            "admin/articles/image-preview.js",
            "admin/articles/autosave.js",
            "admin/articles/writing-aids.js",
            "admin/articles/search-preview.js",
            "admin/articles/bylines.js",
        ]
        css = {"all": ["admin/articles/admin.css", "admin/articles/workflow.css", "admin/articles/writing-aids.css"]}

    # The list -----------------------------------------------------------------------------------

    def get_queryset(self, request):
        bylines = Prefetch("bylines", queryset=Byline.objects.select_related("author"))
        queryset = super().get_queryset(request).prefetch_related(bylines)
        if getattr(request.resolver_match, "url_name", "").endswith("_changelist"):
            # The list never shows the text, and of the heroes' renditions only the thumbnails.
            thumbnail = Prefetch("hero_image__renditions", queryset=thumbnails())
            return queryset.defer("body", "editorial_note").prefetch_related(thumbnail)
        return queryset.prefetch_related("hero_image__renditions")

    @admin.display(description="bylines")
    def byline_names(self, article):
        return ", ".join(byline.author.name for byline in article.bylines.all())

    @admin.display(description="hero")
    def hero_thumbnail(self, article):
        image = article.hero_image
        if image is None:
            return ""
        thumbnail = format_html(
            '<img class="admin-thumbnail" src="{}" alt="{}" width="80" height="53" loading="lazy">',
            thumbnail_url(image),
            image.alt_text,
        )
        if image.is_expired():
            # Readers no longer see this picture: the story needs another.
            return format_html('{}<span class="rights-expired">Rights expired</span>', thumbnail)
        return thumbnail

    # The form -----------------------------------------------------------------------------------

    @admin.display(description="picked image")
    def hero_preview(self, article):
        return self.image_preview(article, "hero_image")

    def get_readonly_fields(self, request, obj=None):
        readonly = list(super().get_readonly_fields(request, obj))
        # Marking a substantive update and choosing the home page's lead are the desk's calls.
        # (The publication time is never typed here: publishing or scheduling sets it.)
        if not editing.sets_desk_fields(request.user):
            readonly += editing.DESK_FIELDS
        return readonly

    def has_change_permission(self, request, obj=None):
        # A writer's own save goes on to the form, which checks the right to edit on the locked row.
        return super().has_change_permission(request, obj) or self.saving_own_story(request, obj)

    def save_model(self, request, obj, form, change):
        if not change:
            obj.created_by = request.user
        super().save_model(request, obj, form, change)

    def save_formset(self, request, form, formset, change):
        if formset.model is Correction:
            # Whoever adds a correction signs it.
            for new_form in formset.extra_forms:
                new_form.instance.created_by = request.user
        super().save_formset(request, form, formset, change)
