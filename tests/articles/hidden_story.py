"""
Where a story kept from readers would show if it leaked: the section, tag and author it is filed under,
and every public page, feed and sitemap that lists those (the visibility and scheduling tests).

The stories' sitemap is a month's: ``public_path`` names the month of a moment in its address.
"""

from tests.factories import AuthorFactory, SectionFactory, TagFactory
from tests.sitemaps import month_sitemap

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
