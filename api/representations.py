"""
How the content API writes the newsroom's things: plain dicts of what readers may see, every address
absolute on the public origin. Pictures, people, sections, tags and story summaries; a story's full
document is ``api.documents``'.
"""

from django.urls import reverse

from media.specs import FORMATS, RATIOS
from public.presentation import absolute_url, author_names, local_iso

# A listing's pictures come in the shape teasers show them in (``articles.selectors.TEASER_RATIOS``).
SUMMARY_RATIOS = ("3x2",)
CONTENT_TYPES = {"jpeg": "image/jpeg", "webp": "image/webp"}


def api_url(name, **kwargs):
    return absolute_url(reverse(f"api-v1:{name}", kwargs=kwargs))


def renditions(image, ratios=tuple(RATIOS)):
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


def picture(image, caption=None, credit=None):
    """
    A library picture with every rendition (read first); ``caption`` and ``credit``: a story's own for
    it, where it gave them.
    """
    return {
        "id": image.pk,
        "api_url": api_url("picture", pk=image.pk),
        "alt_text": image.alt_text,
        "caption": image.caption if caption is None else caption,
        "credit": image.credit if credit is None else credit,
        "source": image.source,
        "licence": image.licence,
        "usage_expires_on": image.usage_expires_on.isoformat() if image.usage_expires_on else None,
        "width": image.width,
        "height": image.height,
        "renditions": renditions(image),
    }


def picture_summary(image):
    """A listing's picture: its alt text and its renditions in the teasers' shape."""
    if image is None or image.is_expired():
        return None
    return {
        "id": image.pk,
        "api_url": api_url("picture", pk=image.pk),
        "alt_text": image.alt_text,
        "renditions": renditions(image, SUMMARY_RATIOS),
    }


def person(author):
    """Someone on a byline, with their profile's addresses."""
    return {
        "id": author.pk,
        "name": author.name,
        "slug": author.slug,
        "url": absolute_url(author.get_absolute_url()),
        "api_url": api_url("author", slug=author.slug),
    }


def section(found):
    if found is None:
        return None
    return {"id": found.pk, "name": found.name, "slug": found.slug, "url": absolute_url(found.get_absolute_url())}


def tag(found):
    return {"id": found.pk, "name": found.name, "slug": found.slug, "url": absolute_url(found.get_absolute_url())}


def story_summary(story):
    """A story in a list (read by ``articles.selectors.read_listing`` at ``SUMMARY_RATIOS``)."""
    return {
        "id": story.pk,
        "headline": story.headline,
        "dek": story.dek,
        "url": absolute_url(story.get_absolute_url()),
        "api_url": api_url("story", pk=story.pk),
        "section": section(story.section if story.section_id else None),
        "by": author_names(story.byline_list),
        "bylines": [person(line.author) for line in story.byline_list],
        "published_at": local_iso(story.published_at),
        "hero": picture_summary(story.hero_image if story.hero_image_id else None),
    }


def correction(fix, story=None):
    """A correction, clarification or update; with ``story`` (a summary of it) in the corrections list."""
    found = {"id": fix.pk, "kind": fix.kind, "text": fix.text, "published_at": local_iso(fix.published_at)}
    if story is not None:
        found["story"] = story
    return found
