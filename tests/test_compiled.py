"""A query built once per shape runs with new values as the queryset it was built from would."""

import datetime

import pytest
from django.utils import timezone

from articles.models import Article
from articles.selectors import published_articles
from newsroom import rows
from newsroom.compiled import CompiledQuery
from tests.factories import ArticleFactory, TagFactory

pytestmark = pytest.mark.django_db


def newest_tagged(tag_ids, now, limit, exclude=0):
    return (
        published_articles(now)
        .filter(tags__in=tag_ids)
        .exclude(pk=exclude)
        .order_by("-published_at", "-id")
        .values_list("pk")[:limit]
    )


def test_each_run_reads_with_its_own_values():
    moon, mars, venus = TagFactory(), TagFactory(), TagFactory()
    hour = datetime.timedelta(hours=1)
    old = ArticleFactory(tags=[moon], published_at=timezone.now() - 3 * hour)
    new = ArticleFactory(tags=[mars], published_at=timezone.now() - hour)
    due = ArticleFactory(tags=[moon, venus], published_at=timezone.now() + hour)
    query = CompiledQuery(newest_tagged)

    runs = [
        ({"tag_ids": [moon.pk], "now": timezone.now()}, [old.pk]),
        ({"tag_ids": [mars.pk], "now": timezone.now()}, [new.pk]),
        ({"tag_ids": [moon.pk], "now": timezone.now() + 2 * hour}, [due.pk, old.pk]),
        ({"tag_ids": [moon.pk, mars.pk], "now": timezone.now(), "exclude": new.pk}, [old.pk]),
        ({"tag_ids": [venus.pk, mars.pk], "now": timezone.now() + 2 * hour}, [due.pk, new.pk]),
    ]
    for values, expected in runs:
        rows = [pk for (pk,) in query.rows({"limit": 5}, **values)]
        assert rows == expected == [pk for (pk,) in newest_tagged(limit=5, **values)]
    assert len(query.compiled) == 3  # one tag, one tag and no exclusion, two tags and one


def test_a_fixed_argument_is_written_into_the_sql():
    stories = [ArticleFactory(published_at=timezone.now() - datetime.timedelta(hours=n)) for n in range(1, 4)]
    query = CompiledQuery(
        lambda limit, now: published_articles(now).order_by("-published_at").values_list("pk")[:limit]
    )

    assert [pk for (pk,) in query.rows({"limit": 2}, now=timezone.now())] == [stories[0].pk, stories[1].pk]
    assert [pk for (pk,) in query.rows({"limit": 3}, now=timezone.now())] == [story.pk for story in stories]


def by_parity(pk):
    stories = Article.objects.filter(pk=pk)
    return (stories if pk % 2 else stories.filter(featured=True)).values_list("pk")


def test_a_value_that_changes_the_sql_is_refused():
    query = CompiledQuery(by_parity)

    with pytest.raises(ValueError, match="pk changes the SQL"):
        query.rows({}, pk=2)


def test_text_and_days_are_values_too():
    first = ArticleFactory(slug="first-light")
    second = ArticleFactory(slug="second-light", published_at=first.published_at - datetime.timedelta(days=1))
    query = CompiledQuery(
        lambda day, slug: Article.objects.filter(publication_date=day, slug=slug).values_list("pk", "publication_date")
    )

    for story in (first, second):
        ((pk, published_on),) = query.rows({}, day=story.publication_date, slug=story.slug)
        assert (pk, rows.day(published_on)) == (story.pk, story.publication_date)
    assert query.rows({}, day=first.publication_date, slug=second.slug) == []
