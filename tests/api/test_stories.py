"""Stories through the content API: what a story's page shows, as JSON, found by id or by its address."""

import datetime

import pytest
from django.utils import timezone

from articles.models import Article
from tests.api.checks import ninjs_errors
from tests.api.stories import API, full_story
from tests.articles.stories import busy_story
from tests.factories import ArticleFactory, ImageFactory

pytestmark = pytest.mark.django_db


def test_a_story_carries_what_its_page_shows(client, make_renditions):
    story = full_story(make_renditions)
    answer = client.get(f"{API}/stories/{story.pk}/")
    assert answer.status_code == 200
    assert answer["Content-Type"] == "application/json; charset=utf-8"
    data = answer.json()
    assert data["headline"] == "Orbiters meet at the station"
    assert data["dek"] == "Two crews shake hands."
    assert data["url"] == f"http://127.0.0.1:8000{story.get_absolute_url()}"
    assert data["api_url"] == f"http://127.0.0.1:8000{API}/stories/{story.pk}/"
    assert data["section"]["slug"] == "exploration"
    assert [tag["name"] for tag in data["tags"]] == ["Crews", "ISS", "NASA"]
    assert [(line["role"], line["author"]["name"]) for line in data["bylines"]] == [
        ("", "Ada Writer"),
        ("Additional reporting by", "Ben Helper"),
    ]
    assert data["bylines"][0]["author"]["title"] == "Space Insider Columnist"
    assert data["by"] == "Ada Writer and Ben Helper"
    assert data["hero"]["caption"] == "The story's own caption"
    assert data["hero"]["credit"] == "The story's own credit"
    assert data["hero"]["licence"] == "All rights reserved."
    assert {(rendition["ratio"], rendition["format"]) for rendition in data["hero"]["renditions"]} >= {
        ("16x9", "jpeg"),
        ("16x9", "webp"),
        ("3x2", "jpeg"),
        ("1x1", "webp"),
    }
    assert all(rendition["url"].startswith("http://127.0.0.1:8000/") for rendition in data["hero"]["renditions"])
    assert [figure["credit"] for figure in data["figures"]] == ["Figure Agency"]
    assert data["word_count"] == story.word_count > 0
    assert data["published_at"] == timezone.localtime(story.published_at).replace(microsecond=0).isoformat()
    # The correction due shows, and the update it made; the one still to come does not.
    assert [fix["text"] for fix in data["corrections"]] == ["The hatch opened at dawn, not dusk."]
    assert data["updated_at"] == data["corrections"][0]["published_at"]


def test_the_body_is_the_html_readers_see_with_figures_at_absolute_addresses(client, make_renditions):
    story = full_story(make_renditions)
    page = client.get(story.get_absolute_url()).content.decode()
    body = client.get(f"{API}/stories/{story.pk}/").json()["body"]
    assert "<p>The hatch opened at dawn.</p>" in body
    assert '<figure class="body-figure">' in body and "Inside the module." in body
    assert "(Image credit: Figure Agency)" in body
    assert 'src="http://127.0.0.1:8000/uploads/' in body and 'src="/uploads/' not in body
    # The page writes the same body, its pictures on the site's own addresses.
    assert body.replace("http://127.0.0.1:8000/", "/") in page


def test_a_script_in_the_body_never_reaches_the_api(client):
    story = ArticleFactory(body='<p>Fine.</p><script>alert("x")</script><p onclick="steal()">Also fine.</p>')
    body = client.get(f"{API}/stories/{story.pk}/").json()["body"]
    assert "<script" not in body and "onclick" not in body and "Also fine." in body


def test_a_story_is_found_by_its_public_address(client, make_renditions):
    story = full_story(make_renditions)
    path = story.get_absolute_url().strip("/")
    by_address = client.get(f"{API}/stories/at/{path}/")
    assert by_address.status_code == 200
    assert by_address.json() == client.get(f"{API}/stories/{story.pk}/").json()
    assert client.get(f"{API}/stories/at/{path}-not/").status_code == 404
    assert client.get(f"{API}/stories/at/2026/02/31/{story.slug}/").status_code == 404


def test_a_missing_story_is_a_404_with_a_reason(client):
    answer = client.get(f"{API}/stories/999999/")
    assert answer.status_code == 404
    assert answer.json() == {"detail": "No such story."}


@pytest.mark.parametrize("ask", ["accept", "parameter"])
def test_ninjs_is_given_for_the_accept_header_or_the_format_parameter(client, make_renditions, ask):
    story = full_story(make_renditions)
    if ask == "accept":
        answer = client.get(f"{API}/stories/{story.pk}/", headers={"Accept": "application/ninjs+json"})
    else:
        answer = client.get(f"{API}/stories/{story.pk}/?format=ninjs")
    assert answer.status_code == 200
    assert answer["Content-Type"] == "application/ninjs+json; charset=utf-8"
    item = answer.json()
    assert ninjs_errors(item) == []
    assert item["uri"] == f"http://127.0.0.1:8000{story.get_absolute_url()}"
    assert item["headlines"] == [{"role": "main", "contentType": "text/plain", "value": "Orbiters meet at the station"}]
    assert item["by"] == "Ada Writer and Ben Helper"
    assert [person["name"] for person in item["people"]] == ["Ada Writer", "Ben Helper"]
    assert {subject["name"] for subject in item["subjects"]} == {"Crews", "ISS", "NASA", "Exploration"}
    hero, figure = item["associations"]
    assert (hero["name"], hero["type"], hero["by"]) == ("hero", "picture", "The story's own credit")
    assert {"role": "caption", "contentType": "text/plain", "value": "The story's own caption"} in hero["descriptions"]
    assert hero["copyrightNotice"] == hero["usageTerms"] == "All rights reserved."
    assert figure["name"] == "figure-1" and figure["renditions"]
    assert "embargoedUntil" not in item
    assert ninjs_errors({**item, "type": "not-a-type"}) != []


def test_a_picture_with_an_end_to_its_rights_says_so_in_ninjs(client, make_renditions):
    story = full_story(make_renditions)
    story.hero_image.usage_expires_on = timezone.localdate() + datetime.timedelta(days=30)
    story.hero_image.save()
    item = client.get(f"{API}/stories/{story.pk}/?format=ninjs").json()
    hero = item["associations"][0]
    assert hero["usageTerms"].startswith("All rights reserved. Not to be shown after")
    assert hero["expires"].startswith((timezone.localdate() + datetime.timedelta(days=31)).isoformat())
    assert ninjs_errors(item) == []


def test_every_story_of_the_demo_is_valid_ninjs(client, demo):
    stories = Article.objects.filter(status="published", published_at__lte=timezone.now())
    assert stories.count() >= 5
    for story in stories:
        answer = client.get(f"{API}/stories/{story.pk}/?format=ninjs")
        assert answer.status_code == 200, story
        assert ninjs_errors(answer.json()) == [], story.headline


def test_every_story_of_the_fixtures_is_valid_ninjs(client, make_renditions):
    full_story(make_renditions)
    busy_story(bylines=3, tags=3, figures=3)
    bare = ArticleFactory(section=None, dek="", authors=[])
    rights = ImageFactory(licence="", source="Agency", usage_expires_on=timezone.localdate())
    ArticleFactory(hero_image=rights, headline='Quotes " and <tags> & ampersands', dek="Ünïcödé dek")
    live = Article.objects.filter(status="published", published_at__lte=timezone.now())
    assert live.count() == 7
    for story in live:
        item = client.get(f"{API}/stories/{story.pk}/?format=ninjs").json()
        assert ninjs_errors(item) == [], story.headline
    item = client.get(f"{API}/stories/{bare.pk}/?format=ninjs").json()
    assert "descriptions" not in item and "associations" not in item and "by" not in item
