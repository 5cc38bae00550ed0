"""
A story's full document in the content API, drawn once and kept like the parts of its page
(``public.parts``): a ``StoryPart`` of its own kind, current while none of the keys it shows changed,
until a picture's rights end, and while the API draws documents as it did (``recipe``).

What changes with the time of a request is never kept: the corrections due and the updated time are
applied to the kept document each time (``as_of``).
"""

import functools
import hashlib
import pathlib
import sys

from django.conf import settings
from django.template.loader import get_template
from django.utils import timezone

from articles.models import Article, Correction
from articles.selectors import published_articles
from media.models import read_renditions
from media.specs import RATIOS
from newsroom.compiled import CompiledQuery
from newsroom.rows import moment
from pagecache import dependencies
from pagecache.state import read_state
from public import bodies, pages, parts, shown
from public.models import StoryPart
from public.presentation import absolute_url, author_names, local_iso

from . import representations

DOCUMENT = StoryPart.Kind.DOCUMENT


@functools.cache
def recipe():
    """How the API draws documents: a digest of the code, template and settings they come from."""
    from media import markup, models

    modules = (markup, models, bodies, pages, representations, sys.modules[__name__])
    sources = [pathlib.Path(module.__file__).read_bytes() for module in modules]
    sources.append(get_template(bodies.FIGURE_TEMPLATE).template.source.encode())
    site = [settings.SITE_URL, settings.LANGUAGE_CODE, settings.TIME_ZONE, settings.MEDIA_URL]
    sources += [setting.encode() for setting in site]
    return "api-" + hashlib.sha256(b"\0".join(sources)).hexdigest()[:12]


def story_document(pk=None, date=None, slug=None, now=None, version=None):
    """
    The document of the live story ``pk`` (or at the address ``date`` and ``slug``) as readers see it at
    ``now``, or None: its kept document where it holds, else drawn and kept. ``version``: the content
    version the request read (the page cache's). Records the keys it shows for the page cache.
    """
    now = now or timezone.now()
    if pk is not None:
        found = _by_id.rows({"recipe": recipe()}, pk=pk, now=now)
    else:
        found = _by_address.rows({"recipe": recipe()}, date=date, slug=slug, now=now)
    if not found:
        return None
    pk, part_rows = found[0]
    kept = parts.current_parts(part_rows, now).get(DOCUMENT)
    if kept is None:
        if version is None:
            state = read_state()
            version = state[0] if state else None
        kept = draw(pk, now, version)
        if kept is None:
            return None
    dependencies.record(*kept["keys"])
    return as_of(kept, now)


def _by_id_query(pk, now, recipe):
    story = published_articles(now).filter(pk=pk).annotate(part_rows=parts.kept_parts(recipe, [DOCUMENT]))
    return story.values_list("pk", "part_rows")[:1]


def _by_address_query(date, slug, now, recipe):
    story = published_articles(now).filter(publication_date=date, slug=slug)
    story = story.annotate(part_rows=parts.kept_parts(recipe, [DOCUMENT]))
    return story.values_list("pk", "part_rows")[:1]


_by_id = CompiledQuery(_by_id_query)
_by_address = CompiledQuery(_by_address_query)


def keep_ahead(story_pks, now=None, *, read_only=True):
    """
    Draw and keep the document of each live story of ``story_pks`` whose kept one no longer holds;
    ``read_only``: only of stories whose document was kept before (that the API was asked for), so a
    newsroom whose partners read a few stories does not draw the whole archive. Returns how many.
    """
    now = now or timezone.now()
    if read_only:
        read = StoryPart.objects.filter(article_id__in=list(story_pks), kind=DOCUMENT)
        story_pks = set(read.values_list("article_id", flat=True))
    if not story_pks:
        return 0
    # Read once, before any story is: a change made meanwhile stamps a newer version, and is drawn again.
    state = read_state()
    version = state[0] if state else None
    drawn = 0
    for pk in story_pks:
        found = _by_id.rows({"recipe": recipe()}, pk=pk, now=now)
        if found and parts.current_parts(found[0][1], now).get(DOCUMENT) is None and draw(pk, now, version):
            drawn += 1
    return drawn


def changed(sender, keys, **kwargs):
    """A committed change (``pagecache.state.changed``): the documents of the stories it names are drawn ahead."""
    keep_ahead(dependencies.stories_named(keys))


def draw(pk, now, version):
    """Draw story ``pk``'s document from its rows and keep it (at content ``version``); None if it went."""
    article = pages.for_story_page(Article.objects.filter(pk=pk)).first()
    if article is None:
        return None
    pages.read_story_rows(article, now)
    pictures = [article.hero_image, *article.figure_list]
    read_renditions([(picture, tuple(RATIOS)) for picture in pictures])
    keys = shown.story_keys(article)
    writer = representations.Writer()
    content = {
        "story": _story(article, writer),
        # Every correction, with its time, and the update an editor marked: ``as_of`` shows those due.
        "corrections": [writer.correction(fix) for fix in article.correction_list],
        "marked_updated_at": local_iso(article.updated_at) or None,
        "keys": sorted(keys),
    }
    if version is not None:
        until = parts.until_rights_end([*pictures, *(line.author.headshot for line in article.byline_list)])
        parts.keep([parts.kept_part(article, DOCUMENT, version, keys, until, content, drawn_by=recipe())])
    return content


def _story(article, writer):
    hero = article.hero
    return {
        "id": article.pk,
        "headline": article.headline,
        "dek": article.dek,
        "slug": article.slug,
        "url": absolute_url(article.get_absolute_url()),
        "api_url": writer.story_api(article.pk),
        "section": writer.section(article.section),
        "tags": [writer.tag(found) for found in article.tag_list],
        "by": author_names(article.byline_list),
        "bylines": [
            {"role": line.role, "author": {**writer.person(line.author), "title": line.author.title}}
            for line in article.byline_list
        ],
        "hero": writer.picture(hero, article.hero_caption_text, article.hero_credit_text) if hero else None,
        "figures": [writer.picture(figure) for figure in article.figure_list if not figure.is_expired()],
        "body": str(bodies.story_body(article, absolute=True)),
        "word_count": article.word_count,
        "reading_minutes": article.reading_time,
        "published_at": local_iso(article.published_at),
    }


def as_of(kept, now):
    """
    The kept document as readers see it at ``now``: the corrections due, and the updated time they and
    the editor's marked update make (``public.pages.updated_for_readers``, as on the page).
    """
    marked = kept["marked_updated_at"]
    story = Article(updated_at=moment(marked) if marked else None)
    fixes = [Correction(pk=row["id"], published_at=moment(row["published_at"])) for row in kept["corrections"]]
    story.public_corrections = pages.due_corrections(fixes, now)
    due = {fix.pk for fix in story.public_corrections}
    updated = pages.updated_for_readers(story, now)
    corrections = [row for row in kept["corrections"] if row["id"] in due]
    return {**kept["story"], "corrections": corrections, "updated_at": local_iso(updated) or None}
