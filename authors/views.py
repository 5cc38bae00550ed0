"""Columnist pages."""

from django.shortcuts import get_object_or_404, render

from articles import selectors
from articles.views import _page

from .models import Author


def author_index(request):
    authors = Author.objects.for_index().select_related("headshot")
    return render(request, "authors/author_index.html", {"authors": authors})


def author_detail(request, slug):
    author = get_object_or_404(Author.objects.select_related("headshot").prefetch_related("links"), slug=slug)
    page = _page(request, selectors.latest_articles().filter(bylines__author=author))
    return render(request, "authors/author_detail.html", {"author": author, "page": page})
