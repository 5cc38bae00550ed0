"""The library list's filters: by usage rights (usable, expiring soon, expired) and by source."""

import datetime

from django.contrib import admin
from django.utils import timezone

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


class SourceFilter(admin.AllValuesFieldListFilter):
    """The sources pictures came from, where pictures with none say so instead of an empty link."""

    def choices(self, changelist):
        for choice in super().choices(changelist):
            if choice["display"] == "":
                choice["display"] = "No source given"
            yield choice
