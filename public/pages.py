"""
What each public page reads, in a fixed number of queries however many bylines, tags or figures a
story has. Visibility comes from ``articles.selectors.published_articles``, never restated here.

The short lists a story page shows are plain list attributes, as ``Prefetch(to_attr=...)`` makes
them: ``article.byline_list``, ``article.tag_list``, ``article.figure_list`` and each byline's
``author.link_list``. A prefetch fills some; others come from a JSON column of the row they belong
to (``newsroom.rows``), which costs no query of its own; a preview fills them from the form on screen.
"""

import datetime
from dataclasses import dataclass

from django.db.models import Count, Exists, OuterRef, Prefetch, Subquery
from django.db.models.functions import Coalesce
from django.utils import timezone

from articles.models import Article, Byline, Correction, SlugRedirect, Status, Tag
from articles.selectors import (
    TEASER_RATIOS,
    for_listing,
    latest_articles,
    published_articles,
    published_by,
    read_listing,
)
from authors.models import Author, AuthorLink
from media.models import read_renditions, renditions_prefetch
from newsroom.rows import JSONRows, rows

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


def for_story_page(queryset, now=None):
    """
    What the story page reads beyond the row itself, fetched in a fixed number of queries.

    The bylines with their authors are ``byline_list`` and the figures in the body ``figure_list``.
    The tags ride along with the story's row, and each author's links with their byline
    (``newsroom.rows``); ``story_page`` unpacks both (``read_story_rows``) and then reads the
    renditions of every picture on the page in one query. The corrections readers see at ``now``
    (those dated at or before it) are ``public_corrections``.
    """
    now = now or timezone.now()
    due_corrections = Correction.objects.filter(published_at__lte=now).order_by("published_at", "id")
    tag_rows = JSONRows(
        Article.tags.through.objects.filter(article_id=OuterRef("pk")), id="tag_id", name="tag__name", slug="tag__slug"
    )
    link_rows = JSONRows(
        AuthorLink.objects.filter(author_id=OuterRef("author_id")), id="id", label="label", url="url", order="order"
    )
    bylines = Byline.objects.select_related("author", "author__headshot").annotate(link_rows=link_rows)
    return (
        queryset.select_related("section", "hero_image")
        .annotate(tag_rows=tag_rows)
        .prefetch_related(
            Prefetch("bylines", queryset=bylines.order_by("order", "id"), to_attr="byline_list"),
            Prefetch("corrections", queryset=due_corrections, to_attr="public_corrections"),
            Prefetch("body_images", to_attr="figure_list"),
        )
    )


def read_story_rows(article):
    """Turn the JSON columns of ``for_story_page`` into the story's ``tag_list`` and its authors' ``link_list``."""
    tags = [Tag(**row) for row in rows(article.tag_rows)]
    article.tag_list = sorted(tags, key=lambda tag: (tag.name, tag.pk))
    for byline in article.byline_list:
        links = [AuthorLink(author_id=byline.author_id, **row) for row in rows(byline.link_rows)]
        byline.author.link_list = sorted(links, key=lambda link: (link.order, link.pk))


def story_page(article, now=None, *, preview=False):
    """
    The story page's context: the story and its related stories, with the renditions of every
    picture on the page (hero, figures, headshots, related stories' pictures) in one query.

    ``preview`` marks a page shown before (or beside) the live one: the desk's previews and share
    links. It carries a ``preview`` notice saying what state the story is in (``preview_notice``).
    """
    read_story_rows(article)
    return story_context(article, now, preview=preview)


def story_context(article, now=None, *, preview=False):
    """
    ``story_page`` for a story whose tags, bylines with their authors' links, public corrections and
    figures are already in memory (``read_story_rows``, or a preview of text not yet saved).
    """
    related = related_articles(article, now=now)
    pictures = [(article.hero_image, HERO_RATIOS)]
    pictures += [(figure, (FIGURE_RATIO,)) for figure in article.figure_list]
    pictures += [(byline.author.headshot, (HEADSHOT_RATIO,)) for byline in article.byline_list]
    pictures += [(story.hero_image, TEASER_RATIOS) for story in related]
    read_renditions(pictures)
    context = {"article": article, "related": related, "last_updated": updated_for_readers(article, now)}
    if preview:
        context["preview"] = preview_notice(article, now)
    return context


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


def article_for_page(date, slug, now=None):
    """The live story at a public address (its day and slug), or None."""
    return for_story_page(published_articles(now), now).filter(publication_date=date, slug=slug).first()


def article_for_preview(pk):
    """Any story, whatever its state, as the story page would fetch it (previews and share links)."""
    return for_story_page(Article.objects.all()).get(pk=pk)


def redirect_for_old_address(date, slug, now=None):
    """The live story that once had this address, for a 301, or None."""
    old = SlugRedirect.objects.filter(publication_date=date, slug=slug).values_list("article_id", flat=True)
    return published_articles(now).filter(pk__in=old).only("slug", "publication_date").first()


def related_articles(article, limit=RELATED_COUNT, now=None):
    """
    Live stories that share the story's tags or section, most shared tags first, in one query.

    The ranking looks at the newest ``RELATED_CANDIDATES`` stories sharing a tag
    and as many of the section only, so a story under a tag with thousands of
    others costs no more than one under a rare tag. The tag ids come from ``article.tag_list`` in memory,
    and the names on each related story's byline come in the same query, as its ``byline_list``, ready
    for a teaser.
    """
    tag_ids = [tag.pk for tag in article.tag_list]
    through = Article.tags.through.objects.filter(tag_id__in=tag_ids)
    others = published_articles(now).exclude(pk=article.pk).order_by("-published_at", "-id")
    # The newest stories sharing a tag, and the newest of the section: two short index walks, however
    # many stories a tag or a section holds (one condition with OR between them would read them all).
    sources = [others.filter(Exists(through.filter(article_id=OuterRef("pk"))))]
    if article.section_id:
        sources.append(others.filter(section_id=article.section_id))
    # Each walk sits in its own IN so that the union of the two limited lists is valid SQL on SQLite too.
    newest = [
        Article.objects.filter(pk__in=source.values("pk")[:RELATED_CANDIDATES]).order_by().values("pk")
        for source in sources
    ]
    candidates = newest[0].union(*newest[1:])
    shared_tags = (
        through.filter(article_id=OuterRef("pk")).order_by().values("article_id").annotate(n=Count("*")).values("n")
    )
    names = JSONRows(
        Byline.objects.filter(article_id=OuterRef("pk")),
        id="id",
        order="order",
        author_id="author_id",
        name="author__name",
        slug="author__slug",
    )
    related = list(
        Article.objects.filter(pk__in=candidates)
        .select_related("section", "hero_image")
        .annotate(shared_tags=Coalesce(Subquery(shared_tags), 0), byline_rows=names)
        .order_by("-shared_tags", "-published_at", "-id")[:limit]
    )
    for story in related:
        bylines = [
            Byline(id=row["id"], article_id=story.pk, order=row["order"], author=_named_author(row))
            for row in rows(story.byline_rows)
        ]
        story.byline_list = sorted(bylines, key=lambda byline: (byline.order, byline.pk))
    return related


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


def front_page(sections, latest_count, per_section, now=None):
    """
    The home page's stories, ready for their teasers, in three queries: the newest stories' ids, the
    stories shown (with their bylines), and the renditions of their pictures.

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
    shown_stories = read_listing(list(latest_articles(now).filter(pk__in=wanted)), ratios=())
    stories = {story.pk: story for story in shown_stories}
    lead = stories.get(lead_id)
    latest = [stories[pk] for pk in latest_ids if pk in stories]
    fronts = [(section, [stories[pk] for pk in blocks[section.pk] if pk in stories]) for section in sections]
    fronts = [(section, block) for section, block in fronts if block]
    pictures = [(lead.hero_image, (LEAD_RATIO,))] if lead else []
    pictures += [(story.hero_image, TEASER_RATIOS) for _section, block in fronts for story in block]
    read_renditions(pictures)
    return FrontPage(lead, latest, fronts)


def articles_by_author(author, now=None):
    """The author's live stories, newest first, for a listing (``selectors.published_by``, ``read_listing``)."""
    return for_listing(published_by(author, now))


def author_for_page(slug):
    """An author profile with its headshot renditions and its ``link_list``, or None."""
    return (
        Author.objects.select_related("headshot")
        .prefetch_related(
            renditions_prefetch("headshot", (HEADSHOT_RATIO,)),
            Prefetch("links", queryset=AuthorLink.objects.order_by("order", "id"), to_attr="link_list"),
        )
        .filter(slug=slug)
        .first()
    )


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
