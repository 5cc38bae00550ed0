"""
Where a story kept from readers would show if it leaked: the section, tag and author it is filed under,
and every public page, feed and sitemap that lists those (the visibility and scheduling tests).

The stories' sitemap is a month's: ``public_path`` names the month of a moment in its address.
"""

import datetime

from django.utils import timezone

from articles.models import Correction, Status
from tests.factories import ArticleFactory, AuthorFactory, ImageFactory, SectionFactory, TagFactory
from tests.sitemaps import month_sitemap

# The states that keep a story from readers, and how a test makes each.
HIDDEN_STATES = {
    "draft": {"status": Status.DRAFT},
    "in review": {"status": Status.IN_REVIEW},
    "approved": {"status": Status.APPROVED},
    "unpublished": {"status": Status.UNPUBLISHED},
    "not yet due": {"published_at_offset": datetime.timedelta(minutes=10)},
}

PUBLIC_PATHS = [
    "/",
    "/sections/orbit/",
    "/tags/secret-tag/",
    "/authors/",
    "/authors/hidden-writer/",
    "/search/?q=secret+plans",
    "/corrections/",
    "/feed/",
    "/feed/atom/",
    "/sections/orbit/feed/",
    "/sections/orbit/feed/atom/",
    "/authors/hidden-writer/feed/",
    "/authors/hidden-writer/feed/atom/",
    "/sitemap-articles-{month}.xml",
    "/news-sitemap.xml",
]
# Pages that list no stories themselves: the story must not leak into them either.
INDEX_PATHS = ["/sitemap.xml", "/sitemap-sections.xml", "/sitemap-authors.xml"]


def filed_under():
    """The section, tag and author whose pages ``PUBLIC_PATHS`` name, as (section, tag, author)."""
    section = SectionFactory(slug="orbit", name="Orbit")
    tag = TagFactory(slug="secret-tag", name="Secret tag")
    author = AuthorFactory(slug="hidden-writer", name="Hidden Writer")
    return section, tag, author


def public_path(path, moment):
    """``path`` as requested: the stories' sitemap for the month of ``moment``, any other as it is."""
    return month_sitemap(moment) if "{month}" in path else path


def hidden_story(state):
    """
    A story kept from readers by ``state`` (a key of ``HIDDEN_STATES``), filed under ``filed_under``'s
    section, tag and author, with a hero picture and a correction, beside a live sibling filed alike.
    """
    section, tag, author = filed_under()
    state = dict(HIDDEN_STATES[state])
    offset = state.pop("published_at_offset", -datetime.timedelta(hours=1))
    story = ArticleFactory(
        headline="Zanzibarian secret plans",
        slug="zanzibarian-secret-plans",
        section=section,
        tags=[tag],
        authors=[author],
        hero_image=ImageFactory(title="Zanzibarian picture"),
        published_at=timezone.now() + offset,
        **state,
    )
    Correction.objects.create(article=story, text="Zanzibarian correction text.")
    # A live sibling, so related lists and listings have something to show.
    ArticleFactory(headline="Visible sibling", section=section, tags=[tag], authors=[author])
    return story
