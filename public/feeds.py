"""
RSS 2.0 and Atom feeds of live stories: the latest, one per section and one per author; and a story
covered live has a feed of its own, of its updates.

Every item carries its headline, absolute link, a stable guid, dates, author
names, tags, summary and the hero picture as an enclosure (a stored rendition).
"""

import datetime
from urllib.parse import urlsplit

from django.conf import settings
from django.contrib.syndication.views import Feed
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed, Enclosure
from django.utils.html import escape

from articles import selectors
from articles.models import Article, Section
from newsroom.richtext import plain_text
from pagecache import dependencies

from . import live, pages, parts, shown
from .presentation import absolute_url, author_names

ENCLOSURE_RATIO = "16x9"
FEED_LENGTH = 30


class StoryFeed(Feed):
    """What every story feed shares: items, their metadata and the enclosure."""

    language = settings.LANGUAGE_CODE
    item_guid_is_permalink = False

    def stories(self, obj):
        """The live stories of this feed, newest first (unsliced)."""
        return selectors.latest_articles()

    def lists(self, obj):
        """The keys of the list this feed follows (``pagecache.dependencies``)."""
        return [dependencies.LATEST]

    def items(self, obj):
        # An item says more than a teaser: its description, when it was first made and last updated.
        feed_fields = (*selectors.TEASER_FIELDS, "seo_description", "created_at", "updated_at")
        stories = list(self.stories(obj).only(*feed_fields).prefetch_related("tags")[:FEED_LENGTH])
        tags = (dependencies.tag(tag.pk) for story in stories for tag in story.tags.all())
        dependencies.record(*self.lists(obj), *tags)
        selectors.read_listing(stories, ratios=(ENCLOSURE_RATIO,))
        shown.teasers(stories)
        return stories

    def item_title(self, item):
        return item.headline

    def item_description(self, item):
        # Feed readers render the description as HTML; the dek is plain text, so it goes in escaped.
        return escape(item.display_description)

    def item_link(self, item):
        return absolute_url(item.get_absolute_url())

    def item_guid(self, item):
        # A tag URI: stable when the story's address or headline changes.
        return f"tag:{urlsplit(settings.SITE_URL).hostname},{item.created_at:%Y-%m-%d}:story-{item.pk}"

    def item_author_name(self, item):
        return author_names(item.byline_list)

    def item_pubdate(self, item):
        return item.published_at

    def item_updateddate(self, item):
        return item.updated_at or item.published_at

    def item_categories(self, item):
        return [tag.name for tag in item.tags.all()]

    def item_enclosures(self, item):
        rendition = item.hero.rendition(ENCLOSURE_RATIO) if item.hero else None
        if rendition is None:
            return []
        try:
            length = rendition.file.size
        except OSError:
            # A file missing from storage is no enclosure, not a broken feed.
            return []
        return [Enclosure(absolute_url(rendition.file.url), str(length), "image/jpeg")]


class AtomFeedMixin:
    """The same feed in Atom, with the description as its subtitle."""

    feed_type = Atom1Feed

    def subtitle(self, obj):
        return self.description(obj)


class LatestFeed(StoryFeed):
    """The newest stories across the site."""

    def title(self, obj):
        return settings.SITE_NAME

    def description(self, obj):
        return settings.SITE_TAGLINE

    def link(self, obj):
        return absolute_url(reverse("articles:home"))

    def feed_url(self, obj):
        return absolute_url(reverse("articles:feed"))


class LatestAtomFeed(AtomFeedMixin, LatestFeed):
    def feed_url(self, obj):
        return absolute_url(reverse("articles:feed-atom"))


class SectionFeed(StoryFeed):
    """The newest stories of one section."""

    def get_object(self, request, slug):
        return get_object_or_404(Section, slug=slug)

    def stories(self, section):
        return selectors.latest_articles().filter(section=section)

    def lists(self, section):
        # Renaming the section touches its list too.
        return [dependencies.section_stories(section.pk)]

    def title(self, section):
        return f"{section.name} | {settings.SITE_NAME}"

    def description(self, section):
        return section.description or f"The latest {section.name} stories from {settings.SITE_NAME}."

    def link(self, section):
        return absolute_url(section.get_absolute_url())

    def feed_url(self, section):
        return absolute_url(reverse("articles:section-feed", kwargs={"slug": section.slug}))


class SectionAtomFeed(AtomFeedMixin, SectionFeed):
    def feed_url(self, section):
        return absolute_url(reverse("articles:section-feed-atom", kwargs={"slug": section.slug}))


class AuthorFeed(StoryFeed):
    """The newest stories carrying the author's byline."""

    def get_object(self, request, slug):
        author = pages.author_for_page(slug)
        if author is None:
            raise Http404("No such author")
        return author

    def stories(self, author):
        return pages.articles_by_author(author)

    def lists(self, author):
        return [dependencies.person(author.pk), dependencies.person_stories(author.pk)]

    def title(self, author):
        return f"{author.name} | {settings.SITE_NAME}"

    def description(self, author):
        return author.short_bio or f"Stories by {author.name} for {settings.SITE_NAME}."

    def link(self, author):
        return absolute_url(author.get_absolute_url())

    def feed_url(self, author):
        return absolute_url(reverse("authors:feed", kwargs={"slug": author.slug}))


class AuthorAtomFeed(AtomFeedMixin, AuthorFeed):
    def feed_url(self, author):
        return absolute_url(reverse("authors:feed-atom", kwargs={"slug": author.slug}))


class LiveStoryFeed(Feed):
    """A live story's own feed: its updates, newest first, each an item linking to its place on the page."""

    language = settings.LANGUAGE_CODE
    item_guid_is_permalink = False

    def get_object(self, request, year, month, day, slug):
        try:
            date = datetime.date(int(year), int(month), int(day))
        except ValueError:
            raise Http404("No such day") from None
        article = parts.article_for_page(date, slug)
        if article is None or article.coverage is None:
            raise Http404("No such live story")
        # The feed names the story by its headline: the one column the page's light row leaves out.
        article.headline = Article.objects.values_list("headline", flat=True).get(pk=article.pk)
        return article

    def items(self, article):
        return live.feed_updates(article, FEED_LENGTH)

    def title(self, article):
        return f"{article.headline} | {settings.SITE_NAME}"

    def description(self, article):
        return f"Live updates: {article.headline}"

    def link(self, article):
        return absolute_url(article.get_absolute_url())

    def feed_url(self, article):
        return absolute_url(live.feed_address(article, "live-feed"))

    def item_title(self, item):
        return item.headline_text

    def item_description(self, item):
        # The update's words as plain text, escaped: its figures and links live on the page.
        return escape(plain_text(item.body))

    def item_link(self, item):
        return absolute_url(f"{item.article.get_absolute_url()}#update-{item.pk}")

    def item_guid(self, item):
        return f"tag:{urlsplit(settings.SITE_URL).hostname},{item.published_at:%Y-%m-%d}:update-{item.pk}"

    def item_author_name(self, item):
        return ", ".join(author.name for author in item.author_list)

    def item_pubdate(self, item):
        return item.published_at

    def item_updateddate(self, item):
        return item.changed_at


class LiveStoryAtomFeed(AtomFeedMixin, LiveStoryFeed):
    def feed_url(self, article):
        return absolute_url(live.feed_address(article, "live-feed-atom"))
