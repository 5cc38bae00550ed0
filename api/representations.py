"""
How the content API writes the newsroom's things: plain dicts of what readers may see, every address
absolute on the public origin. Pictures, people, sections, tags and story summaries; a story's full
document is ``api.documents``'.

A ``Writer`` is made for each answer: a list of fifty stories names some three hundred addresses, and
the writer asks the URLconf for each kind of address once, then fills in the ids and slugs.
"""

from urllib.parse import quote

from media.specs import FORMATS, RATIOS
from newsroom.addresses import address
from public.presentation import absolute_url, author_names, local_iso

# A listing's pictures come in the shape teasers show them in (``articles.selectors.TEASER_RATIOS``).
SUMMARY_RATIOS = ("3x2",)
CONTENT_TYPES = {"jpeg": "image/jpeg", "webp": "image/webp"}
# What no id or slug is: it stands for one in an address asked of the URLconf.
_ANY_ID = 987654321987
_ANY_SLUG = "any-slug-987654321987"


def api_url(name, **kwargs):
    """The absolute address of the API's ``name`` (``stories``, ``story``, ``author``...) for ``kwargs``."""
    return absolute_url(address(f"api-v1:{name}", **kwargs))


class _Pattern:
    """An address with a hole for an id or a slug, asked of the URLconf once."""

    def __init__(self, url, stand_in):
        self.before, self.after = url.split(str(stand_in))

    def __call__(self, value):
        return f"{self.before}{quote(str(value))}{self.after}"


class Writer:
    """Writes the things of one answer (``picture``, ``person``, ``story_summary``...)."""

    def __init__(self):
        self.story_api = _Pattern(api_url("story", pk=_ANY_ID), _ANY_ID)
        self.picture_api = _Pattern(api_url("picture", pk=_ANY_ID), _ANY_ID)
        self.author_api = _Pattern(api_url("author", slug=_ANY_SLUG), _ANY_SLUG)
        self.author_page = _Pattern(absolute_url(address("authors:detail", slug=_ANY_SLUG)), _ANY_SLUG)
        self.section_page = _Pattern(absolute_url(address("articles:section", slug=_ANY_SLUG)), _ANY_SLUG)
        self.tag_page = _Pattern(absolute_url(address("articles:tag", slug=_ANY_SLUG)), _ANY_SLUG)

    def renditions(self, image, ratios=tuple(RATIOS)):
        """Every stored rendition of ``image`` at ``ratios`` that pages use (read first), narrowest first per shape."""
        found = []
        for ratio in ratios:
            for fmt in FORMATS:
                found += [
                    {
                        "url": absolute_url(rendition.file.url),
                        "ratio": ratio,
                        "format": fmt,
                        "content_type": CONTENT_TYPES[fmt],
                        "width": rendition.width,
                        "height": rendition.height,
                    }
                    for rendition in image.renditions_at(ratio, fmt)
                ]
        return found

    def picture(self, image, caption=None, credit=None):
        """
        A library picture with every rendition (read first); ``caption`` and ``credit``: a story's own
        for it, where it gave them.
        """
        return {
            "id": image.pk,
            "api_url": self.picture_api(image.pk),
            "alt_text": image.alt_text,
            "caption": image.caption if caption is None else caption,
            "credit": image.credit if credit is None else credit,
            "source": image.source,
            "licence": image.licence,
            "usage_expires_on": image.usage_expires_on.isoformat() if image.usage_expires_on else None,
            "width": image.width,
            "height": image.height,
            "renditions": self.renditions(image),
        }

    def picture_summary(self, image):
        """A listing's picture: its alt text and its renditions in the teasers' shape; None when it cannot show."""
        if image is None or image.is_expired():
            return None
        return {
            "id": image.pk,
            "api_url": self.picture_api(image.pk),
            "alt_text": image.alt_text,
            "renditions": self.renditions(image, SUMMARY_RATIOS),
        }

    def person(self, author):
        """Someone on a byline, with their profile's addresses."""
        return {
            "id": author.pk,
            "name": author.name,
            "slug": author.slug,
            "url": self.author_page(author.slug),
            "api_url": self.author_api(author.slug),
        }

    def section(self, found):
        if found is None:
            return None
        return {"id": found.pk, "name": found.name, "slug": found.slug, "url": self.section_page(found.slug)}

    def tag(self, found):
        return {"id": found.pk, "name": found.name, "slug": found.slug, "url": self.tag_page(found.slug)}

    def story_summary(self, story):
        """A story in a list (read by ``articles.selectors.read_listing`` at ``SUMMARY_RATIOS``)."""
        return {
            "id": story.pk,
            "headline": story.headline,
            "dek": story.dek,
            "url": absolute_url(story.get_absolute_url()),
            "api_url": self.story_api(story.pk),
            "section": self.section(story.section if story.section_id else None),
            "by": author_names(story.byline_list),
            "bylines": [self.person(line.author) for line in story.byline_list],
            "published_at": local_iso(story.published_at),
            "hero": self.picture_summary(story.hero_image if story.hero_image_id else None),
        }

    def correction(self, fix, story=None):
        """A correction, clarification or update; with ``story`` (a summary of it) in the corrections list."""
        found = {"id": fix.pk, "kind": fix.kind, "text": fix.text, "published_at": local_iso(fix.published_at)}
        if story is not None:
            found["story"] = story
        return found
