from django.urls import path

from . import feeds, views

app_name = "authors"

urlpatterns = [
    path("", views.author_index, name="index"),
    path("<slug:slug>/", views.author_detail, name="detail"),
    path("<slug:slug>/feed/", feeds.AuthorFeed(), name="feed"),
    path("<slug:slug>/feed/atom/", feeds.AuthorAtomFeed(), name="feed-atom"),
]
