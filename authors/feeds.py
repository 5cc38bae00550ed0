"""RSS 2.0 and Atom feeds of one author's live stories."""

from django.conf import settings
from django.http import Http404
from django.urls import reverse

from articles import selectors
from articles.feeds import ENCLOSURE_RATIO, AtomFeedMixin, StoryFeed
from articles.templatetags.site_tags import absolute_url


class AuthorFeed(StoryFeed):
    """The newest stories carrying the author's byline."""

    def get_object(self, request, slug):
        author = selectors.author_for_page(slug)
        if author is None:
            raise Http404("No such author")
        return author

    def stories(self, author):
        return selectors.articles_by_author(author, ratios=(ENCLOSURE_RATIO,))

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
