"""
What each public page reads, in a fixed number of queries however many bylines, tags or figures a
story has. Visibility comes from ``articles.selectors.published_articles``, never restated here.

The short lists a story page shows are plain list attributes, as ``Prefetch(to_attr=...)`` makes
them: ``article.byline_list``, ``article.tag_list``, ``article.figure_list`` and each byline's
``author.link_list``. They come as JSON columns of the row they belong to (``newsroom.rows``), which
cost no query of their own; a preview fills them from the form on screen.
"""

import datetime
from dataclasses import dataclass

from django.db.models import Count, Exists, OuterRef, Subquery
from django.db.models.functions import Coalesce
from django.utils import timezone

from articles.models import Article, Byline, Correction, Section, SlugRedirect, Status, Tag
from articles.selectors import (
    TEASER_RATIOS,
    byline_names,
    for_listing,
    published_articles,
    published_by,
)
from authors.models import Author, AuthorLink
from media.models import Image, read_renditions, renditions_prefetch
from newsroom.compiled import CompiledQuery
from newsroom.rows import JSONRows, day, moment, rows

from . import teasers

# The shapes pictures are shown in: teasers (``TEASER_RATIOS``); the story's hero (on the page and in
# link previews at 16x9, and at every ratio of ``structured_data.IMAGE_RATIOS``); figures in the body;
# headshots.
HERO_RATIOS = ("16x9", "3x2", "1x1")
FIGURE_RATIO = "free"
HEADSHOT_RATIO = "1x1"
# The home page's lead picture is wide; a story marked as the lead leads while it is among the newest
# LEAD_CANDIDATES (the date index answers).
LEAD_RATIO = "16x9"
LEAD_CANDIDATES = 40
RELATED_COUNT = 3
RELATED_CANDIDATES = 50
FRONTS_DEPTH = 20
EPOCH = datetime.datetime(1970, 1, 1, tzinfo=datetime.UTC)
# What a related story's teaser shows: never its body, nor the desk's fields.
TEASER_PICTURE_FIELDS = ("id", "file", "alt_text", "width", "height", "usage_expires_on", "focal_x", "focal_y")
TEASER_COLUMNS = ("pk", "headline", "slug", "dek", "published_at", "publication_date")
TEASER_COLUMNS += ("section_id", "section__name", "section__slug")
TEASER_COLUMNS += tuple(f"hero_image__{name}" for name in TEASER_PICTURE_FIELDS)
# A picture's fields as a story page shows it (``{% picture %}``, captions and credits), read as JSON.
PICTURE_FIELDS = ("id", "file", "alt_text", "caption", "credit", "width", "height", "usage_expires_on")
PICTURE_FIELDS += ("focal_x", "focal_y")
HEADSHOT = "headshot_"
# What a page shows of an author's link, read as a JSON column of the row it belongs to.
LINK_COLUMNS = {"id": "id", "label": "label", "url": "url", "order": "order"}


def for_story_page(queryset):
    """
    The story page's story with everything it shows of its own, in one query.

    The section and hero come joined; the tags, the bylines with their authors and headshots, the
    authors' links, the corrections and the pictures in the body come as JSON columns of the story's
    row (``newsroom.rows``), which ``read_story_rows`` turns into ``tag_list``, ``byline_list`` (each
    author with its ``link_list``), ``correction_list``, ``public_corrections`` and ``figure_list``.
    """
    story = OuterRef("pk")
    author = {"name": "author__name", "slug": "author__slug", "title": "author__title"}
    author |= {"short_bio": "author__short_bio", "website": "author__website"}
    headshot = {HEADSHOT + name: f"author__headshot__{name}" for name in PICTURE_FIELDS}
    return queryset.select_related("section", "hero_image").annotate(
        tag_rows=JSONRows(
            Article.tags.through.objects.filter(article_id=story), id="tag_id", name="tag__name", slug="tag__slug"
        ),
        byline_rows=JSONRows(
            Byline.objects.filter(article_id=story),
            id="id",
            order="order",
            role="role",
            author_id="author_id",
            **author,
            **headshot,
        ),
        link_rows=JSONRows(
            AuthorLink.objects.filter(author__bylines__article_id=story), author_id="author_id", **LINK_COLUMNS
        ),
        correction_rows=JSONRows(
            Correction.objects.filter(article_id=story),
            id="id",
            kind="kind",
            text="text",
            published_at="published_at",
            entry_id="entry_id",
        ),
        figure_rows=JSONRows(Image.objects.filter(body_usages=story), **{name: name for name in PICTURE_FIELDS}),
    )


def read_story_rows(article, now=None):
    """
    Turn the JSON columns of ``for_story_page`` into the lists the story page shows, each in its order;
    ``public_corrections`` are those readers see at ``now`` (dated at or before it).
    """
    tags = [Tag(**row) for row in rows(article.tag_rows)]
    article.tag_list = sorted(tags, key=lambda tag: (tag.name, tag.pk))
    links = {}
    for row in rows(article.link_rows):
        links.setdefault(row["author_id"], []).append(AuthorLink(**row))
    bylines = [_byline(article, row, links.get(row["author_id"], [])) for row in rows(article.byline_rows)]
    article.byline_list = sorted(bylines, key=lambda byline: (byline.order, byline.pk))
    corrections = [
        Correction(article_id=article.pk, **{**row, "published_at": moment(row["published_at"])})
        for row in rows(article.correction_rows)
    ]
    article.correction_list = sorted(corrections, key=lambda correction: (correction.published_at, correction.pk))
    article.public_corrections = due_corrections(article.correction_list, now)
    article.figure_list = [picture_from_row(row) for row in rows(article.figure_rows)]


def _byline(article, row, links):
    headshot = {name: row.pop(HEADSHOT + name) for name in PICTURE_FIELDS}
    author = Author(
        id=row.pop("author_id"),
        headshot_id=headshot["id"],
        **{name: row.pop(name) for name in ("name", "slug", "title", "short_bio", "website")},
    )
    if headshot["id"] is not None:
        author.headshot = picture_from_row(headshot)
    author.link_list = sorted(links, key=lambda link: (link.order, link.pk))
    return Byline(article_id=article.pk, author=author, **row)


def picture_from_row(row):
    """A picture as a page shows it, from a row of ``PICTURE_FIELDS`` (a JSON column's, or a raw row's)."""
    return Image(**{**row, "usage_expires_on": day(row["usage_expires_on"])})


def read_pictures(article, related=()):
    """
    Read the renditions of the pictures a story page draws, each at the shapes it shows them in, in one
    query: the story's hero, figures and headshots (pass None when its part is kept), and the related
    stories' pictures.
    """
    pictures = [(story.hero_image, TEASER_RATIOS) for story in related]
    if article is not None:
        pictures += [(article.hero_image, HERO_RATIOS)]
        pictures += [(figure, (FIGURE_RATIO,)) for figure in article.figure_list]
        pictures += [(byline.author.headshot, (HEADSHOT_RATIO,)) for byline in article.byline_list]
    read_renditions(pictures)


@dataclass(frozen=True)
class PreviewNotice:
    """
    What a preview says about its story, so that it never passes for the live page: ``live`` (readers
    see the story now), ``scheduled`` (published for a time still to come, ``published_at``) or
    ``unpublished`` (a draft, in review, approved or taken down).
    """

    state: str
    published_at: datetime.datetime | None = None

    @property
    def live(self):
        return self.state == "live"

    @property
    def scheduled(self):
        return self.state == "scheduled"


def preview_notice(article, now=None):
    """The ``PreviewNotice`` for ``article`` at ``now``."""
    now = now or timezone.now()
    if article.is_live_at(now):
        return PreviewNotice("live", article.published_at)
    if article.status == Status.PUBLISHED and article.published_at is not None:
        return PreviewNotice("scheduled", article.published_at)
    return PreviewNotice("unpublished")


def due_corrections(corrections, now=None):
    """The corrections readers see at ``now``: those dated at or before it (a scheduled one waits)."""
    now = now or timezone.now()
    return [correction for correction in corrections if correction.published_at <= now]


def updated_for_readers(article, now=None):
    """
    The "Updated" time readers see on a story from ``for_story_page``: the later of the update an editor
    marked and the newest correction shown, never a time still to come; None when there is neither.
    """
    now = now or timezone.now()
    moments = [correction.published_at for correction in article.public_corrections]
    if article.updated_at and article.updated_at <= now:
        moments.append(article.updated_at)
    return max(moments, default=None)


def next_story_due(now=None):
    """The publication time of the first story still to come after ``now``, or None: an index probe."""
    found = _next_due.rows({}, now=now or timezone.now())
    return moment(found[0][0]) if found else None


def _scheduled(now):
    stories = Article.objects.filter(status=Status.PUBLISHED, published_at__gt=now).order_by("published_at")
    return stories.values_list("published_at")[:1]


_next_due = CompiledQuery(_scheduled)


def article_for_preview(pk):
    """Any story, whatever its state, as the story page would fetch it (previews and share links)."""
    return for_story_page(Article.objects.all()).get(pk=pk)


def redirect_for_old_address(date, slug, now=None):
    """The live story that once had this address, for a 301, or None."""
    old = SlugRedirect.objects.filter(publication_date=date, slug=slug).values_list("article_id", flat=True)
    return published_articles(now).filter(pk__in=old).only("slug", "publication_date").first()


def story_at_former_address(addresses, now=None):
    """The live story that had one of ``addresses`` on the site the newsroom moved from, for a 301, or None."""
    stories = published_articles(now).filter(former_addresses__address__in=addresses)
    return stories.only("slug", "publication_date").first()


def related_articles(article, limit=RELATED_COUNT, now=None):
    """
    Live stories that share the story's tags or section, most shared tags first, in one query, read as
    teasers without their bodies.

    The ranking looks at the newest ``RELATED_CANDIDATES`` stories sharing a tag
    and as many of the section only, so a story under a tag with thousands of
    others costs no more than one under a rare tag. The query's SQL is built once per process for each
    number of tags (``newsroom.compiled``). The tag ids come from ``article.tag_list`` in memory, and the
    names on each related story's byline come in the same query, as its ``byline_list``.
    """
    values = {"pk": article.pk, "tag_ids": sorted(tag.pk for tag in article.tag_list), "now": now or timezone.now()}
    if article.section_id:
        values["section_id"] = article.section_id
    return [_teaser(row) for row in _related_teasers.rows({"limit": limit}, **values)]


def _related(pk, tag_ids, now, limit, section_id=None):
    """The related stories of story ``pk``, best first, as the columns of a teaser (``_teaser``)."""
    through = Article.tags.through.objects.filter(tag_id__in=tag_ids)
    others = published_articles(now).exclude(pk=pk).order_by("-published_at", "-id").values("pk")
    # The newest stories sharing a tag, and the newest of the section: two short index walks, however
    # many stories a tag or a section holds (one condition with OR between them would read them all).
    sources = [others.filter(Exists(through.filter(article_id=OuterRef("pk"))))]
    if section_id:
        sources.append(others.filter(section_id=section_id))
    # Each walk sits in its own IN so that the union of the two limited lists is valid SQL on SQLite too.
    newest = [Article.objects.filter(pk__in=source[:RELATED_CANDIDATES]).order_by().values("pk") for source in sources]
    candidates = newest[0].union(*newest[1:])
    shared_tags = through.filter(article_id=OuterRef("pk")).order_by().values("article_id").annotate(n=Count("*"))
    shared_tags = Coalesce(Subquery(shared_tags.values("n")), 0)
    ranking = ("-shared_tags", "-published_at", "-id")
    # Ranked on the index alone; only the few stories shown are read in full.
    chosen = Article.objects.filter(pk__in=candidates).annotate(shared_tags=shared_tags).order_by(*ranking)
    return (
        Article.objects.filter(pk__in=chosen.values("pk")[:limit])
        .annotate(shared_tags=shared_tags, byline_rows=byline_names())
        .order_by(*ranking)
        .values_list(*TEASER_COLUMNS, "byline_rows")
    )


_related_teasers = CompiledQuery(_related)


def _teaser(row):
    """A story as a teaser shows it, from a row of ``TEASER_COLUMNS`` and its bylines' names (JSON)."""
    story, section, picture, byline_rows = row[:6], row[6:9], row[9:17], row[17]
    pk, headline, slug, dek, published_at, publication_date = story
    teaser = Article(
        id=pk,
        headline=headline,
        slug=slug,
        dek=dek,
        published_at=moment(published_at),
        publication_date=day(publication_date),
        section_id=section[0],
        hero_image_id=picture[0],
    )
    if section[0] is not None:
        teaser.section = Section(id=section[0], name=section[1], slug=section[2])
    if picture[0] is not None:
        teaser.hero_image = picture_from_row(dict(zip(TEASER_PICTURE_FIELDS, picture, strict=True)))
    bylines = [
        Byline(id=line["id"], article_id=pk, order=line["order"], author=_named_author(line))
        for line in rows(byline_rows)
    ]
    teaser.byline_list = sorted(bylines, key=lambda byline: (byline.order, byline.pk))
    return teaser


def _named_author(row):
    return Author(id=row["author_id"], name=row["name"], slug=row["slug"])


@dataclass(frozen=True)
class FrontPage:
    """
    The home page's stories: the ``lead``, the ``latest`` after it and, in ``section_fronts``, a block
    of the newest stories of each section not shown above, as ``[(section, [stories])]``.
    """

    lead: Article | None
    latest: list
    section_fronts: list


def front_page(sections, latest_count, per_section, now=None, version=None):
    """
    The home page's stories, ready for their teasers (``public.teasers``: kept ones as stand-ins), in
    at most four queries: the newest stories' ids, which kept teasers changed, and the stories whose
    teasers are drawn (with their bylines) and the renditions of their pictures. ``version``: the
    content version the request read (the page cache's).

    The lead is the newest story an editor marked as the lead among the newest ``LEAD_CANDIDATES``,
    else simply the newest; the latest are the ``latest_count`` next to it. Each of ``sections``, in
    their order, gets its newest ``per_section`` stories not shown above; sections with none are left
    out. Only the newest stories site-wide count for the blocks (``FRONTS_DEPTH`` times what they can
    hold), so the page reads as many rows however deep the archive; a section with nothing among them
    has nothing current to show.
    """
    now = now or timezone.now()
    depth = FRONTS_DEPTH * per_section * max(1, len(sections))
    newest = published_articles(now).order_by("-published_at", "-id").values_list("pk", "section_id", "featured")
    newest = list(newest[: max(depth, LEAD_CANDIDATES)])
    candidates = newest[:LEAD_CANDIDATES]
    lead_id = next((pk for pk, _section, featured in candidates if featured), candidates[0][0] if candidates else None)
    latest_ids = [pk for pk, _section, _featured in candidates if pk != lead_id][:latest_count]
    shown = {lead_id, *latest_ids}
    blocks = {section.pk: [] for section in sections}
    for pk, section_id, _featured in newest[:depth]:
        block = blocks.get(section_id)
        if block is not None and len(block) < per_section and pk not in shown:
            block.append(pk)
    wanted = [pk for pk in shown if pk is not None] + [pk for block in blocks.values() for pk in block]
    stories = {story.pk: story for story in teasers.stories_for(wanted, now, version, ratios=())}
    lead = stories.get(lead_id)
    latest = [stories[pk] for pk in latest_ids if pk in stories]
    fronts = [(section, [stories[pk] for pk in blocks[section.pk] if pk in stories]) for section in sections]
    fronts = [(section, block) for section, block in fronts if block]
    # The pictures of the teasers to draw, each in the shape it is shown in.
    pictures = [(lead.hero_image, (LEAD_RATIO,))] if lead and _drawn(lead) else []
    pictures += [(story.hero_image, TEASER_RATIOS) for _section, block in fronts for story in block if _drawn(story)]
    read_renditions(pictures)
    return FrontPage(lead, latest, fronts)


def _drawn(story):
    return not isinstance(story, teasers.KeptStory)


def articles_by_author(author, now=None):
    """The author's live stories, newest first, for a listing (``selectors.published_by``, ``read_listing``)."""
    return for_listing(published_by(author, now))


def author_for_page(slug):
    """
    An author profile with its headshot's renditions and its ``link_list``, or None: the links come as a
    JSON column of the author's row (``newsroom.rows``), the renditions in one more query.
    """
    links = JSONRows(AuthorLink.objects.filter(author_id=OuterRef("pk")), **LINK_COLUMNS)
    author = Author.objects.select_related("headshot").annotate(link_rows=links).filter(slug=slug).first()
    if author is None:
        return None
    found = [AuthorLink(author_id=author.pk, **row) for row in rows(author.link_rows)]
    author.link_list = sorted(found, key=lambda link: (link.order, link.pk))
    read_renditions([(author.headshot, (HEADSHOT_RATIO,))])
    return author


def columnists():
    """The columnists index: columnists first, in the desk's order, then the other active authors."""
    return (
        Author.objects.for_index()
        .select_related("headshot")
        .prefetch_related(renditions_prefetch("headshot", (HEADSHOT_RATIO,)))
    )


def corrections_log(now=None):
    """Every correction, clarification and update on a live story, newest first."""
    now = now or timezone.now()
    return (
        Correction.objects.filter(published_at__lte=now, article__in=published_articles(now))
        .select_related("article", "article__section")
        .order_by("-published_at", "-id")
    )
