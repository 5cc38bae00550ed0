"""The media app serves no public pages of its own; the library and its picker are routed by media.admin."""

app_name = "media"

urlpatterns = []
