"""
Ranked search over live stories: headline, dek, body and author names.

On PostgreSQL this is full-text search. A story matches when its weighted
document (headline A, dek B, body C) matches the query, which a stored column and
its GIN index answer (migration ``0008_stored_search_document``),
or when an author on its byline does. The newest ``SEARCH_DEPTH`` matches are
ranked by headline and dek (so a headline match comes first) and each result
of the page shown gets a snippet around the first word the search matched
(``with_snippets``); ``more_than_shown`` tells when there were more matches
than that. On SQLite a substring search stands in, with a simple ranking: a
headline match outranks a dek, author or body match.
"""

import html
import re
from dataclasses import dataclass

from django.contrib.postgres.search import SearchQuery, SearchRank, SearchVector, SearchVectorField
from django.db import connection
from django.db.models import Case, Exists, FloatField, Func, IntegerField, OuterRef, Q, Value, When
from django.db.models.expressions import RawSQL
from django.db.models.functions import Cast
from django.utils import timezone
from django.utils.html import escape
from django.utils.safestring import mark_safe

from articles.models import Article, Byline
from articles.selectors import published_articles
from authors.models import Author
from newsroom.compiled import CompiledQuery

MAX_QUERY_LENGTH = 200
MAX_TERMS = 8
SEARCH_CONFIG = "english"
SNIPPET_WORDS = 30
# Markup between words; the bodies are sanitized HTML, so a tag never holds a ">" of its own.
MARKUP = re.compile(r"<[^>]*>")
# Sentinels around highlighted words until the snippet is escaped; private-use characters.
MARK_START, MARK_END = "\ue000", "\ue001"
AUTHOR_MATCH_RANK = 0.2
# On PostgreSQL, the newest matches that are ranked: a common word costs the same as a rare one.
SEARCH_DEPTH = 200


def clean_query(raw):
    """The reader's query, trimmed and capped: a 10,000-character query is answered like a short one."""
    # Control characters (NUL above all, which PostgreSQL refuses in text) mean nothing in a query.
    printable = "".join(character if character.isprintable() else " " for character in raw or "")
    return " ".join(printable.split())[:MAX_QUERY_LENGTH]


def query_terms(query):
    """The words in a query; punctuation and operators alone make no term."""
    return re.findall(r"\w+", query)[:MAX_TERMS]


def article_search_document():
    """
    The weighted document a story is searched by (headline A, dek B, body C), on PostgreSQL.

    It is a generated column with its own GIN index (migration ``0008_stored_search_document``),
    so a match is checked without parsing the story again.
    """
    return RawSQL('"articles_article"."search_document"', [], output_field=SearchVectorField())


def search_articles(query, now=None):
    """
    The ids of the live stories matching ``query``, best match first: a list on PostgreSQL, a
    queryset of ids on SQLite. Either pages with Django's paginator.

    An empty query, or one with no word in it, matches nothing. Pass the stories of a page of them
    (``public.teasers``) to ``with_snippets`` for highlighted snippets.
    """
    query = clean_query(query)
    if not query_terms(query):
        return []
    if connection.vendor == "postgresql":
        return _search_postgresql(query, now)
    return _search_substring(query, now)


def more_than_shown(count):
    """Whether a search that returned ``count`` stories found more than it ranks (the newest ``SEARCH_DEPTH``)."""
    return connection.vendor == "postgresql" and count >= SEARCH_DEPTH


def snippet_html(text):
    """Escape a snippet and turn the sentinel marks into ``<mark>`` elements."""
    escaped = escape(" ".join(text.split()))
    return mark_safe(escaped.replace(MARK_START, "<mark>").replace(MARK_END, "</mark>"))  # noqa: S308


# PostgreSQL ---------------------------------------------------------------------


def _search_postgresql(query, now):
    now = now or timezone.now()
    authors = [pk for (pk,) in _matching_authors.rows({}, query=query)]
    # Both lists in one query (UNION ALL: a story may come from both), ranked here.
    ranks, published = {}, {}
    for pk, published_at, rank, author_match in _matches.rows(
        {"depth": SEARCH_DEPTH}, query=query, authors=authors, now=now
    ):
        ranks[pk] = ranks.get(pk, 0.0) + (AUTHOR_MATCH_RANK if author_match else rank)
        published[pk] = published_at
    return sorted(ranks, key=lambda pk: (-ranks[pk], -published[pk].timestamp(), -pk))


def _authors_named(query):
    """
    Authors whose name matches ``query``. Names are few, matched on their own first: with their ids in
    hand, PostgreSQL knows from its statistics how many stories they wrote, and walks the date index
    for a prolific author.
    """
    search_query = SearchQuery(query, search_type="websearch", config=SEARCH_CONFIG)
    named = Author.objects.annotate(document=SearchVector("name", config=SEARCH_CONFIG)).filter(document=search_query)
    return named.values_list("pk")


def _matching(query, authors, now, depth):
    """
    The newest ``depth`` stories whose stored document matches ``query``, ranked, and the newest
    by ``authors``: ``(pk, published_at, rank, by_author)`` rows, a story perhaps in both.
    """
    search_query = SearchQuery(query, search_type="websearch", config=SEARCH_CONFIG)
    # Ranking: headline (A) and dek (B) weigh in, read from the stored document without parsing the
    # story again; a match only in the body ranks by date behind them.
    headline_and_dek = Cast(Func(article_search_document(), Value("{a,b}"), function="ts_filter"), SearchVectorField())
    # PostgreSQL picks the path by how common the words are: for a common word it walks the date index
    # and stops once it has enough, for a rare one it takes the few matches from the GIN index and sorts them.
    by_document = (
        published_articles(now)
        .annotate(document=article_search_document())
        .filter(document=search_query)
        .annotate(rank=SearchRank(headline_and_dek, search_query), by_author=Value(False))
        .order_by("-published_at")
        .values_list("pk", "published_at", "rank", "by_author")[:depth]
    )
    by_author = (
        published_articles(now)
        .filter(Exists(Byline.objects.filter(article=OuterRef("pk"), author__in=authors)))
        .annotate(rank=Value(0.0, output_field=FloatField()), by_author=Value(True))
        .order_by("-published_at")
        .values_list("pk", "published_at", "rank", "by_author")[:depth]
    )
    return by_document.union(by_author, all=True)


# Built once per process for each number of matching authors (``newsroom.compiled``): building them
# took the ORM longer than PostgreSQL took to answer them.
_matching_authors = CompiledQuery(_authors_named)
_matches = CompiledQuery(_matching)


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
        published_articles(now)
        .filter(matches)
        .annotate(rank=Cast(score, FloatField()))
        .order_by("-rank", "-published_at", "-id")
        .values_list("pk", flat=True)
    )


def plain_text(body):
    """The body's words without their markup, for a snippet (the body is sanitized HTML)."""
    return " ".join(html.unescape(MARKUP.sub(" ", body)).split())


def snippet(text, pattern):
    """A window of ``text`` around the first match of ``pattern``, every match in it marked; else the opening."""
    found = pattern.search(text) if pattern else None
    # Only the words the window needs are split off: a body runs to thousands of words.
    if found is None:
        words = text.split(None, SNIPPET_WORDS)
        return snippet_html(" ".join(words[:SNIPPET_WORDS]) + (" …" if len(words) > SNIPPET_WORDS else ""))
    before = text[: found.start()].rsplit(None, SNIPPET_WORDS // 3)[-SNIPPET_WORDS // 3 :]
    wanted = SNIPPET_WORDS - len(before)
    after = text[found.start() :].split(None, wanted)[:wanted]
    window = " ".join(before + after)
    marked = pattern.sub(lambda match: f"{MARK_START}{match.group(0)}{MARK_END}", window)
    prefix = "… " if len(before) == SNIPPET_WORDS // 3 else ""
    return snippet_html(prefix + marked + " …")


def substring_snippet(body, query):
    """A window of ``body`` around the first matched term, the terms marked (the substring search's rule)."""
    terms = query_terms(clean_query(query))
    pattern = re.compile("|".join(re.escape(term) for term in terms), re.IGNORECASE) if terms else None
    return snippet(plain_text(body), pattern)


def query_lexemes(query):
    """
    The words a PostgreSQL search looks for, as its English parser stems them (``orbit``, ``studi``).

    Stop words and negated words are left out, as they are from the index's part of the query.
    """
    with connection.cursor() as cursor:
        cursor.execute("SELECT querytree(websearch_to_tsquery(%s::regconfig, %s))", [SEARCH_CONFIG, query])
        (tree,) = cursor.fetchone()
    return [lexeme.replace("''", "'") for lexeme in re.findall(r"'((?:[^']|'')+)'", tree or "")]


def lexeme_pattern(lexemes):
    """
    Words that begin with one of ``lexemes``: the stemmer cuts endings, so ``orbit`` finds "orbital"
    and ``parachut`` "parachutes"; a stem ending in ``i`` also finds its word's ``y`` ("studi", "study").

    PostgreSQL's ``ts_headline`` would mark the words by its own stemming, but it parses every body of
    the page again: 12 ms for a page of 20 stories at the benchmark's length, against under 3 ms here,
    which took the search page past its 50 ms target (``make bench``). The prefix match marks a few
    words the stemmer would not ("orbitz" for ``orbit``); the search itself is the index's, exact.
    """
    stems = sorted({lexeme[:-1] + "[iy]" if lexeme.endswith("i") else re.escape(lexeme) for lexeme in lexemes})
    if not stems:
        return None
    return re.compile(r"\b(?:" + "|".join(stems) + r")\w*", re.IGNORECASE)


@dataclass(frozen=True, slots=True)
class Result:
    """A story found, as the results page shows it: its teaser and a snippet of its body."""

    story: object
    snippet: str


def with_snippets(stories, query):
    """
    The ``Result`` of each story of a results page: a window of its body (read here, in one query)
    around the first word the search matched, the matched words marked.

    On PostgreSQL the words are the query's stemmed lexemes (one short query), so a search for
    "orbits" marks "orbit" and "orbital"; on SQLite they are the query's words, as it matched them.
    """
    query = clean_query(query)
    if not stories:
        return []
    bodies = dict(Article.objects.filter(pk__in=[story.pk for story in stories]).values_list("pk", "body"))
    if connection.vendor == "postgresql":
        pattern = lexeme_pattern(query_lexemes(query))
        snippets = {pk: snippet(plain_text(body), pattern) for pk, body in bodies.items()}
    else:
        snippets = {pk: substring_snippet(body, query) for pk, body in bodies.items()}
    return [Result(story, snippets.get(story.pk, "")) for story in stories]
