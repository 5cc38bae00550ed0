"""Public story pages."""

import datetime

from django.core.paginator import EmptyPage, PageNotAnInteger, Paginator
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render

from . import selectors
from .models import Section, Tag


def home(request):
    """The front page: the lead story and the latest stories."""
    latest = list(selectors.latest_articles()[:20])
    lead = next((story for story in latest if story.featured), latest[0] if latest else None)
    others = [story for story in latest if story is not lead]
    return render(request, "articles/home.html", {"lead": lead, "latest": others})


def article_detail(request, year, month, day, slug):
    """A story at /<yyyy>/<mm>/<dd>/<slug>/; old addresses answer 301."""
    try:
        date = datetime.date(int(year), int(month), int(day))
    except ValueError:
        raise Http404("No such day") from None
    article = selectors.article_for_page(date, slug)
    if article is None:
        moved = selectors.redirect_for_old_address(date, slug)
        if moved is None:
            raise Http404("No such story")
        return redirect(moved.get_absolute_url(), permanent=True)
    return render(request, "articles/article_detail.html", {"article": article})


def _page(request, queryset, per_page=20):
    """One page of a listing; a page past the end is a 404, not an empty page."""
    paginator = Paginator(queryset, per_page, allow_empty_first_page=True)
    try:
        return paginator.page(request.GET.get("page") or 1)
    except (EmptyPage, PageNotAnInteger):
        raise Http404("No such page") from None


def section_detail(request, slug):
    section = get_object_or_404(Section, slug=slug)
    page = _page(request, selectors.latest_articles().filter(section=section))
    return render(request, "articles/section_detail.html", {"section": section, "page": page})


def tag_detail(request, slug):
    tag = get_object_or_404(Tag, slug=slug)
    page = _page(request, selectors.latest_articles().filter(tags=tag))
    return render(request, "articles/tag_detail.html", {"tag": tag, "page": page})
