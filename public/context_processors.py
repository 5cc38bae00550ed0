from django.conf import settings

from articles.models import Section
from pagecache.navigation import current_sections


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
