"""Columnist pages: the index and each profile with the author's stories."""

from django.http import Http404
from django.shortcuts import render

from articles import selectors
from articles.listing import listing_page
from articles.views import PER_PAGE


def author_index(request):
    """Columnists first, in the desk's order, then the other active writers."""
    return render(request, "authors/author_index.html", {"authors": selectors.columnists()})


def author_detail(request, slug):
    """A profile: headshot, title, biography, links and the author's live stories, newest first."""
    author = selectors.author_for_page(slug)
    if author is None:
        raise Http404("No such author")
    page = listing_page(selectors.articles_by_author(author), request.GET.get("page"), PER_PAGE)
    return render(request, "authors/author_detail.html", {"author": author, "page": page})
