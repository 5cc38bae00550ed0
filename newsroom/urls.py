"""
The newsroom's addresses: the desk under /admin/, the content API under /api/ (``api.urls``), health
checks for probes, the reader's site everywhere else (``public.urls``).
"""

from django.conf import settings
from django.contrib import admin
from django.urls import include, path

from . import health, views

admin.site.site_header = f"{settings.SITE_NAME} newsroom"
admin.site.site_title = f"{settings.SITE_NAME} newsroom"
admin.site.index_title = "Desk"

handler404 = "newsroom.views.page_not_found"
handler500 = "newsroom.views.server_error"

urlpatterns = [
    # For load balancers and probes: the process is up; it can serve (newsroom.health).
    path("healthz", health.healthz, name="healthz"),
    path("readyz", health.readyz, name="readyz"),
    path("admin/", admin.site.urls),
    path("api/", include("api.urls")),
    path("", include("public.urls")),
]

if settings.SERVE_UPLOADS:
    # On a laptop the app serves uploads itself, and a private bucket's originals in production; other
    # production storages serve their files themselves, or through a CDN.
    urlpatterns += views.upload_patterns()
