"""Lists through the content API: stories with their filters and cursors, sections, tags, people, corrections."""

import datetime

import pytest
from django.utils import timezone

from articles.models import Correction, Status
from tests.api.stories import API
from tests.factories import ArticleFactory, AuthorFactory, SectionFactory, TagFactory

pytestmark = pytest.mark.django_db


def hours_ago(hours):
    return timezone.now() - datetime.timedelta(hours=hours)


def headlines(answer):
    assert answer.status_code == 200, answer.content
    return [item["headline"] for item in answer.json()["items"]]


@pytest.fixture
def newsroom():
    """Six live stories over six hours, filed under two sections, two tags and two authors."""
    space, earth = SectionFactory(slug="space", name="Space"), SectionFactory(slug="earth", name="Earth")
    moon, mars = TagFactory(slug="moon"), TagFactory(slug="mars")
    ada, ben = AuthorFactory(slug="ada"), AuthorFactory(slug="ben")
    plan = [
        ("one", space, [moon], [ada]),
        ("two", earth, [mars], [ben]),
        ("three", space, [moon, mars], [ada, ben]),
        ("four", earth, [], [ada]),
        ("five", space, [mars], [ben]),
        ("six", earth, [moon], [ada]),
    ]
    return {
        headline: ArticleFactory(
            headline=headline, section=section, tags=tags, authors=authors, published_at=hours_ago(7 - n)
        )
        for n, (headline, section, tags, authors) in enumerate(plan, 1)
    }


def test_stories_come_newest_first_as_summaries(client, newsroom):
    answer = client.get(f"{API}/stories/")
    assert headlines(answer) == ["six", "five", "four", "three", "two", "one"]
    first = answer.json()["items"][0]
    assert first["section"]["name"] == "Earth"
    assert first["bylines"][0]["slug"] == "ada"
    assert first["api_url"].endswith(f"/stories/{newsroom['six'].pk}/")
    assert answer.json()["next"] is None


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("section=space", ["five", "three", "one"]),
        ("tag=moon", ["six", "three", "one"]),
        ("author=ben", ["five", "three", "two"]),
        ("author=ada&tag=mars", ["three"]),
        ("author=ada&section=earth", ["six", "four"]),
        ("tag=mars&section=space", ["five", "three"]),
    ],
)
def test_filters_by_section_tag_and_author_combine(client, newsroom, query, expected):
    assert headlines(client.get(f"{API}/stories/?{query}")) == expected


def test_filters_by_publication_time(client, newsroom):
    after = newsroom["three"].published_at.isoformat()
    before = newsroom["five"].published_at.isoformat()
    answer = client.get(f"{API}/stories/", {"published_after": after, "published_before": before})
    assert headlines(answer) == ["four", "three"]
    answer = client.get(f"{API}/stories/", {"published_after": after, "author": "ada"})
    assert headlines(answer) == ["six", "four", "three"]


def test_updated_since_lists_the_stories_changed_since(client, newsroom):
    since = timezone.now()
    Correction.objects.create(article=newsroom["two"], text="A fix.")
    newsroom["five"].headline = "five, retold"
    newsroom["five"].save()
    assert headlines(client.get(f"{API}/stories/", {"updated_since": since.isoformat()})) == ["five, retold", "two"]


def test_unknown_filters_are_a_404_and_malformed_ones_a_422(client, newsroom):
    missing = client.get(f"{API}/stories/?section=nowhere")
    assert missing.status_code == 404
    assert missing.json() == {"detail": "No section at “nowhere”."}
    assert client.get(f"{API}/stories/?published_after=yesterday").status_code == 422
    assert client.get(f"{API}/stories/?limit=0").status_code == 422
    assert client.get(f"{API}/stories/?limit=101").status_code == 422


def test_the_cursor_walks_every_story_once_in_order(client, newsroom):
    # Two stories share a second: the id settles their order.
    newsroom["four"].published_at = newsroom["three"].published_at
    newsroom["four"].save()
    seen, address = [], f"{API}/stories/?limit=2"
    while address:
        page = client.get(address).json()
        seen += [item["headline"] for item in page["items"]]
        address = page["next"]
        if address:
            assert "limit=2" in address and page["next_cursor"] in address
    same_second = sorted([newsroom["three"], newsroom["four"]], key=lambda story: -story.pk)
    assert seen == ["six", "five", *(story.headline for story in same_second), "two", "one"]


def test_the_next_address_keeps_the_filters(client, newsroom):
    first = client.get(f"{API}/stories/?tag=moon&limit=1").json()
    assert "tag=moon" in first["next"]
    walked = [first["items"][0]["headline"]]
    address = first["next"]
    while address:
        page = client.get(address).json()
        walked += [item["headline"] for item in page["items"]]
        address = page["next"]
    assert walked == ["six", "three", "one"]


@pytest.mark.parametrize("cursor", ["zzz", "WyJ4Il0", "W251bGwsIDFd", "WyIyMDI2LTEyLTAxVDAwOjAwOjAwWiIsIC0xXQ", "%00"])
def test_a_cursor_the_api_did_not_give_is_a_400(client, newsroom, cursor):
    answer = client.get(f"{API}/stories/?cursor={cursor}")
    assert answer.status_code == 400
    assert answer.json() == {"detail": "This cursor is not one the API gave out."}


def test_sections_and_a_section(client, newsroom):
    sections = client.get(f"{API}/sections/").json()
    assert [section["slug"] for section in sections] == ["earth", "space"]
    space = client.get(f"{API}/sections/space/").json()
    assert space["stories_url"] == f"http://127.0.0.1:8000{API}/stories/?section=space"
    assert client.get(f"{API}/sections/nowhere/").status_code == 404


def test_tags_are_those_with_a_live_story_a_page_at_a_time(client, newsroom):
    TagFactory(slug="unused")
    ArticleFactory(status=Status.DRAFT, tags=[TagFactory(slug="draft-only")])
    first = client.get(f"{API}/tags/?limit=1").json()
    second = client.get(first["next"]).json()
    assert [tag["slug"] for tag in first["items"] + second["items"]] == ["mars", "moon"]
    assert second["next"] is None
    assert client.get(f"{API}/tags/moon/").json()["stories_url"].endswith("/stories/?tag=moon")
    assert client.get(f"{API}/tags/draft-only/").status_code == 404
    assert client.get(f"{API}/tags/unused/").status_code == 404


def test_authors_and_an_author_with_their_newest_stories(client, newsroom):
    ada = newsroom["one"].authors.get()
    ada.links.create(label="Newsletter", url="https://example.org/ada")
    listed = client.get(f"{API}/authors/").json()
    assert {author["slug"] for author in listed} == {"ada", "ben"}
    profile = client.get(f"{API}/authors/ada/").json()
    assert profile["links"] == [{"label": "Newsletter", "url": "https://example.org/ada"}]
    assert [story["headline"] for story in profile["stories"]] == ["six", "four", "three", "one"]
    assert profile["stories_url"].endswith("/stories/?author=ada")
    assert client.get(f"{API}/authors/nobody/").status_code == 404


def test_corrections_newest_first_with_their_story(client, newsroom):
    Correction.objects.create(article=newsroom["one"], text="Older fix.", published_at=hours_ago(2))
    Correction.objects.create(article=newsroom["two"], text="Newer fix.", published_at=hours_ago(1))
    Correction.objects.create(article=newsroom["two"], text="Still to come.", published_at=hours_ago(-1))
    first = client.get(f"{API}/corrections/?limit=1").json()
    second = client.get(first["next"]).json()
    items = first["items"] + second["items"]
    assert [(item["text"], item["story"]["headline"]) for item in items] == [
        ("Newer fix.", "two"),
        ("Older fix.", "one"),
    ]
    assert second["next"] is None


@pytest.mark.parametrize(
    "address",
    [
        "/stories/?tag=%00",
        "/stories/?section=a%00b",
        "/stories/?author=%E2%80%AE",
        "/tags/%00/",
        "/sections/x%00/",
        "/authors/%00/",
        "/stories/at/2026/01/01/a%00b/",
    ],
)
def test_an_address_or_filter_no_slug_could_have_is_refused_before_any_query(
    client, address, django_assert_num_queries
):
    with django_assert_num_queries(0):
        answer = client.get(f"{API}{address}")
    assert answer.status_code in (404, 422)
    assert "detail" in answer.json()


def test_an_address_the_api_does_not_have_is_a_json_404(client):
    answer = client.get("/api/v2/stories/")
    assert answer.status_code == 404
    assert answer.json() == {"detail": "No such address in the content API."}
