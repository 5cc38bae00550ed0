"""
Cursor pagination: a page ends with a cursor naming its last item by its place in the list's order,
and the next page starts there (for stories, ``articles.selectors.published_window``). Nothing is
counted, and page 5,000 costs what page 1 does.

A cursor is opaque to callers: URL-safe base64 of the last item's place (a story's publication time
and id, a tag's slug).
"""

import base64
import binascii
import datetime
import json

from django.utils.dateparse import parse_datetime


class BadCursor(ValueError):
    """A cursor this API did not give out."""

    def __init__(self):
        super().__init__("This cursor is not one the API gave out.")


def _encode(values):
    raw = json.dumps(values, separators=(",", ":")).encode()
    return base64.urlsafe_b64encode(raw).decode().rstrip("=")


def _decode(cursor):
    try:
        return json.loads(base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4)))
    except (binascii.Error, UnicodeDecodeError, ValueError) as error:
        raise BadCursor() from error


def after_story(story):
    """The cursor of the page of stories that starts after ``story``."""
    return _encode([story.published_at.isoformat(), story.pk])


def story_place(cursor):
    """``(published_at, pk)`` of the story a cursor names; ``BadCursor`` for anything else."""
    values = _decode(cursor)
    if not (isinstance(values, list) and len(values) == 2 and isinstance(values[0], str)):
        raise BadCursor()
    moment, pk = values
    try:
        published_at = parse_datetime(moment)
    except ValueError as error:
        raise BadCursor() from error
    if published_at is None or type(pk) is not int or not 0 < pk < 2**63:
        raise BadCursor()
    if published_at.tzinfo is None:
        published_at = published_at.replace(tzinfo=datetime.UTC)
    return published_at, pk


def after_slug(slug):
    """The cursor of the page of tags that starts after the one at ``slug``."""
    return _encode([slug])


def slug_place(cursor):
    """The slug a tags cursor names; ``BadCursor`` for anything else."""
    values = _decode(cursor)
    if not (isinstance(values, list) and len(values) == 1 and isinstance(values[0], str)) or "\x00" in values[0]:
        raise BadCursor()
    return values[0]
