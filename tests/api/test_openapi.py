"""The content API's OpenAPI document: valid, complete, and true of what the endpoints answer."""

import re

import pytest
from openapi_spec_validator import validate

from api.endpoints import api
from tests.api.checks import openapi_errors
from tests.api.stories import API, full_story
from tests.factories import ArticleFactory, AuthorFactory

pytestmark = pytest.mark.django_db

ENDPOINTS = {
    "/api/v1/stories/",
    "/api/v1/stories/{pk}/",
    "/api/v1/stories/at/{year}/{month}/{day}/{slug}/",
    "/api/v1/sections/",
    "/api/v1/sections/{slug}/",
    "/api/v1/tags/",
    "/api/v1/tags/{slug}/",
    "/api/v1/authors/",
    "/api/v1/authors/{slug}/",
    "/api/v1/pictures/{pk}/",
    "/api/v1/corrections/",
}


@pytest.fixture
def document(client):
    answer = client.get(f"{API}/openapi.json")
    assert answer.status_code == 200
    return answer.json()


def test_the_document_is_valid_openapi(document):
    validate(document)
    assert document["info"]["version"] == "1"
    assert document["components"]["securitySchemes"]["PartnerKey"] == {
        "type": "apiKey",
        "in": "header",
        "name": "X-API-Key",
    }


def test_every_endpoint_is_in_the_document_and_only_reads(document):
    assert set(document["paths"]) == ENDPOINTS
    assert {method for operations in document["paths"].values() for method in operations} == {"get"}
    # And it names every address the API answers, but its own, the browsable page and the root (sent there).
    patterns, _app, _namespace = api.urls
    routes = {"/api/v1/" + re.sub(r"<(?:\w+:)?(\w+)>", r"{\1}", str(pattern.pattern)) for pattern in patterns}
    assert routes - {"/api/v1/openapi.json", "/api/v1/docs", "/api/v1/"} == ENDPOINTS


def test_the_browsable_page_loads_its_scripts_from_the_site(client):
    page = client.get(f"{API}/docs")
    assert page.status_code == 200
    text = page.content.decode()
    assert "/static/ninja/swagger-ui-bundle.js" in text and "cdn" not in text.lower()


def schema_of(document, path, status="200", content="application/json"):
    return document["paths"][path]["get"]["responses"][status]["content"][content]["schema"]


def test_each_answer_is_what_the_document_says(client, document, make_renditions):
    story = full_story(make_renditions)
    author = story.authors.first()
    author.links.create(label="Books", url="https://example.org/books")
    headshot_author = AuthorFactory(headshot=story.hero_image)
    ArticleFactory(authors=[headshot_author])
    correction = story.corrections.first()
    assert correction is not None
    answers = {
        "/api/v1/stories/": "/stories/",
        "/api/v1/stories/{pk}/": f"/stories/{story.pk}/",
        "/api/v1/stories/at/{year}/{month}/{day}/{slug}/": f"/stories/at/{story.get_absolute_url().strip('/')}/",
        "/api/v1/sections/": "/sections/",
        "/api/v1/sections/{slug}/": f"/sections/{story.section.slug}/",
        "/api/v1/tags/": "/tags/?limit=1",
        "/api/v1/tags/{slug}/": "/tags/iss/",
        "/api/v1/authors/": "/authors/",
        "/api/v1/authors/{slug}/": f"/authors/{author.slug}/",
        "/api/v1/pictures/{pk}/": f"/pictures/{story.hero_image_id}/",
        "/api/v1/corrections/": "/corrections/",
    }
    assert set(answers) == ENDPOINTS
    for path, address in answers.items():
        answer = client.get(f"{API}{address}")
        assert answer.status_code == 200, address
        assert openapi_errors(document, answer.json(), schema_of(document, path)) == [], address
    missing = client.get(f"{API}/stories/0/")
    assert openapi_errors(document, missing.json(), schema_of(document, "/api/v1/stories/{pk}/", "404")) == []


def test_a_wrong_answer_breaks_the_document(client, document):
    story = ArticleFactory()
    answer = client.get(f"{API}/stories/{story.pk}/").json()
    schema = schema_of(document, "/api/v1/stories/{pk}/")
    assert openapi_errors(document, {**answer, "bylines": [{"role": 3}]}, schema) != []
    assert openapi_errors(document, {**answer, "published_at": "yesterday"}, schema) != []
