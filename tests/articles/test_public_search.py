"""Search at /search/?q=: ranked, highlighted, paginated, calm under hostile queries, on both databases."""

import datetime
import re

import pytest
from django.db import connection
from django.utils import timezone

from articles.models import Status
from public.search import article_search_document
from tests.factories import ArticleFactory, AuthorFactory

pytestmark = pytest.mark.django_db


def results(client, query, **params):
    response = client.get("/search/", {"q": query, **params})
    assert response.status_code == 200
    html = response.content.decode()
    return re.findall(r'<h2 class="teaser-headline"><a href="[^"]+">([^<]+)</a>', html), html


def test_headline_match_ranks_above_body_match(client):
    body_only = ArticleFactory(headline="Budget talks continue", body="<p>The heliopause was mentioned once.</p>")
    in_headline = ArticleFactory(headline="Voyager crosses the heliopause", body="<p>A long trip.</p>")
    # The body-only story is newer: rank, not date, decides.
    body_only.published_at = timezone.now() - datetime.timedelta(minutes=5)
    body_only.save()
    headlines, _ = results(client, "heliopause")
    assert headlines == [in_headline.headline, body_only.headline]


def test_dek_and_author_names_are_searched(client):
    ArticleFactory(headline="Orbit report", dek="Cubesats crowd low orbit.")
    ArticleFactory(headline="Column", authors=[AuthorFactory(name="Zelda Quasar")])
    assert results(client, "cubesats")[0] == ["Orbit report"]
    assert results(client, "Quasar")[0] == ["Column"]


def test_only_live_stories_are_found(client):
    ArticleFactory(headline="Live pulsar story")
    ArticleFactory(headline="Draft pulsar story", status=Status.DRAFT)
    ArticleFactory(headline="In review pulsar story", status=Status.IN_REVIEW)
    ArticleFactory(headline="Unpublished pulsar story", status=Status.UNPUBLISHED)
    ArticleFactory(headline="Scheduled pulsar story", published_at=timezone.now() + datetime.timedelta(hours=2))
    headlines, html = results(client, "pulsar")
    assert headlines == ["Live pulsar story"]
    assert "1 result for" in html


def test_snippet_marks_the_words_and_escapes_the_text(client):
    ArticleFactory(
        headline="Station notes",
        body="<p>Crew members &lt;b&gt;tested&lt;/b&gt; a new airlock on the station before the spacewalk.</p>",
    )
    _, html = results(client, "airlock")
    snippet = re.search(r'<p class="snippet">(.*?)</p>', html, re.S).group(1)
    assert "<mark>airlock</mark>" in snippet
    assert "&lt;b&gt;tested&lt;/b&gt;" in snippet
    assert "<b>" not in snippet


def test_snippet_is_cut_around_the_first_match_deep_in_a_long_body(client):
    opening = " ".join(f"word{n}" for n in range(300))
    ArticleFactory(headline="Long read", body=f"<p>{opening}</p><p>Then the studies of <em>orbits</em> began.</p>")
    _, html = results(client, "orbits")
    snippet = re.search(r'<p class="snippet">(.*?)</p>', html, re.S).group(1)
    assert snippet.startswith("… ") and "word299" in snippet and "word0 " not in snippet
    assert "<mark>orbits</mark>" in snippet


@pytest.mark.postgres(reason="stemming is PostgreSQL's full-text search")
def test_snippet_marks_every_form_of_a_stemmed_word(client):
    ArticleFactory(body="<p>One study found the orbital debris; two studies followed its orbit.</p>")
    _, html = results(client, "studies orbiting -asteroid")
    snippet = re.search(r'<p class="snippet">(.*?)</p>', html, re.S).group(1)
    for word in ("study", "studies", "orbital", "orbit"):
        assert f"<mark>{word}</mark>" in snippet
    assert "<mark>debris</mark>" not in snippet


@pytest.mark.parametrize(
    "query",
    [
        "x" * 10_000,
        "!!! ??? ... ---",
        "' OR 1=1 --",
        "<script>alert(1)</script>",
        '"unbalanced',
        "a & | ! :*",
        "\x00",
        "story\x00\x07",
    ],
)
def test_hostile_queries_answer_calmly(client, query):
    ArticleFactory(headline="Harmless story")
    response = client.get("/search/", {"q": query})
    assert response.status_code == 200
    html = response.content.decode()
    assert "<script>alert" not in html
    assert 'maxlength="200"' in html


def test_long_query_is_capped(client):
    ArticleFactory(headline="Telescope mirror story")
    headlines, html = results(client, "telescope " + "x" * 5000)
    assert f'value="telescope {"x" * 190}"' in html
    assert "x" * 300 not in html


def test_empty_query_shows_the_form(client):
    response = client.get("/search/")
    assert response.status_code == 200
    assert 'id="search-query"' in response.content.decode()
    assert "result" not in response.content.decode().split("</form>")[1]


def test_results_are_paginated_and_keep_the_query(client):
    for n in range(23):
        ArticleFactory(headline=f"Comet story {n}")
    first, html = results(client, "comet")
    assert len(first) == 20
    assert 'href="?q=comet&amp;page=2"' in html
    second, _ = results(client, "comet", page=2)
    assert len(second) == 3
    assert not set(first) & set(second)
    assert client.get("/search/", {"q": "comet", "page": 3}).status_code == 404


def test_search_page_query_count_is_fixed(client, django_assert_num_queries):
    for n in range(3):
        ArticleFactory(headline=f"Nebula story {n}", authors=[AuthorFactory() for _ in range(n + 1)])
    # PostgreSQL: the authors by name; the ranked ids of every match (SQLite: the count, the page's ids);
    # the content version; the page's stories with their bylines; their bodies; the words matched
    # (PostgreSQL); the sections in the navigation.
    with django_assert_num_queries(7 if connection.vendor == "postgresql" else 6):
        drawn = client.get("/search/", {"q": "nebula"}).content
    # Their teasers kept: which of them changed since, in place of the version and the stories.
    with django_assert_num_queries(6 if connection.vendor == "postgresql" else 5):
        assert client.get("/search/", {"q": "nebula"}).content == drawn


@pytest.mark.postgres(reason="the GIN index exists on PostgreSQL only")
def test_postgresql_answers_the_document_match_from_the_gin_index():
    from articles.models import Article

    ArticleFactory(headline="Indexed story")
    queryset = Article.objects.annotate(document=article_search_document()).filter(document="indexed").values("pk")
    with connection.cursor() as cursor:
        # A tiny table: keep the planner from walking a whole b-tree (or the table) and filtering,
        # which is what it does before it reaches for the GIN index's bitmap.
        cursor.execute("SET LOCAL enable_seqscan = off")
        cursor.execute("SET LOCAL enable_indexscan = off")
        plan = queryset.explain()
    assert "article_search_document_idx" in plan


def test_a_very_common_word_ranks_the_newest_matches_and_says_so(client, monkeypatch):
    from public import search

    monkeypatch.setattr(search, "SEARCH_DEPTH", 3)
    for n in range(5):
        ArticleFactory(headline=f"Probe story {n}", published_at=timezone.now() - datetime.timedelta(hours=n))
    headlines, html = results(client, "probe")
    if connection.vendor == "postgresql":
        assert headlines == ["Probe story 0", "Probe story 1", "Probe story 2"]
        assert "More than 3 results for <strong>probe</strong>: the newest 3, best match first" in html
    else:  # SQLite's substring search ranks every match.
        assert len(headlines) == 5
        assert "5 results for <strong>probe</strong>" in html
