"""
The story page drawn in parts, and the parts kept (``StoryPart``) so that the page, made again for a
cache that let it go or after a change elsewhere, reads them instead of drawing its story anew.

Two parts: what shows only the story itself (link-preview tags, headline, byline, hero, body with its
figures, tags, author boxes, structured data) and its related stories. Each is kept with the keys of
what it shows (``public.shown``) and the content version read before it was drawn (``pagecache``).
It holds while none of its keys carries a newer version (which the query reading the story's row
tells), until ``good_until`` (a picture's rights ending, a story falling due that may join the related
ones) and while the site draws story pages as it did when it was drawn (``recipe``). What changes with
the time of a request is never kept: the page writes its modified time, dateline, the corrections due
and the structured data that lists them each time, from the kept corrections.

A preview draws its parts and keeps nothing.
"""

import datetime
import functools
import hashlib
import json
import pathlib
import sys

from django.conf import settings
from django.db import DatabaseError, connection, transaction
from django.db.models import Exists, OuterRef
from django.template.loader import get_template, render_to_string
from django.templatetags.static import static
from django.utils import timezone
from django.utils.safestring import mark_safe

from articles.models import Article, Byline, Correction, Status, Tag
from articles.selectors import published_articles
from authors.models import Author
from media.models import Image
from newsroom.compiled import CompiledQuery
from newsroom.rows import JSONItems, JSONRows, day, moment, rows
from pagecache import dependencies
from pagecache.models import KeyVersion
from pagecache.state import read_state

from . import bodies, pages, presentation, shown, structured_data
from .models import StoryPart

STORY, RELATED = StoryPart.Kind.STORY, StoryPart.Kind.RELATED
# The parts of the page itself (the content API keeps a part of its own, ``api.documents``).
PAGE_KINDS = (STORY, RELATED)
# The story's own part, piece by piece, in the order the page shows them.
STORY_TEMPLATES = {
    "meta": "articles/story/meta.html",
    "meta_more": "articles/story/meta_more.html",
    "header": "articles/story/header.html",
    "byline": "articles/story/byline.html",
    "main": "articles/story/main.html",
    "footer": "articles/story/footer.html",
}
RELATED_TEMPLATE = "articles/story/related.html"
# What the parts are drawn with besides their own templates.
INCLUDED_TEMPLATES = (
    "articles/includes/body_figure.html",
    "authors/includes/author_box.html",
    "authors/includes/author_links.html",
)
# What the page reads of its story's row when the parts are kept.
LIVE_COLUMNS = ("pk", "slug", "section_id", "hero_image_id", "published_at", "publication_date", "updated_at")


@functools.cache
def recipe():
    """
    How this site draws story parts: a digest of the templates, code and settings they come from, so
    that a deploy that draws them differently finds none of the parts kept before current.
    """
    from articles.models import stories
    from media import markup, specs
    from media import models as media_models
    from media.templatetags import media_tags

    from .templatetags import article_tags, site_tags

    names = [*STORY_TEMPLATES.values(), RELATED_TEMPLATE, *INCLUDED_TEMPLATES]
    sources = [get_template(name).template.source.encode() for name in names]
    modules = (stories, media_models, markup, specs, media_tags, article_tags, site_tags)
    modules += (bodies, pages, presentation, shown, structured_data, sys.modules[__name__])
    sources += [pathlib.Path(module.__file__).read_bytes() for module in modules]
    site = [settings.SITE_URL, settings.SITE_NAME, settings.LANGUAGE_CODE, settings.TIME_ZONE, settings.MEDIA_URL]
    sources += [setting.encode() for setting in (*site, static(structured_data.LOGO_PATH))]
    return hashlib.sha256(b"\0".join(sources)).hexdigest()[:16]


def article_for_page(date, slug, now=None):
    """
    The live story at a public address (its day and slug) with the parts kept of its page, or None;
    each part says whether a key it shows changed since it was drawn (``stale``). The story has the
    columns the page reads when its parts are kept (``LIVE_COLUMNS``), and ``part_rows``.
    """
    found = _live_story.rows({"recipe": recipe()}, date=date, slug=slug, now=now or timezone.now())
    if not found:
        return None
    pk, slug, section_id, hero_image_id, published_at, publication_date, updated_at, part_rows = found[0]
    article = Article(
        id=pk,
        slug=slug,
        section_id=section_id,
        hero_image_id=hero_image_id,
        status=Status.PUBLISHED,
        published_at=moment(published_at),
        publication_date=day(publication_date),
        updated_at=moment(updated_at),
    )
    article.part_rows = part_rows
    return article


def kept_parts(recipe, kinds=None):
    """
    The parts of a story (the ``pk`` of the outer query) kept under ``recipe`` (of ``kinds``, or every
    kind), as a JSON column read with ``current_parts``: each says whether a key it shows changed since
    it was drawn (``stale``).
    """
    newer = KeyVersion.objects.filter(key__in=JSONItems(OuterRef("keys")), version__gt=OuterRef("version"))
    kept = StoryPart.objects.filter(article_id=OuterRef("pk"), recipe=recipe)
    if kinds is not None:
        kept = kept.filter(kind__in=kinds)
    return JSONRows(
        kept.annotate(stale=Exists(newer)),
        kind="kind",
        version="version",
        stale="stale",
        good_until="good_until",
        content="content",
    )


def _story_with_parts(date, slug, now, recipe):
    story = published_articles(now).filter(publication_date=date, slug=slug).annotate(part_rows=kept_parts(recipe))
    return story.values_list(*LIVE_COLUMNS, "part_rows")[:1]


# Built once per process (``newsroom.compiled``): the ORM took longer to build it than the page to use it.
_live_story = CompiledQuery(_story_with_parts)


def live_page(article, version=None, now=None):
    """
    The context of the live page of ``article`` (from ``article_for_page``): its kept parts where they
    hold, the others drawn and kept; None if the story went meanwhile. ``version``: the content
    version the request read before it read the story (the page cache's); the state's is read when
    there is none. ``article`` gets what the page's cache keys name (``shown.story``).
    """
    now = now or timezone.now()
    kept = current_parts(article.part_rows, now)
    story, related = kept.get(STORY), kept.get(RELATED)
    if story is not None and related is not None:
        unpack(article, story, now)
        return page_context(article, story, related, now)
    if version is None:
        state = read_state()
        version = state[0] if state else None
    drawn, stories = [], None
    if story is None:
        # Read after the version: a change made meanwhile stamps a newer one, and the part is drawn again.
        full = pages.for_story_page(Article.objects.filter(pk=article.pk)).first()
        if full is None:
            return None
        pages.read_story_rows(full, now)
        stories = pages.related_articles(full, now=now) if related is None else []
        pages.read_pictures(full, stories)
        story = draw_story(full)
        until = until_rights_end(_pictures(full))
        drawn.append(kept_part(article, STORY, version, shown.story_keys(full), until, story))
    unpack(article, story, now)
    if related is None:
        if stories is None:
            stories = pages.related_articles(article, now=now)
            pages.read_pictures(None, stories)
        related = draw_related(stories)
        until = _earliest(pages.next_story_due(now), until_rights_end(teaser.hero_image for teaser in stories))
        drawn.append(kept_part(article, RELATED, version, shown.related_keys(article, stories), until, related))
    if version is not None:
        keep(drawn)
    return page_context(article, story, related, now)


def story_page(article, now=None, *, preview=False):
    """
    The context of the page of a story from ``pages.for_story_page``, drawn and not kept: a preview's
    (the desk's, a share link's), which carries a ``preview`` notice (``pages.preview_notice``).
    """
    pages.read_story_rows(article, now)
    return story_context(article, now, preview=preview)


def story_context(article, now=None, *, preview=False):
    """
    ``story_page`` for a story whose tags, bylines with their authors' links, corrections and figures
    are already in memory (``pages.read_story_rows``, or a preview of text not yet saved).
    """
    now = now or timezone.now()
    stories = pages.related_articles(article, now=now)
    pages.read_pictures(article, stories)
    context = page_context(article, draw_story(article), draw_related(stories), now)
    if preview:
        context["preview"] = pages.preview_notice(article, now)
    return context


def page_context(article, story, related, now):
    """The story page's context from its two parts, with what changes with time (``article`` has it)."""
    parts = {name: mark_safe(story[name]) for name in STORY_TEMPLATES}  # noqa: S308 (drawn by our templates)
    parts |= {name: story[name] for name in ("title", "description", "url", "data")}
    parts["related"] = mark_safe(related["html"])  # noqa: S308
    return {
        "article": article,
        "parts": parts,
        "related": related.get("stories") or [_teaser(row) for row in related["teasers"]],
        "last_updated": pages.updated_for_readers(article, now),
    }


# Drawing -------------------------------------------------------------------------------------


def draw_story(article):
    """What shows only the story itself, drawn (the story from ``pages.for_story_page``, renditions read)."""
    context = {"article": article, "site_name": settings.SITE_NAME}
    # Each template file ends in a newline that the page around them already has.
    story = {name: render_to_string(template, context).removesuffix("\n") for name, template in STORY_TEMPLATES.items()}
    story |= {
        "title": article.display_title,
        "description": article.display_description,
        "url": presentation.absolute_url(article.get_absolute_url()),
        "data": structured_data.article_data(article),
        # Every correction, with its time: the page shows those due when it is asked for.
        "corrections": [
            {"id": fix.pk, "kind": fix.kind, "text": fix.text, "published_at": fix.published_at.isoformat()}
            for fix in getattr(article, "correction_list", article.public_corrections)
        ],
        # What the page names for the page cache (``shown.story``) and ranks related stories by.
        "tags": [tag.pk for tag in article.tag_list],
        "figures": [figure.pk for figure in article.figure_list],
        "people": [[line.author_id, line.author.headshot_id] for line in article.byline_list],
    }
    return story


def draw_related(stories):
    """The related stories' section of the page, drawn (renditions read), with what names each teaser."""
    teasers = [[story.pk, story.hero_image_id, [line.author_id for line in story.byline_list]] for story in stories]
    html = render_to_string(RELATED_TEMPLATE, {"related": stories}).removesuffix("\n")
    return {"html": html, "teasers": teasers, "stories": stories}


def unpack(article, story, now):
    """
    Give the light row of ``article_for_page`` what the page and its cache keys read of a kept story
    part: the corrections due at ``now``, and the tags, figures and people by their ids.
    """
    corrections = [
        Correction(article_id=article.pk, **{**row, "published_at": moment(row["published_at"])})
        for row in story["corrections"]
    ]
    article.public_corrections = pages.due_corrections(corrections, now)
    article.tag_list = [Tag(pk=pk) for pk in story["tags"]]
    article.figure_list = [Image(pk=pk) for pk in story["figures"]]
    article.byline_list = [Byline(author=Author(pk=pk, headshot_id=headshot)) for pk, headshot in story["people"]]


def _teaser(row):
    pk, hero_image_id, people = row
    story = Article(pk=pk, hero_image_id=hero_image_id)
    story.byline_list = [Byline(author_id=author_id) for author_id in people]
    return story


def _pictures(article):
    return [article.hero_image, *article.figure_list, *(line.author.headshot for line in article.byline_list)]


def until_rights_end(pictures):
    """The moment the first of ``pictures`` shown today drops off the page (its rights end), or None."""
    today = timezone.localdate()
    ends = [
        picture.usage_expires_on
        for picture in pictures
        if picture is not None and picture.usage_expires_on is not None and picture.usage_expires_on >= today
    ]
    if not ends:
        return None
    return timezone.make_aware(datetime.datetime.combine(min(ends) + datetime.timedelta(days=1), datetime.time.min))


def _earliest(*moments):
    return min((moment for moment in moments if moment is not None), default=None)


# Keeping -------------------------------------------------------------------------------------


def keep_ahead(story_pks, now=None):
    """
    Draw and keep the parts of each live story of ``story_pks`` whose kept parts no longer hold, as
    its page would on its next miss: the desk's change is drawn once, before a reader asks for it.
    Returns how many stories had a part drawn.
    """
    now = now or timezone.now()
    drawn = 0
    addresses = Article.objects.filter(pk__in=story_pks).values_list("publication_date", "slug")
    for date, slug in addresses.iterator():
        article = article_for_page(date, slug, now)  # None unless live
        if article is not None and len(current_parts(article.part_rows, now)) < len(PAGE_KINDS):
            live_page(article, now=now)
            drawn += 1
    return drawn


def changed(sender, keys, **kwargs):
    """A committed change (``pagecache.state.changed``): the stories it names are drawn ahead."""
    keep_ahead(dependencies.stories_named(keys))


def current_parts(part_rows, now):
    """The kept parts (``part_rows``, as ``kept_parts`` reads them) that hold at ``now``, by kind."""
    current = {}
    for row in rows(part_rows):
        good_until = moment(row["good_until"])
        if not row["stale"] and (good_until is None or now < good_until):
            current[row["kind"]] = json.loads(row["content"])
    return current


def kept_part(article, kind, version, keys, good_until, content, drawn_by=None):
    """
    A freshly drawn part of ``article`` to ``keep``: drawn at content ``version`` from what ``keys``
    name, good until ``good_until`` at the latest, by the recipe ``drawn_by`` (the story page's).
    """
    content = {name: value for name, value in content.items() if name != "stories"}
    return StoryPart(
        article_id=article.pk,
        kind=kind,
        recipe=drawn_by or recipe(),
        version=version or 0,
        keys=json.dumps(sorted(keys)),
        good_until=good_until,
        content=json.dumps(content, ensure_ascii=False, separators=(",", ":")),
    )


def keep(parts):
    """
    Keep freshly drawn parts in place of the ones before. A part can always be drawn again, so on
    PostgreSQL the write does not wait for the disk, and a part that cannot be kept (its story deleted
    meanwhile, a database that refuses writes) is simply drawn again next time.
    """
    if not parts:
        return
    outermost = not connection.in_atomic_block
    try:
        with transaction.atomic():
            if outermost and connection.vendor == "postgresql":
                with connection.cursor() as cursor:
                    cursor.execute("SET LOCAL synchronous_commit TO OFF")
            StoryPart.objects.bulk_create(
                parts,
                update_conflicts=True,
                unique_fields=["article", "kind"],
                update_fields=["recipe", "version", "keys", "good_until", "content", "made_at"],
            )
    except DatabaseError:
        pass
