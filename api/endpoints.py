"""
The content API's endpoints (django-ninja): what readers may see, as JSON, read through the selectors
the public pages use. Every endpoint names what it shows for the page cache, which answers repeated
requests and keeps each answer fresh the moment what it shows changes.
"""

import datetime
import functools
import json
from typing import Literal
from urllib.parse import urlencode

import pydantic_core
from django.conf import settings
from django.db.models import Exists, OuterRef, Q
from django.http import Http404, HttpResponse
from django.utils import timezone
from ninja import NinjaAPI, Query
from ninja.renderers import BaseRenderer
from pydantic import BaseModel, Field, TypeAdapter

from articles import selectors
from articles.models import Section, Tag, TagListing
from authors.models import Author
from media.models import Image, read_renditions
from media.specs import RATIOS
from pagecache import dependencies
from public import pages, shown
from public.presentation import absolute_url

from . import cursors, documents, ninjs, representations, schemas

JSON = "application/json; charset=utf-8"
MAX_PER_PAGE = 100
STORIES_PER_PAGE = 20
TAGS_PER_PAGE = 100
AUTHOR_STORIES = 10


class Renderer(BaseRenderer):
    """JSON written by pydantic's compiled serializer: a list of fifty in under a third of the time ``json`` takes."""

    media_type = "application/json"

    def render(self, request, data, *, response_status):
        return pydantic_core.to_json(data)


class ContentApi(NinjaAPI):
    """The API, whose document names the optional partner key (checked in ``api.middleware``)."""

    def get_openapi_schema(self, **kwargs):
        schema = super().get_openapi_schema(**kwargs)
        schema["components"]["securitySchemes"] = {
            "PartnerKey": {"type": "apiKey", "in": "header", "name": "X-API-Key"},
        }
        # Anonymous, or with a partner's key for a higher rate limit.
        schema["security"] = [{}, {"PartnerKey": []}]
        return schema


api = ContentApi(
    title=f"{settings.SITE_NAME} content API",
    version="1",
    description=(
        "Read-only: the stories, people and pictures readers see on the site, as JSON and, for a story, "
        f"as IPTC ninjs 3.1 (`Accept: {ninjs.MEDIA_TYPE}` or `?format=ninjs`). Anonymous callers have a "
        "modest rate limit; partners send their key in the `X-API-Key` header for a higher one. "
        "Too many requests are answered with 429 and `Retry-After`."
    ),
    urls_namespace="api-v1",
    renderer=Renderer(),
)


@api.exception_handler(cursors.BadCursor)
def bad_cursor(request, error):
    return api.create_response(request, {"detail": str(error)}, status=400)


@api.exception_handler(Http404)
def not_found(request, error):
    return api.create_response(request, {"detail": str(error) or "Not found."}, status=404)


# What a slug is (Django's ``slug`` converter): anything else names nothing, and is refused before a query.
SLUG = r"^[-a-zA-Z0-9_]+$"


def _answer(shape, data):
    """
    ``data`` checked against ``shape`` (what the OpenAPI document says the endpoint answers) and written
    as JSON, both by pydantic's compiled code: ninja's own check of an answer reads each value through an
    attribute wrapper, which costs a list of fifty more than reading its stories.
    """
    adapter = _adapter(shape)
    return HttpResponse(adapter.dump_json(adapter.validate_python(data)), content_type=JSON)


@functools.cache
def _adapter(shape):
    return TypeAdapter(shape)


class StoryFilters(BaseModel):
    section: str | None = Field(None, description="A section's slug.", pattern=SLUG)
    tag: str | None = Field(None, description="A tag's slug.", pattern=SLUG)
    author: str | None = Field(None, description="An author's slug: stories with them on the byline.", pattern=SLUG)
    published_after: datetime.datetime | None = Field(None, description="Published at or after this time.")
    published_before: datetime.datetime | None = Field(None, description="Published before this time.")
    updated_since: datetime.datetime | None = Field(
        None, description="Changed at or after this time (text, bylines, corrections): for keeping a copy in step."
    )
    cursor: str | None = Field(None, description="The `next_cursor` of the page before.")
    limit: int = Field(STORIES_PER_PAGE, ge=1, le=MAX_PER_PAGE)


class Format(BaseModel):
    format: Literal["json", "ninjs"] = Field("json", description="ninjs: the story as an IPTC ninjs 3.1 item.")


# Stories ----------------------------------------------------------------------------------------


@api.get("/stories/", response=schemas.StoryPage, url_name="stories", summary="Stories, newest first")
def stories(request, filters: Query[StoryFilters]):
    """Live stories, newest first, a page at a time (follow `next`); filters combine."""
    now = timezone.now()
    window = {"after": _aware(filters.published_after), "before": _aware(filters.published_before)}
    if filters.cursor:
        window["past"] = cursors.story_place(filters.cursor)
    listed, shows = _story_walk(filters, now, window)
    if filters.updated_since:
        listed = listed.filter(modified_at__gte=_aware(filters.updated_since))
        shows.append(dependencies.STORIES)
    found = selectors.read_listing(list(listed[: filters.limit + 1]), ratios=representations.SUMMARY_RATIOS)
    page, more = found[: filters.limit], len(found) > filters.limit
    dependencies.record(dependencies.SECTIONS, *shows)
    shown.teasers(page)
    after = cursors.after_story(page[-1]) if more else None
    writer = representations.Writer()
    page = {"items": [writer.story_summary(story) for story in page], "next": _next_address(request, after)}
    return _answer(schemas.StoryPage, {**page, "next_cursor": after})


def _story_walk(filters, now, window):
    """The stories the filters ask for, walked down the index that fits them best, and the lists it shows."""
    if filters.author:
        author = _found(Author, filters.author, "author")
        listed = selectors.for_listing(selectors.published_by(author, now, **window))
        shows = [dependencies.person_stories(author.pk)]
        if filters.tag:
            listed = listed.filter(Exists(TagListing.objects.filter(article=OuterRef("pk"), tag__slug=filters.tag)))
    elif filters.tag:
        tag = _found(Tag, filters.tag, "tag")
        listed = selectors.for_listing(selectors.published_under(tag, now, **window))
        shows = [dependencies.tag_stories(tag.pk)]
    else:
        listed = selectors.latest_articles(now).filter(selectors.published_window(**window))
        shows = [dependencies.LATEST]
    if filters.section:
        section = _found(Section, filters.section, "section")
        listed = listed.filter(section=section)
        shows.append(dependencies.section_stories(section.pk))
    return listed, shows


@api.get(
    "/stories/{int:pk}/",
    response={200: schemas.Story, 404: schemas.Problem},
    url_name="story",
    summary="A story",
)
def story(request, pk: int, wanted: Query[Format]):
    """A live story with everything its page shows; `?format=ninjs` for an IPTC ninjs 3.1 item."""
    document = documents.story_document(pk=pk, version=getattr(request, "content_version", None))
    return _story_answer(document, wanted.format)


@api.get(
    "/stories/at/{int:year}/{int:month}/{int:day}/{slug:slug}/",
    response={200: schemas.Story, 404: schemas.Problem},
    url_name="story-at",
    summary="A story by its public address",
)
def story_at(request, year: int, month: int, day: int, slug: str, wanted: Query[Format]):
    """The live story at `/<yyyy>/<mm>/<dd>/<slug>/` on the site."""
    try:
        date = datetime.date(year, month, day)
    except ValueError:
        raise Http404("No such day.") from None
    version = getattr(request, "content_version", None)
    return _story_answer(documents.story_document(date=date, slug=slug, version=version), wanted.format)


def _story_answer(document, wanted):
    if document is None:
        raise Http404("No such story.")
    if wanted == "ninjs":
        text = json.dumps(ninjs.news_item(document), ensure_ascii=False, separators=(",", ":"))
        return HttpResponse(text, content_type=f"{ninjs.MEDIA_TYPE}; charset=utf-8")
    return _answer(schemas.Story, document)


# Sections and tags ------------------------------------------------------------------------------


def _section(section, writer):
    return {
        **writer.section(section),
        "description": section.description,
        "stories_url": _stories_address(section=section.slug),
    }


@api.get("/sections/", response=list[schemas.SectionDetail], url_name="sections", summary="Sections")
def sections(request):
    """Every section, in the desk's order."""
    dependencies.record(dependencies.SECTIONS)
    writer = representations.Writer()
    return _answer(list[schemas.SectionDetail], [_section(section, writer) for section in Section.objects.all()])


@api.get("/sections/{slug:slug}/", response={200: schemas.SectionDetail, 404: schemas.Problem}, url_name="section")
def section(request, slug: str):
    """A section; its stories are at `stories_url`."""
    dependencies.record(dependencies.SECTIONS)
    return _answer(schemas.SectionDetail, _section(_found(Section, slug, "section"), representations.Writer()))


def _tag(tag):
    return {**representations.Writer().tag(tag), "stories_url": _stories_address(tag=tag.slug)}


def _live_tags(now):
    live = selectors.published_articles(now).filter(pk=OuterRef("article_id"))
    return Tag.objects.filter(
        Exists(TagListing.objects.filter(tag=OuterRef("pk"), published_at__lte=now).filter(Exists(live)))
    )


class TagFilters(BaseModel):
    cursor: str | None = Field(None, description="The `next_cursor` of the page before.")
    limit: int = Field(TAGS_PER_PAGE, ge=1, le=MAX_PER_PAGE)


@api.get("/tags/", response=schemas.TagPage, url_name="tags", summary="Tags with live stories")
def tags(request, filters: Query[TagFilters]):
    """Tags that carry a live story, by slug, a page at a time."""
    listed = _live_tags(timezone.now()).order_by("slug")
    if filters.cursor:
        listed = listed.filter(slug__gt=cursors.slug_place(filters.cursor))
    found = list(listed[: filters.limit + 1])
    page, more = found[: filters.limit], len(found) > filters.limit
    dependencies.record(dependencies.STORIES, *(dependencies.tag(tag.pk) for tag in page))
    after = cursors.after_slug(page[-1].slug) if more else None
    writer = representations.Writer()
    page = {"items": [writer.tag(tag) for tag in page], "next": _next_address(request, after)}
    return _answer(schemas.TagPage, {**page, "next_cursor": after})


@api.get("/tags/{slug:slug}/", response={200: schemas.TagDetail, 404: schemas.Problem}, url_name="tag")
def tag(request, slug: str):
    """A tag that carries a live story; its stories are at `stories_url`."""
    found = _live_tags(timezone.now()).filter(slug=slug).first()
    if found is None:
        raise Http404("No such tag.")
    dependencies.record(dependencies.tag(found.pk), dependencies.tag_stories(found.pk))
    return _answer(schemas.TagDetail, _tag(found))


# People -------------------------------------------------------------------------------------------


def _author(author, headshot, writer):
    return {
        **writer.person(author),
        "title": author.title,
        "is_columnist": author.is_columnist,
        "short_bio": author.short_bio,
        "headshot": writer.picture(headshot) if headshot is not None else None,
    }


@api.get("/authors/", response=list[schemas.Author], url_name="authors", summary="Authors")
def authors(request):
    """Columnists first, in the desk's order, then the other active writers: the site's columnists page."""
    found = list(pages.columnists().prefetch_related(None).select_related("headshot"))
    headshots = [author.headshot for author in found if author.headshot_id and not author.headshot.is_expired()]
    read_renditions([(picture, tuple(RATIOS)) for picture in headshots])
    dependencies.record(dependencies.PEOPLE, *(dependencies.picture(author.headshot_id) for author in found))
    writer = representations.Writer()
    listed = [_author(author, _usable(author.headshot if author.headshot_id else None), writer) for author in found]
    return _answer(list[schemas.Author], listed)


@api.get("/authors/{slug:slug}/", response={200: schemas.AuthorDetail, 404: schemas.Problem}, url_name="author")
def author(request, slug: str):
    """An author's profile and newest stories: the site's profile page."""
    found = pages.author_for_page(slug)
    if found is None:
        raise Http404("No such author.")
    headshot = _usable(found.headshot if found.headshot_id else None)
    listed = pages.articles_by_author(found)[:AUTHOR_STORIES]
    newest = selectors.read_listing(list(listed), ratios=())
    pictures = [(story.hero_image, representations.SUMMARY_RATIOS) for story in newest]
    if headshot is not None:
        # Every shape of the headshot, not only the profile page's: read again, with the stories' pictures.
        headshot.rendition_list = None
        pictures.append((headshot, tuple(RATIOS)))
    read_renditions(pictures)
    shown.person(found)
    shown.teasers(newest)
    dependencies.record(dependencies.SECTIONS)
    writer = representations.Writer()
    profile = {
        **_author(found, headshot, writer),
        "long_bio": found.long_bio,
        "website": found.website,
        "links": [{"label": link.label, "url": link.url} for link in found.link_list],
        "stories": [writer.story_summary(story) for story in newest],
        "stories_url": _stories_address(author=found.slug),
    }
    return _answer(schemas.AuthorDetail, profile)


# Pictures and corrections ---------------------------------------------------------------------


@api.get("/pictures/{int:pk}/", response={200: schemas.Picture, 404: schemas.Problem}, url_name="picture")
def picture(request, pk: int):
    """A picture a reader can see (in a live story, or an author's headshot) whose usage rights hold."""
    now = timezone.now()
    live = selectors.published_articles(now)
    shown_somewhere = (
        Q(Exists(live.filter(hero_image=OuterRef("pk"))))
        | Q(Exists(live.filter(body_images=OuterRef("pk"))))
        | Q(Exists(Author.objects.filter(headshot=OuterRef("pk"))))
    )
    found = Image.objects.usable().filter(shown_somewhere, pk=pk).first()
    if found is None:
        raise Http404("No such picture.")
    read_renditions([(found, tuple(RATIOS))])
    dependencies.record(dependencies.picture(found.pk), dependencies.STORIES, dependencies.PEOPLE)
    return _answer(schemas.Picture, representations.Writer().picture(found))


class CorrectionFilters(BaseModel):
    cursor: str | None = Field(None, description="The `next_cursor` of the page before.")
    limit: int = Field(STORIES_PER_PAGE, ge=1, le=MAX_PER_PAGE)


@api.get("/corrections/", response=schemas.CorrectionPage, url_name="corrections", summary="Corrections")
def corrections(request, filters: Query[CorrectionFilters]):
    """Every correction, clarification and update on a live story, newest first."""
    now = timezone.now()
    listed = pages.corrections_log(now)
    if filters.cursor:
        moment, pk = cursors.story_place(filters.cursor)
        listed = listed.filter(Q(published_at__lt=moment) | Q(published_at=moment, pk__lt=pk), published_at__lte=moment)
    found = list(listed[: filters.limit + 1])
    page, more = found[: filters.limit], len(found) > filters.limit
    stories = {story.pk: story for story in _summaries({fix.article_id for fix in page}, now)}
    dependencies.record(dependencies.CORRECTIONS, dependencies.SECTIONS)
    shown.teasers(stories.values())
    after = cursors.after_story(page[-1]) if more else None
    writer = representations.Writer()
    items = [writer.correction(fix, writer.story_summary(stories[fix.article_id])) for fix in page]
    return _answer(
        schemas.CorrectionPage, {"items": items, "next": _next_address(request, after), "next_cursor": after}
    )


def _summaries(pks, now):
    listed = selectors.latest_articles(now).filter(pk__in=list(pks)).order_by()
    return selectors.read_listing(list(listed), ratios=representations.SUMMARY_RATIOS)


# Helpers ---------------------------------------------------------------------------------------------


def _found(model, slug, what):
    found = model.objects.filter(slug=slug).first()
    if found is None:
        raise Http404(f"No {what} at “{slug}”.")
    return found


def _usable(image):
    return image if image is not None and not image.is_expired() else None


def _aware(moment):
    if moment is not None and timezone.is_naive(moment):
        return timezone.make_aware(moment)
    return moment


def _stories_address(**filters):
    return f"{representations.api_url('stories')}?{urlencode(filters)}"


def _next_address(request, cursor):
    if cursor is None:
        return None
    wanted = request.GET.copy()
    wanted["cursor"] = cursor
    return absolute_url(f"{request.path}?{wanted.urlencode()}")
