from django.contrib import admin

from .models import Author, AuthorLink


class AuthorLinkInline(admin.TabularInline):
    model = AuthorLink
    extra = 0


@admin.register(Author)
class AuthorAdmin(admin.ModelAdmin):
    list_display = ["name", "title", "is_columnist", "is_active"]
    search_fields = ["name", "title"]
    prepopulated_fields = {"slug": ["name"]}
    inlines = [AuthorLinkInline]
