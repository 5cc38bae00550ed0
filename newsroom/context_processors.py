from django.conf import settings

from articles.models import Section


def site(request):
    """The publication's name, origin, language and sections, for the base layout and metadata."""
    return {
        "site_name": settings.SITE_NAME,
        "site_tagline": settings.SITE_TAGLINE,
        "site_url": settings.SITE_URL,
        "site_language": settings.LANGUAGE_CODE,
        # Evaluated only when a page draws the navigation (the 500 page does not).
        "nav_sections": Section.objects.all,
    }
