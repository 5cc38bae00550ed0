"""
The content API over HTTP: cached like the pages and fresh the moment what it shows changes, ETags and
304s, the right Vary, CORS for any origin, read-only, and no cookie honoured.
"""

import pytest

from articles import workflow
from articles.models import Status
from tests.api.stories import API
from tests.factories import ArticleFactory, ImageFactory

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("page_cache_on")]


def test_an_answer_is_cached_and_revalidated_with_its_etag(client):
    story = ArticleFactory(headline="Cached once")
    first = client.get(f"{API}/stories/{story.pk}/")
    second = client.get(f"{API}/stories/{story.pk}/")
    assert (first["X-Page-Cache"], second["X-Page-Cache"]) == ("miss", "hit")
    assert second.content == first.content
    assert first["Cache-Control"] == "public, max-age=60, stale-while-revalidate=300"
    assert set(first["Vary"].replace(" ", "").lower().split(",")) == {"accept", "accept-encoding", "origin"}
    assert f"story:{story.pk}" in first["Surrogate-Key"].split()
    unchanged = client.get(f"{API}/stories/{story.pk}/", headers={"If-None-Match": first["ETag"]})
    assert unchanged.status_code == 304 and unchanged.content == b""


@pytest.mark.parametrize("address", ["/stories/{pk}/", "/stories/", "/stories/?section={section}", "/corrections/"])
def test_a_change_makes_each_answer_fresh_at_once(client, address):
    story = ArticleFactory(headline="Before the edit")
    address = API + address.format(pk=story.pk, section=story.section.slug)
    client.get(address)
    story.corrections.create(text="A fix.")
    story.headline = "After the edit"
    story.save()
    answer = client.get(address)
    assert answer["X-Page-Cache"] == "miss"
    assert "After the edit" in answer.content.decode()


def test_unpublishing_takes_a_story_out_of_every_cached_answer(client, desk):
    story = ArticleFactory(headline="Soon withdrawn")
    for address in (f"{API}/stories/{story.pk}/", f"{API}/stories/"):
        assert "Soon withdrawn" in client.get(address).content.decode()
    workflow.unpublish(story, desk)
    story.refresh_from_db()
    assert story.status == Status.UNPUBLISHED
    assert client.get(f"{API}/stories/{story.pk}/").status_code == 404
    assert "Soon withdrawn" not in client.get(f"{API}/stories/").content.decode()


def test_a_credit_fixed_in_the_library_reaches_the_story_document(client):
    picture = ImageFactory(credit="Wrong Agency")
    story = ArticleFactory(hero_image=picture)
    assert client.get(f"{API}/stories/{story.pk}/").json()["hero"]["credit"] == "Wrong Agency"
    picture.credit = "Right Agency"
    picture.save()
    assert client.get(f"{API}/stories/{story.pk}/").json()["hero"]["credit"] == "Right Agency"


def test_ninjs_and_json_are_kept_apart(client):
    story = ArticleFactory()
    plain = client.get(f"{API}/stories/{story.pk}/")
    ninjs = client.get(f"{API}/stories/{story.pk}/", headers={"Accept": "application/ninjs+json"})
    again = client.get(f"{API}/stories/{story.pk}/?format=ninjs")
    assert plain["Content-Type"].startswith("application/json")
    assert ninjs["Content-Type"].startswith("application/ninjs+json")
    assert (ninjs["X-Page-Cache"], again["X-Page-Cache"]) == ("miss", "hit")


def test_other_query_parameters_share_the_cached_answer(client):
    ArticleFactory()
    client.get(f"{API}/stories/?limit=5")
    assert client.get(f"{API}/stories/?limit=5&utm_source=app")["X-Page-Cache"] == "hit"


def test_a_signed_in_editor_gets_the_public_answer_and_no_cookie_is_read(client, desk_client, desk):
    draft = ArticleFactory(headline="Desk-only draft", status=Status.DRAFT)
    live = ArticleFactory(headline="Public story")
    assert desk_client.get(f"{API}/stories/{draft.pk}/").status_code == 404
    listed = desk_client.get(f"{API}/stories/")
    assert "Desk-only draft" not in listed.content.decode() and "Public story" in listed.content.decode()
    assert "private" not in listed["Cache-Control"]
    assert not listed.cookies
    assert "cookie" not in listed["Vary"].lower()
    assert client.get(f"{API}/stories/{live.pk}/")["X-Page-Cache"] == "miss"
    assert desk_client.get(f"{API}/stories/{live.pk}/")["X-Page-Cache"] == "hit"


def test_any_origin_may_read_without_credentials(client):
    story = ArticleFactory()
    answer = client.get(f"{API}/stories/{story.pk}/", headers={"Origin": "https://partner.example"})
    assert answer["Access-Control-Allow-Origin"] == "*"
    assert "Access-Control-Allow-Credentials" not in answer
    cached = client.get(f"{API}/stories/{story.pk}/", headers={"Origin": "https://other.example"})
    assert cached["X-Page-Cache"] == "hit" and cached["Access-Control-Allow-Origin"] == "*"
    preflight = client.options(
        f"{API}/stories/",
        headers={
            "Origin": "https://partner.example",
            "Access-Control-Request-Method": "GET",
            "Access-Control-Request-Headers": "x-api-key",
        },
    )
    assert preflight.status_code == 200
    assert "x-api-key" in preflight["Access-Control-Allow-Headers"]
    assert preflight["Access-Control-Allow-Methods"] == "GET, HEAD, OPTIONS"
    # The reader's pages are not the API: no CORS there.
    assert "Access-Control-Allow-Origin" not in client.get("/", headers={"Origin": "https://partner.example"})


@pytest.mark.parametrize("method", ["post", "put", "patch", "delete"])
def test_the_api_is_read_only(client, desk_client, method):
    story = ArticleFactory(headline="Unchanged")
    for caller in (client, desk_client):
        answer = getattr(caller, method)(
            f"{API}/stories/{story.pk}/", {"headline": "Changed"}, content_type="application/json"
        )
        assert answer.status_code == 405
    story.refresh_from_db()
    assert story.headline == "Unchanged"


def test_head_answers_like_get_without_a_body(client):
    story = ArticleFactory()
    answer = client.head(f"{API}/stories/{story.pk}/")
    assert answer.status_code == 200
    assert answer.content == b""
    assert int(answer["Content-Length"]) == len(client.get(f"{API}/stories/{story.pk}/").content)
