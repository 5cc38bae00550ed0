from django.urls import path

from . import views

app_name = "authors"

urlpatterns = [
    path("", views.author_index, name="index"),
    path("<slug:slug>/", views.author_detail, name="detail"),
]
