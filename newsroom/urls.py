"""The newsroom's addresses. The public ones are a contract: see the README."""

from django.conf import settings
from django.contrib import admin
from django.contrib.sitemaps import views as sitemap_views
from django.urls import include, path

from articles import views as article_views
from articles.sitemaps import SITEMAPS, NewsSitemap

from . import views

admin.site.site_header = f"{settings.SITE_NAME} newsroom"
admin.site.site_title = f"{settings.SITE_NAME} newsroom"
admin.site.index_title = "Desk"

handler404 = "newsroom.views.page_not_found"
handler500 = "newsroom.views.server_error"

urlpatterns = [
    path("admin/", admin.site.urls),
    path("robots.txt", views.robots_txt, name="robots"),
    path("sitemap.xml", views.sitemap_index, name="sitemap"),
    path(
        "sitemap-<section>.xml",
        sitemap_views.sitemap,
        {"sitemaps": SITEMAPS, "template_name": "articles/sitemap.xml"},
        name="sitemap-section",
    ),
    path(
        "news-sitemap.xml",
        sitemap_views.sitemap,
        {"sitemaps": {"news": NewsSitemap}, "template_name": "articles/news_sitemap.xml"},
        name="news-sitemap",
    ),
    path("preview/<str:token>/", article_views.shared_preview, name="shared_preview"),
    path("authors/", include("authors.urls")),
    path("", include("articles.urls")),
]

if settings.SERVE_UPLOADS:
    # On a laptop the app serves uploads itself; production serves them from storage or a CDN.
    urlpatterns += views.upload_patterns()
