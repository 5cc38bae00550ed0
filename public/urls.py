"""The reader's addresses. They are a contract: see the README."""

from django.contrib.sitemaps import views as sitemap_views
from django.urls import include, path, re_path

from . import feeds, views
from .sitemaps import SITEMAPS, NewsSitemap

story_patterns = [
    path("", views.home, name="home"),
    re_path(
        r"^(?P<year>\d{4})/(?P<month>\d{2})/(?P<day>\d{2})/(?P<slug>[-\w]+)/$",
        views.article_detail,
        name="detail",
    ),
    re_path(
        r"^(?P<year>\d{4})/(?P<month>\d{2})/(?P<day>\d{2})/(?P<slug>[-\w]+)/updates\.json$",
        views.live_updates,
        name="live-updates",
    ),
    re_path(
        r"^(?P<year>\d{4})/(?P<month>\d{2})/(?P<day>\d{2})/(?P<slug>[-\w]+)/feed/$",
        feeds.LiveStoryFeed(),
        name="live-feed",
    ),
    re_path(
        r"^(?P<year>\d{4})/(?P<month>\d{2})/(?P<day>\d{2})/(?P<slug>[-\w]+)/feed/atom/$",
        feeds.LiveStoryAtomFeed(),
        name="live-feed-atom",
    ),
    path("sections/<slug:slug>/", views.section_detail, name="section"),
    path("sections/<slug:slug>/feed/", feeds.SectionFeed(), name="section-feed"),
    path("sections/<slug:slug>/feed/atom/", feeds.SectionAtomFeed(), name="section-feed-atom"),
    path("tags/<slug:slug>/", views.tag_detail, name="tag"),
    path("search/", views.search_results, name="search"),
    path("corrections/", views.corrections, name="corrections"),
    path("feed/", feeds.LatestFeed(), name="feed"),
    path("feed/atom/", feeds.LatestAtomFeed(), name="feed-atom"),
]

author_patterns = [
    path("", views.author_index, name="index"),
    path("<slug:slug>/", views.author_detail, name="detail"),
    path("<slug:slug>/feed/", feeds.AuthorFeed(), name="feed"),
    path("<slug:slug>/feed/atom/", feeds.AuthorAtomFeed(), name="feed-atom"),
]

urlpatterns = [
    path("robots.txt", views.robots_txt, name="robots"),
    path("sitemap.xml", views.sitemap_index, name="sitemap"),
    re_path(r"^sitemap-articles-(?P<year>\d{4})-(?P<month>\d{2})\.xml$", views.story_sitemap, name="story-sitemap"),
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
    path("preview/<str:token>/", views.shared_preview, name="shared_preview"),
    path("authors/", include((author_patterns, "authors"))),
    path("", include((story_patterns, "articles"))),
]
