"""
Author profiles in the admin.

Editors manage every profile. A journalist sees and edits only the profile
linked to their own account, and only its private part (bio, website, email,
links): what readers see of a person (name, address, title, headshot) and what
the desk decides (the account link, the columnist flag, the columnists' order,
active or former) follow the roles module's rule, ``articles.roles``.
"""

from django.contrib import admin
from django.contrib.admin.widgets import AdminTextareaWidget
from django.db import models
from django.db.models import Prefetch
from django.urls import reverse
from django.utils.html import format_html

from articles import roles
from authors.models import Author, AuthorLink
from desk.media.admin import locked_note
from desk.media.image_preview import ImagePreviewMixin
from desk.media.pictures import thumbnail_url
from desk.widgets import TolerantAutocompleteAdminMixin
from media.models import Rendition

# Why a journalist sees the top of their profile read-only.
PUBLIC_FIELDS_NOTE = (
    "Your name, address, title and headshot appear with every story you have written: "
    "ask an editor to change them. Your biography, website, email and links are yours to edit."
)
# A typed "example.org/me" becomes an https:// address.
WEB_ADDRESSES = {models.URLField: {"assume_scheme": "https"}}


def manages_all_profiles(user):
    """Editors manage everyone's profile; others only their own."""
    return roles.has_publish_right(user)


def _is_autocomplete(request):
    return request.path == reverse("admin:autocomplete")


class ActiveFilter(admin.SimpleListFilter):
    title = "active or former"
    parameter_name = "active"

    def lookups(self, request, model_admin):
        return [("yes", "Active"), ("no", "Former")]

    def queryset(self, request, queryset):
        if self.value() in {"yes", "no"}:
            return queryset.filter(is_active=self.value() == "yes")
        return queryset


class AuthorLinkInline(admin.TabularInline):
    model = AuthorLink
    fields = ["order", "label", "url"]
    formfield_overrides = WEB_ADDRESSES
    extra = 0
    verbose_name = "link"
    verbose_name_plural = "links (social accounts, books, newsletter)"


@admin.register(Author)
class AuthorAdmin(ImagePreviewMixin, TolerantAutocompleteAdminMixin, admin.ModelAdmin):
    list_display = ["headshot_thumbnail", "name", "title", "is_columnist", "order", "is_active"]
    list_display_links = ["name"]
    list_editable = ["order"]
    list_filter = [ActiveFilter, "is_columnist"]
    list_select_related = ["headshot"]
    search_fields = ["name", "title", "slug"]
    ordering = ["-is_columnist", "order", "name"]
    formfield_overrides = WEB_ADDRESSES

    prepopulated_fields = {"slug": ["name"]}
    autocomplete_fields = ["user", "headshot"]
    fieldsets = [
        (None, {"fields": ["name", "slug", "title", "user"]}),
        ("Headshot", {"fields": ["headshot", "headshot_preview"]}),
        ("Biography", {"fields": ["short_bio", "long_bio", "website", "email"]}),
        ("Columnists index", {"fields": ["is_columnist", "order", "is_active"]}),
    ]
    inlines = [AuthorLinkInline]

    class Media:
        js = ["admin/articles/image-preview.js"]
        css = {"all": ["admin/articles/admin.css"]}

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        if db_field.name == "short_bio":
            kwargs["widget"] = AdminTextareaWidget(attrs={"rows": 3})
        elif db_field.name == "user":
            kwargs["label"] = "Account"
        return super().formfield_for_dbfield(db_field, request, **kwargs)

    def get_queryset(self, request):
        queryset = (
            super()
            .get_queryset(request)
            .prefetch_related(Prefetch("headshot__renditions", queryset=Rendition.objects.thumbnails()))
        )
        # Bylines name colleagues, so the byline picker searches every author;
        # the list and the forms show a journalist only their own profile.
        if manages_all_profiles(request.user) or _is_autocomplete(request):
            return queryset
        return queryset.filter(user=request.user)

    def has_change_permission(self, request, obj=None):
        allowed = super().has_change_permission(request, obj)
        if obj is None or not allowed:
            return allowed
        return roles.may_change_profile(request.user, obj)

    def get_fieldsets(self, request, obj=None):
        fieldsets = super().get_fieldsets(request, obj)
        if obj is None or not roles.locked_profile_fields(request.user):
            return fieldsets
        (name, options), *rest = fieldsets
        return [(name, {**options, "description": locked_note(PUBLIC_FIELDS_NOTE)}), *rest]

    def get_readonly_fields(self, request, obj=None):
        # Left out of the form, a locked field posted anyway is ignored.
        return [
            "headshot_preview",
            *super().get_readonly_fields(request, obj),
            *roles.locked_profile_fields(request.user),
        ]

    def get_prepopulated_fields(self, request, obj=None):
        # A slug the user may not change has nothing to fill in.
        if "slug" in roles.locked_profile_fields(request.user):
            return {}
        return super().get_prepopulated_fields(request, obj)

    def get_changelist_instance(self, request):
        changelist = super().get_changelist_instance(request)
        if not manages_all_profiles(request.user):
            # The columnists' order is the desk's; a journalist's list is read-only.
            changelist.list_editable = ()
        return changelist

    @admin.display(description="headshot")
    def headshot_thumbnail(self, author):
        if author.headshot is None:
            return ""
        return format_html(
            '<img class="admin-thumbnail" src="{}" alt="" width="80" height="53" loading="lazy">',
            thumbnail_url(author.headshot),
        )

    @admin.display(description="picked headshot")
    def headshot_preview(self, author):
        return self.image_preview(author, "headshot")
