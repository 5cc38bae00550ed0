"""
What each endpoint costs the database, pinned: a fixed number of queries, whether the page holds one
story or fifty, and whatever number of bylines, tags and figures its stories carry.
"""

import datetime

import pytest
from django.utils import timezone

from tests.api.stories import API
from tests.articles.stories import busy_story
from tests.factories import ArticleFactory, AuthorFactory, ImageFactory, SectionFactory, TagFactory
from tests.plans import queries_of, rows_read

pytestmark = pytest.mark.django_db

# The address of each endpoint, and its queries: the story's kept document is one query; drawing it the
# first time reads the content version, the story with its lists and the renditions, and keeps it (a
# savepoint around one insert).
ENDPOINTS = {
    "/stories/{story}/": 1,
    "/stories/{story}/?format=ninjs": 1,
    "/stories/at/{address}/": 1,
    "/stories/?limit=50": 2,
    "/stories/?limit=50&section={section}": 3,
    "/stories/?limit=50&author={author}": 3,
    "/stories/?limit=50&tag={tag}": 3,
    "/stories/?limit=50&updated_since=2000-01-01T00:00:00Z": 2,
    "/sections/": 1,
    "/sections/{section}/": 1,
    "/tags/?limit=50": 1,
    "/tags/{tag}/": 1,
    "/authors/": 2,
    "/authors/{author}/": 4,
    "/pictures/{picture}/": 2,
    "/corrections/?limit=50": 3,
}
DRAWING_A_DOCUMENT = 6


def hours_ago(hours):
    return timezone.now() - datetime.timedelta(hours=hours)


def newsroom(size):
    """``busy_story`` with ``size`` bylines, tags and figures, among ``size`` times ten stories like it."""
    story = busy_story(size, size, size)
    authors, tags = list(story.authors.all()), list(story.tags.all())
    for _ in range(size * 10):
        other = ArticleFactory(section=story.section, authors=authors, tags=tags, hero_image=ImageFactory())
        other.corrections.create(text="Another fix.")
    return story


def addresses(story):
    names = {
        "story": story.pk,
        "address": story.get_absolute_url().strip("/"),
        "section": story.section.slug,
        "author": story.authors.first().slug,
        "tag": story.tags.first().slug,
        "picture": story.hero_image_id,
    }
    return {address.format(**names): queries for address, queries in ENDPOINTS.items()}


@pytest.mark.parametrize("size", [1, 4])
def test_each_endpoint_makes_a_fixed_number_of_queries(client, django_assert_num_queries, size):
    story = newsroom(size)
    with django_assert_num_queries(ENDPOINTS["/stories/{story}/"] + DRAWING_A_DOCUMENT):
        assert client.get(f"{API}/stories/{story.pk}/").status_code == 200
    for address, queries in addresses(story).items():
        with django_assert_num_queries(queries):
            answer = client.get(API + address)
        assert answer.status_code == 200, address
        if "limit=50" in address and "tags" not in address:
            assert len(answer.json()["items"]) > size * 5


@pytest.mark.postgres(reason="reads the query plans")
@pytest.mark.parametrize("walk", ["", "&section=deep", "&author=deep-writer", "&tag=deep-tag"])
def test_a_page_deep_in_the_archive_reads_its_own_stories_only(client, walk):
    section, tag = SectionFactory(slug="deep"), TagFactory(slug="deep-tag")
    writer = AuthorFactory(slug="deep-writer")
    stories = [
        ArticleFactory(section=section, tags=[tag], authors=[writer], published_at=hours_ago(n + 1)) for n in range(120)
    ]
    # The cursor after the hundredth story: the next page holds the five after it.
    page = client.get(f"{API}/stories/?limit=100{walk}").json()
    assert page["items"][-1]["id"] == stories[99].pk
    deep = f"{API}/stories/?limit=5{walk}&cursor={page['next_cursor']}"
    read = dict.fromkeys(("articles_article", "articles_byline", "articles_taglisting"), 0)
    for sql in queries_of(client, deep):
        for table in read:
            read[table] += rows_read(sql, table)
    assert [item["id"] for item in client.get(deep).json()["items"]] == [story.pk for story in stories[100:105]]
    # The five stories and the one that tells there is a next page (the walk, then each story's bylines and
    # listings): never the hundred before them.
    assert max(read.values()) <= 3 * 6, read
