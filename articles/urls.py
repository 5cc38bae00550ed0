from django.urls import path, re_path

from . import views

app_name = "articles"

urlpatterns = [
    path("", views.home, name="home"),
    re_path(
        r"^(?P<year>\d{4})/(?P<month>\d{2})/(?P<day>\d{2})/(?P<slug>[-\w]+)/$",
        views.article_detail,
        name="detail",
    ),
    path("sections/<slug:slug>/", views.section_detail, name="section"),
    path("tags/<slug:slug>/", views.tag_detail, name="tag"),
]
