"""
Ranked search over live stories: headline, dek, body and author names.

On PostgreSQL this is full-text search: a weighted ``tsvector`` (headline A,
dek B, body C) that a GIN index built from the same expression answers
(migration ``0006_article_search_index``), author names matched through the bylines, and a
``ts_headline`` snippet. On SQLite a plain substring search stands in, with a
simple ranking: a headline match outranks a dek, author or body match.
"""

import html
import re

from django.contrib.postgres.search import SearchHeadline, SearchQuery, SearchRank, SearchVector
from django.db import connection
from django.db.models import Case, Exists, F, FloatField, Func, IntegerField, OuterRef, Q, Value, When
from django.db.models.functions import Cast
from django.utils.html import escape, strip_tags
from django.utils.safestring import mark_safe

from .models import Article, Byline
from .selectors import latest_articles

MAX_QUERY_LENGTH = 200
MAX_TERMS = 8
SEARCH_CONFIG = "english"
SNIPPET_WORDS = 30
# Sentinels around highlighted words until the snippet is escaped; private-use characters.
MARK_START, MARK_END = "\ue000", "\ue001"
AUTHOR_MATCH_RANK = 0.2


def clean_query(raw):
    """The reader's query, trimmed and capped: a 10,000-character query is answered like a short one."""
    # Control characters (NUL above all, which PostgreSQL refuses in text) mean nothing in a query.
    printable = "".join(character if character.isprintable() else " " for character in raw or "")
    return " ".join(printable.split())[:MAX_QUERY_LENGTH]


def query_terms(query):
    """The words in a query; punctuation and operators alone make no term."""
    return re.findall(r"\w+", query)[:MAX_TERMS]


def article_search_vector():
    """The weighted document a story is searched by; the GIN index is built from this same expression."""
    return (
        SearchVector("headline", weight="A", config=SEARCH_CONFIG)
        + SearchVector("dek", weight="B", config=SEARCH_CONFIG)
        + SearchVector("body", weight="C", config=SEARCH_CONFIG)
    )


def search_articles(query, now=None):
    """
    Live stories matching ``query``, best match first: a queryset ready for a listing.

    An empty query, or one with no word in it, matches nothing. Pass a page of
    the results to ``with_snippets`` for highlighted snippets.
    """
    query = clean_query(query)
    if not query_terms(query):
        return latest_articles(now).none()
    if connection.vendor == "postgresql":
        return _search_postgresql(query, now)
    return _search_substring(query, now)


def snippet_html(text):
    """Escape a snippet and turn the sentinel marks into ``<mark>`` elements."""
    escaped = escape(" ".join(text.split()))
    return mark_safe(escaped.replace(MARK_START, "<mark>").replace(MARK_END, "</mark>"))  # noqa: S308


# PostgreSQL ---------------------------------------------------------------------


def _search_postgresql(query, now):
    search_query = SearchQuery(query, search_type="websearch", config=SEARCH_CONFIG)
    vector = article_search_vector()
    # Two id lists, each answered on its own: the first by the GIN index on the story document.
    by_document = Article.objects.annotate(document=vector).filter(document=search_query).values("pk")
    by_author = Byline.objects.annotate(
        author_document=SearchVector("author__name", config=SEARCH_CONFIG),
    ).filter(author_document=search_query)
    author_match = Exists(by_author.filter(article_id=OuterRef("pk")))
    return (
        latest_articles(now)
        .filter(Q(pk__in=by_document) | Q(pk__in=by_author.values("article_id")))
        .annotate(
            rank=SearchRank(vector, search_query)
            + Case(When(author_match, then=Value(AUTHOR_MATCH_RANK)), default=Value(0.0), output_field=FloatField()),
            raw_snippet=SearchHeadline(
                _plain_body(),
                search_query,
                config=SEARCH_CONFIG,
                start_sel=MARK_START,
                stop_sel=MARK_END,
                max_words=SNIPPET_WORDS,
                min_words=SNIPPET_WORDS // 2,
            ),
        )
        .order_by("-rank", "-published_at", "-id")
    )


def _plain_body():
    """The body without its tags, so the snippet holds only the story's words."""
    return Func(F("body"), Value("<[^>]*>"), Value(" "), Value("g"), function="regexp_replace")


# SQLite and others --------------------------------------------------------------


def _search_substring(query, now):
    terms = query_terms(query)
    matches = Q()
    score = Value(0)
    for term in terms:
        by_author = Byline.objects.filter(article_id=OuterRef("pk"), author__name__icontains=term)
        in_headline, in_dek, in_body = (
            Q(headline__icontains=term),
            Q(dek__icontains=term),
            Q(body__icontains=term),
        )
        matches &= in_headline | in_dek | in_body | Exists(by_author)
        score = score + Case(
            When(in_headline, then=Value(8)),
            When(in_dek, then=Value(4)),
            When(Exists(by_author), then=Value(2)),
            default=Value(1),
            output_field=IntegerField(),
        )
    return (
        latest_articles(now)
        .filter(matches)
        .annotate(rank=Cast(score, FloatField()))
        .order_by("-rank", "-published_at", "-id")
    )


def substring_snippet(article, query):
    """A window of the body around the first matched term, the terms marked."""
    terms = query_terms(clean_query(query))
    text = " ".join(html.unescape(strip_tags(article.body)).split())
    pattern = re.compile("|".join(re.escape(term) for term in terms), re.IGNORECASE) if terms else None
    found = pattern.search(text) if pattern else None
    if found is None:
        words = text.split()
        return snippet_html(" ".join(words[:SNIPPET_WORDS]) + (" …" if len(words) > SNIPPET_WORDS else ""))
    before = text[: found.start()].split()[-SNIPPET_WORDS // 3 :]
    after = text[found.start() :].split()[: SNIPPET_WORDS - len(before)]
    window = " ".join(before + after)
    marked = pattern.sub(lambda match: f"{MARK_START}{match.group(0)}{MARK_END}", window)
    prefix = "… " if len(before) == SNIPPET_WORDS // 3 else ""
    return snippet_html(prefix + marked + " …")


def with_snippets(articles, query):
    """Attach an HTML-safe ``snippet`` to each story of a results page."""
    for article in articles:
        raw = getattr(article, "raw_snippet", None)
        if raw is not None:
            article.snippet = snippet_html(html.unescape(raw))
        else:
            article.snippet = substring_snippet(article, query)
    return articles
