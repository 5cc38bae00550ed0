from django.conf import settings

from articles.models import Section

# The navigation's sections at one content version: (version, sections), kept per process.
_navigation = {}


def navigation_sections(version):
    """
    The sections in the site's navigation.

    When the page cache has read the content version for this request, the list
    is read once per version in each process: editing a section bumps the
    version, so no worker shows an old list. Otherwise it is read when a page
    draws the navigation (the 500 page does not).
    """
    if version is None:
        return Section.objects.all
    kept = _navigation.get("sections")
    if kept is None or kept[0] != version:
        kept = (version, list(Section.objects.all()))
        _navigation["sections"] = kept
    return kept[1]


def site(request):
    """The publication's name, origin, language and sections, for the base layout and metadata."""
    return {
        "site_name": settings.SITE_NAME,
        "site_tagline": settings.SITE_TAGLINE,
        "site_url": settings.SITE_URL,
        "site_language": settings.LANGUAGE_CODE,
        "nav_sections": navigation_sections(getattr(request, "content_version", None)),
    }
