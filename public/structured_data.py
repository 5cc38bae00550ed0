"""
schema.org structured data for story and author pages, built as Python dicts.

Search engines read these blocks; each is serialized by ``json_ld_script`` so
that no headline or biography can close the ``<script>`` element early. The
tags in ``templatetags.structured_data`` place them on the pages.
"""

import json

from django.conf import settings
from django.core.serializers.json import DjangoJSONEncoder
from django.templatetags.static import static
from django.utils.html import format_html, strip_tags
from django.utils.safestring import mark_safe

from newsroom.richtext import plain_text

from . import pages
from .presentation import absolute_url, local_iso

# The characters that could end a <script> element or open a comment, as JSON escapes.
_SCRIPT_ESCAPES = {ord("<"): "\\u003C", ord(">"): "\\u003E", ord("&"): "\\u0026"}

LOGO_PATH = "img/logo.png"
LOGO_SIZE = (600, 60)
# The ratios Google asks for in article images, widest first.
IMAGE_RATIOS = ("16x9", "3x2", "1x1")


def json_ld_script(data):
    """A ``<script type="application/ld+json">`` whose text cannot close the element."""
    text = json.dumps(data, cls=DjangoJSONEncoder, ensure_ascii=False, separators=(",", ":"))
    return format_html('<script type="application/ld+json">{}</script>', mark_safe(text.translate(_SCRIPT_ESCAPES)))  # noqa: S308


def publisher():
    """The publication as a schema.org Organization with its logo."""
    return {
        "@type": "NewsMediaOrganization",
        "name": settings.SITE_NAME,
        "url": absolute_url("/"),
        "logo": {
            "@type": "ImageObject",
            "url": absolute_url(static(LOGO_PATH)),
            "width": LOGO_SIZE[0],
            "height": LOGO_SIZE[1],
        },
    }


def person(author):
    """An author as a schema.org Person with a link to the profile."""
    data = {"@type": "Person", "name": author.name, "url": absolute_url(author.get_absolute_url())}
    if author.title:
        data["jobTitle"] = author.title
    return data


def article_data(article):
    """
    The NewsArticle a story page describes, as it holds until the story changes (needs the rows of
    ``pages.for_story_page``); ``dated`` adds what changes with time.
    """
    url = absolute_url(article.get_absolute_url())
    hero = article.hero
    images = [hero.rendition(ratio) for ratio in IMAGE_RATIOS] if hero else []
    data = {
        "@context": "https://schema.org",
        "@type": "NewsArticle",
        "headline": article.headline,
        "description": article.display_description,
        "url": url,
        "mainEntityOfPage": {"@type": "WebPage", "@id": url},
        "datePublished": local_iso(article.published_at),
        "dateModified": local_iso(article.published_at),
        "author": [person(byline.author) for byline in article.byline_list],
        "publisher": publisher(),
        "inLanguage": settings.LANGUAGE_CODE,
        "isAccessibleForFree": True,
        "wordCount": article.word_count,
    }
    image_urls = [absolute_url(rendition.file.url) for rendition in images if rendition]
    if image_urls:
        data["image"] = image_urls
    if article.section:
        data["articleSection"] = article.section.name
    tags = [tag.name for tag in article.tag_list]
    if tags:
        data["keywords"] = tags
    return data


def dated(data, article):
    """
    ``data`` (``article_data``) as readers see it now: modified when the story was last updated, with
    the corrections due (``article.public_corrections``).
    """
    data = {**data, "dateModified": local_iso(pages.updated_for_readers(article) or article.published_at)}
    corrections = [
        {
            "@type": "CorrectionComment",
            "text": f"{correction.get_kind_display()}: {correction.text}",
            "datePublished": local_iso(correction.published_at),
        }
        for correction in article.public_corrections
    ]
    if corrections:
        data["correction"] = corrections
    return data


def live_blog(data, article, page):
    """
    ``data`` (``dated``) for a story covered live: a LiveBlogPosting with the NewsArticle's fields, the
    coverage's start and end, the updates on the page (``page``, a ``public.live.LivePage``) as its
    ``liveBlogUpdate``, and modified when the newest of them changed.
    """
    coverage = page.coverage
    url = absolute_url(article.get_absolute_url())
    updates = sorted(page.shown, key=lambda entry: (entry.published_at, entry.pk), reverse=True)
    data = {**data, "@type": "LiveBlogPosting", "coverageStartTime": local_iso(coverage.started_at)}
    if coverage.ended_at:
        data["coverageEndTime"] = local_iso(coverage.ended_at)
    data["liveBlogUpdate"] = [
        {
            "@type": "BlogPosting",
            "headline": entry.headline_text,
            "url": f"{url}#update-{entry.pk}",
            "datePublished": local_iso(entry.published_at),
            "dateModified": local_iso(entry.changed_at),
            "articleBody": plain_text(entry.body),
            "author": [person(author) for author in entry.author_list],
        }
        for entry in updates
    ]
    modified = [pages.updated_for_readers(article) or article.published_at, *(e.changed_at for e in updates)]
    data["dateModified"] = local_iso(max(modified))
    return data


def profile_data(author):
    """The ProfilePage of a columnist, its main entity the Person."""
    entity = person(author)
    bio = author.short_bio or strip_tags(author.long_bio)
    if bio:
        entity["description"] = " ".join(bio.split())
    headshot = author.headshot.rendition("1x1") if author.headshot else None
    if headshot:
        entity["image"] = absolute_url(headshot.file.url)
    same_as = [author.website] if author.website else []
    same_as += [link.url for link in author.link_list]
    if same_as:
        entity["sameAs"] = same_as
    return {
        "@context": "https://schema.org",
        "@type": "ProfilePage",
        "url": absolute_url(author.get_absolute_url()),
        "mainEntity": entity,
        "publisher": publisher(),
    }
