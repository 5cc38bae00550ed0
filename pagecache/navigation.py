"""The navigation's sections, read once per content version in each process."""

from articles.models import Section

from . import dependencies

# The navigation's sections at one content version: (version, sections), kept per process.
_navigation = {}


def current_sections(request):
    """
    Every section, in the desk's order, as a list.

    When the page cache has read the content version for this request, the list
    is read once per version in each process: editing a section bumps the
    version, so no worker shows an old list.
    """
    dependencies.record(dependencies.SECTIONS)
    version = getattr(request, "content_version", None)
    if version is None:
        return list(Section.objects.all())
    kept = _navigation.get("sections")
    if kept is None or kept[0] != version:
        kept = (version, list(Section.objects.all()))
        _navigation["sections"] = kept
    return kept[1]


def forget_sections():
    """Drop the kept list, so the next page reads the sections afresh whatever the version says."""
    _navigation.clear()
