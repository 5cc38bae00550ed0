"""The media app serves no public pages of its own; its admin views live in admin.py."""

app_name = "media"

urlpatterns = []
