"""
A story as an IPTC ninjs 3.1 news item (``application/ninjs+json``), made from its API document: the
same text, people, subjects and pictures, in the vocabulary news agencies exchange stories in.

Pictures travel as ``associations`` with their renditions, caption, credit and rights; ``embargoedUntil``
never appears, as a story under embargo never reaches the API.
"""

import datetime

from django.conf import settings
from django.utils import timezone

MEDIA_TYPE = "application/ninjs+json"
ASPECT_RATIOS = {"16x9": "16:9", "3x2": "3:2", "1x1": "1:1"}


def news_item(story):
    """The ninjs item of a story document (``api.documents.story_document``)."""
    item = {
        "uri": story["url"],
        "type": "text",
        "representationType": "full",
        "profile": "story",
        "firstCreated": story["published_at"],
        "versionCreated": story["updated_at"] or story["published_at"],
        "pubStatus": "usable",
        "language": settings.LANGUAGE_CODE,
        "slugline": story["slug"],
        "headlines": [{"role": "main", "contentType": "text/plain", "value": story["headline"]}],
        "bodies": [
            {"role": "main", "contentType": "text/html", "wordCount": story["word_count"], "value": story["body"]}
        ],
        "people": [
            {"name": line["author"]["name"], "rel": "author", "uri": line["author"]["url"]} for line in story["bylines"]
        ],
        "subjects": _subjects(story),
        "altIds": [{"role": "newsroom-id", "value": str(story["id"])}, {"role": "api", "value": story["api_url"]}],
        "copyrightHolder": settings.SITE_NAME,
    }
    descriptions = [{"role": "summary", "contentType": "text/plain", "value": story["dek"]}] if story["dek"] else []
    descriptions += [
        {"role": fix["kind"], "contentType": "text/plain", "value": f"{fix['published_at']}: {fix['text']}"}
        for fix in story["corrections"]
    ]
    if descriptions:
        item["descriptions"] = descriptions
    if story["by"]:
        item["by"] = story["by"]
    associations = [_picture("hero", story["hero"])] if story["hero"] else []
    associations += [_picture(f"figure-{number}", figure) for number, figure in enumerate(story["figures"], 1)]
    if associations:
        item["associations"] = associations
    return item


def _subjects(story):
    subjects = [
        {"name": tag["name"], "rel": "about", "uri": tag["url"], "literal": tag["slug"]} for tag in story["tags"]
    ]
    if story["section"]:
        section = story["section"]
        subjects.append({"name": section["name"], "rel": "section", "uri": section["url"], "literal": section["slug"]})
    return subjects


def _picture(name, picture):
    association = {
        "name": name,
        "uri": picture["api_url"],
        "type": "picture",
        "representationType": "full",
        "renditions": [
            {
                "name": f"{rendition['ratio']}-{rendition['width']}-{rendition['format']}",
                "href": rendition["url"],
                "contentType": rendition["content_type"],
                "width": rendition["width"],
                "height": rendition["height"],
                **({"aspectRatio": ASPECT_RATIOS[rendition["ratio"]]} if rendition["ratio"] in ASPECT_RATIOS else {}),
            }
            for rendition in picture["renditions"]
        ],
    }
    descriptions = [
        {"role": role, "contentType": "text/plain", "value": picture[field]}
        for role, field in (("caption", "caption"), ("alternative-text", "alt_text"))
        if picture[field]
    ]
    if descriptions:
        association["descriptions"] = descriptions
    if picture["credit"]:
        association["by"] = picture["credit"]
    if picture["source"]:
        association["copyrightHolder"] = picture["source"]
    if picture["licence"]:
        association["copyrightNotice"] = picture["licence"]
    terms = [picture["licence"]] if picture["licence"] else []
    if picture["usage_expires_on"]:
        last_day = datetime.date.fromisoformat(picture["usage_expires_on"])
        terms.append(f"Not to be shown after {last_day:%B %-d, %Y}.")
        # The first moment it may no longer be shown: the newsroom's midnight after its last day.
        end = datetime.datetime.combine(last_day + datetime.timedelta(days=1), datetime.time.min)
        association["expires"] = timezone.make_aware(end).isoformat()
    if terms:
        association["usageTerms"] = " ".join(terms)
    return association
