"""
Partners' API keys: an admin makes one for a partner and sees the key once, on the page that answers
the form (it is stored only as a digest); a key is revoked, never edited into another.
"""

from django.contrib import admin, messages
from django.template.response import TemplateResponse
from django.utils import timezone
from django.utils.cache import add_never_cache_headers

from api import keys
from api.models import PartnerKey


class StateFilter(admin.SimpleListFilter):
    title = "state"
    parameter_name = "state"

    def lookups(self, request, model_admin):
        return [("active", "Active"), ("revoked", "Revoked")]

    def queryset(self, request, queryset):
        if self.value() == "active":
            return queryset.filter(revoked_at=None)
        if self.value() == "revoked":
            return queryset.exclude(revoked_at=None)
        return queryset


@admin.register(PartnerKey)
class PartnerKeyAdmin(admin.ModelAdmin):
    list_display = ["name", "prefix", "requests_per_minute", "last_used_at", "state"]
    list_filter = [StateFilter]
    search_fields = ["name", "prefix", "note"]
    fields = ["name", "requests_per_minute", "note", "prefix", "created_by", "created_at", "last_used_at", "revoked_at"]
    readonly_fields = ["prefix", "created_by", "created_at", "last_used_at", "revoked_at"]
    actions = ["revoke"]

    @admin.display(description="state")
    def state(self, partner_key):
        if partner_key.revoked_at is None:
            return "Active"
        return f"Revoked {timezone.localtime(partner_key.revoked_at):%Y-%m-%d %H:%M}"

    def get_fields(self, request, obj=None):
        if obj is None:
            # Nothing to show of a key not yet made: its prefix, maker and times come with it.
            return ["name", "requests_per_minute", "note"]
        return self.fields

    def get_readonly_fields(self, request, obj=None):
        if obj is not None and obj.revoked_at is not None:
            # A revoked key stays as it was when it stopped working.
            return [*self.fields]
        return self.readonly_fields

    def save_model(self, request, obj, form, change):
        if change:
            super().save_model(request, obj, form, change)
            return
        obj.created_by = request.user
        # Shown once, on the page that answers this form (``response_add``), and never stored.
        request.issued_key = keys.issue(obj)

    def response_add(self, request, obj, post_url_continue=None):
        context = {
            **self.admin_site.each_context(request),
            "opts": self.opts,
            "partner_key": obj,
            "key": request.issued_key,
            "title": f"The key for {obj.name}",
        }
        response = TemplateResponse(request, "admin/api/partnerkey/issued.html", context)
        add_never_cache_headers(response)
        return response

    @admin.action(description="Revoke the selected keys (they stop working at once)", permissions=["change"])
    def revoke(self, request, queryset):
        revoked = 0
        for partner_key in queryset.filter(revoked_at=None):
            keys.revoke(partner_key)
            revoked += 1
        self.message_user(request, f"{revoked} key{'s' if revoked != 1 else ''} revoked.", messages.SUCCESS)
