from django.conf import settings

from articles.models import Section

# The navigation's sections at one content version: (version, sections), kept per process.
_navigation = {}


def current_sections(request):
    """
    Every section, in the desk's order, as a list.

    When the page cache has read the content version for this request, the list
    is read once per version in each process: editing a section bumps the
    version, so no worker shows an old list.
    """
    version = getattr(request, "content_version", None)
    if version is None:
        return list(Section.objects.all())
    kept = _navigation.get("sections")
    if kept is None or kept[0] != version:
        kept = (version, list(Section.objects.all()))
        _navigation["sections"] = kept
    return kept[1]


def navigation_sections(request):
    """The sections in the site's navigation; without a content version, read only if a page draws them."""
    if getattr(request, "content_version", None) is None:
        return Section.objects.all  # the 500 page, for one, draws no navigation
    return current_sections(request)


def site(request):
    """The publication's name, origin, language and sections, for the base layout and metadata."""
    return {
        "site_name": settings.SITE_NAME,
        "site_tagline": settings.SITE_TAGLINE,
        "site_url": settings.SITE_URL,
        "site_language": settings.LANGUAGE_CODE,
        "nav_sections": navigation_sections(request),
    }
