"""
Rich text for stories and biographies.

The editor's extension list (in settings) is the single source of truth: it
configures django-prose-editor in the admin and, through nh3, the allowlist
that every stored body passes on the server, whatever the browser sent.
"""

import re
from functools import cache
from html import unescape

import nh3
from django.conf import settings
from django.utils.html import strip_tags
from django_prose_editor.config import allowlist_from_extensions, expand_extensions
from django_prose_editor.fields import ProseEditorField

WORDS_PER_MINUTE = 230
# Where one block of text ends and the next begins: the editor writes "<p>one</p><p>two</p>" with
# nothing between, and those are two words. (static/admin/articles/writing-aids.js counts alike.)
_WORD_BREAK_TAG = re.compile(
    r"</?(?:p|h[1-6]|li|ul|ol|blockquote|figure|figcaption|table|tr|td|th|hr|br)\b[^>]*>", re.IGNORECASE
)


@cache
def _cleaner(kind):
    extensions = settings.PROSE_EDITOR_BODY if kind == "body" else settings.PROSE_EDITOR_BIO
    allowlist = allowlist_from_extensions(expand_extensions(extensions))
    attributes = {tag: set(attrs) - {"rel"} for tag, attrs in allowlist["attributes"].items()}
    return nh3.Cleaner(
        tags=allowlist["tags"],
        attributes=attributes,
        url_schemes=allowlist.get("url_schemes") or {"http", "https", "mailto"},
        # Every link a reader can follow carries this rel, so a window opened
        # through target="_blank" never gets a handle on ours.
        link_rel="noopener noreferrer",
        strip_comments=True,
    )


def _empty_to_blank(html):
    # The editor always keeps one empty paragraph: store that as "".
    return "" if re.fullmatch(r"\s*(<p>\s*</p>)?\s*", html) else html


def sanitize_body(html):
    """Clean a story body to the editor's allowlist."""
    return _empty_to_blank(_cleaner("body").clean(html or ""))


def sanitize_bio(html):
    """Clean a biography to the (smaller) biography allowlist."""
    return _empty_to_blank(_cleaner("bio").clean(html or ""))


def word_count(html):
    """Words a reader reads in a rich-text body."""
    return len(strip_tags(_WORD_BREAK_TAG.sub(" ", html or "")).split())


def plain_text(html):
    """The words of rich text as plain text, one space between blocks, entities read: for feeds and summaries."""
    return " ".join(unescape(strip_tags(_WORD_BREAK_TAG.sub(" ", html or ""))).split())


def reading_minutes(words):
    """Reading time in whole minutes (half a minute rounds up), at least one for any text."""
    return max(1, (words + WORDS_PER_MINUTE // 2) // WORDS_PER_MINUTE) if words else 0


class CleanBody(str):
    """A story body already cleaned to the body's allowlist in this save."""


class CleanBio(str):
    """A biography already cleaned to the biography's allowlist in this save."""


class RichTextField(ProseEditorField):
    """
    A prose-editor field whose value is sanitized on every save, not only in forms.

    A save may ask for the value clean more than once (the form's model validation, the model's own
    ``save`` that counts its words, the write itself): the text is cleaned the first time and marked
    clean (``CleanBody``, ``CleanBio``), so later asks return it as it is. Any change to the text
    makes a plain string again, which is cleaned anew.
    """

    def __init__(self, *args, kind="body", **kwargs):
        self.kind = kind
        extensions = settings.PROSE_EDITOR_BODY if kind == "body" else settings.PROSE_EDITOR_BIO
        kwargs["config"] = {"extensions": extensions}
        kwargs["sanitize"] = self._sanitize_once
        super().__init__(*args, **kwargs)

    def _sanitize_once(self, html):
        clean_type, sanitize = (CleanBody, sanitize_body) if self.kind == "body" else (CleanBio, sanitize_bio)
        if type(html) is clean_type:
            return html
        return clean_type(sanitize(html))

    def pre_save(self, model_instance, add):
        value = self.sanitize(getattr(model_instance, self.attname))
        setattr(model_instance, self.attname, value)
        return value

    def deconstruct(self):
        name, path, args, kwargs = super().deconstruct()
        kwargs.pop("config", None)
        return name, path, args, kwargs
