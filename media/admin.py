from django.contrib import admin

from .models import Image


@admin.register(Image)
class ImageAdmin(admin.ModelAdmin):
    list_display = ["title", "credit", "usage_expires_on", "uploaded_at"]
    search_fields = ["title", "alt_text", "caption", "credit", "source"]
