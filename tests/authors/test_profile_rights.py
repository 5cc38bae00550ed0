"""
Who may change an author profile, through the admin: the permission matrix.

What readers see of a person (name, address, title, headshot) changes only through the desk; a
journalist keeps their own bio, website, email and links. Nobody but an editor adds or deletes a
profile, and nobody signed out gets past the login page.
"""

import pytest
from django.test import Client

from authors.models import Author, AuthorLink
from tests.clients import client_for
from tests.factories import ArticleFactory, AuthorFactory, ImageFactory, editor, journalist

from .profile_form import change_url, profile_form

pytestmark = pytest.mark.django_db

ADD_URL = "/admin/authors/author/add/"


def delete_url(author):
    return f"/admin/authors/author/{author.pk}/delete/"


@pytest.fixture
def people():
    writer, colleague = journalist(username="writer"), journalist(username="colleague")
    return {
        "writer": writer,
        "editor": editor(username="editor"),
        "own": AuthorFactory(name="Maya Okafor", slug="maya-okafor", user=writer),
        "colleague's": AuthorFactory(name="Leonard David", slug="leonard-david", user=colleague),
    }


def stored(author):
    """The profile as readers and the desk see it."""
    row = Author.objects.filter(pk=author.pk).values(
        "name", "slug", "title", "headshot", "short_bio", "long_bio", "website", "email"
    )[0]
    return row | {"links": list(AuthorLink.objects.filter(author=author).values_list("label", "url"))}


ONE_LINK = {
    "links-TOTAL_FORMS": "1",
    "links-0-order": "0",
    "links-0-label": "Newsletter",
    "links-0-url": "https://letters.example/maya",
}

# field: (form input, what is posted, how the stored profile shows it was taken, public to readers)
FIELDS = {
    "name": ('name="name"', lambda: {"name": "Editor-in-Chief"}, lambda row: row["name"] == "Editor-in-Chief", True),
    "slug": ('name="slug"', lambda: {"slug": "editor-in-chief"}, lambda row: row["slug"] == "editor-in-chief", True),
    "title": (
        'name="title"',
        lambda: {"title": "Editor-in-Chief"},
        lambda row: row["title"] == "Editor-in-Chief",
        True,
    ),
    "headshot": (
        'name="headshot"',
        lambda: {"headshot": ImageFactory(title="New face").pk},
        lambda row: row["headshot"] is not None,
        True,
    ),
    "short bio": (
        'name="short_bio"',
        lambda: {"short_bio": "Covers the Moon."},
        lambda row: row["short_bio"] == "Covers the Moon.",
        False,
    ),
    "long bio": (
        'name="long_bio"',
        lambda: {"long_bio": "<p>Twenty years on the space beat.</p>"},
        lambda row: row["long_bio"] == "<p>Twenty years on the space beat.</p>",
        False,
    ),
    "website": (
        'name="website"',
        lambda: {"website": "https://maya.example/"},
        lambda row: row["website"] == "https://maya.example/",
        False,
    ),
    "email": (
        'name="email"',
        lambda: {"email": "maya@elsewhere.example"},
        lambda row: row["email"] == "maya@elsewhere.example",
        False,
    ),
    "links": (
        'name="links-TOTAL_FORMS"',
        lambda: ONE_LINK,
        lambda row: row["links"] == [("Newsletter", "https://letters.example/maya")],
        False,
    ),
}

# who, whose profile: may they see the form, may they change the public fields, the private ones
CASES = [
    ("writer", "own", True, False, True),
    ("writer", "colleague's", False, False, False),
    ("editor", "colleague's", True, True, True),
    ("editor", "own", True, True, True),
]


@pytest.mark.parametrize(("who", "whose", "sees_form", "public", "private"), CASES)
def test_the_profile_form_offers_only_the_fields_the_user_may_change(people, who, whose, sees_form, public, private):
    response = client_for(people[who]).get(change_url(people[whose]))

    if not sees_form:
        # Someone else's profile is not there for a journalist.
        assert response.status_code == 302
        return
    html = response.content.decode()
    for form_input, _, _, is_public in FIELDS.values():
        assert (form_input in html) is (public if is_public else private), form_input
    if not public:
        # Read-only, but shown: the journalist sees what readers see, and why they cannot change it.
        assert "Maya Okafor" in html and "Staff Writer" in html
        assert "ask an editor to change them" in html
    else:
        assert "ask an editor" not in html


@pytest.mark.parametrize("field", list(FIELDS))
@pytest.mark.parametrize(("who", "whose", "sees_form", "public", "private"), CASES)
def test_a_posted_change_is_taken_only_where_the_user_may_make_it(
    people, who, whose, sees_form, public, private, field
):
    author = people[whose]
    before = stored(author)
    _, fields, taken, is_public = FIELDS[field]

    response = client_for(people[who]).post(change_url(author), profile_form(author, **fields()))

    assert response.status_code == 302, response.context and response.context["adminform"].form.errors
    may = public if is_public else private
    row = stored(author)
    assert taken(row) is may
    if not may:
        assert row == before


def test_a_journalist_renaming_themselves_changes_no_live_byline(people):
    story = ArticleFactory(headline="Crew steps outside", authors=[people["own"]])
    page = story.get_absolute_url()

    client_for(people["writer"]).post(
        change_url(people["own"]), profile_form(people["own"], name="Editor-in-Chief", title="Editor-in-Chief")
    )

    html = Client().get(page).content.decode()
    assert "Maya Okafor" in html and "Editor-in-Chief" not in html
    assert Client().get("/authors/maya-okafor/").status_code == 200


# Adding and deleting: journalists and people signed out -----------------------------------------


def new_profile():
    return profile_form(Author(name="Impostor", slug="impostor", title="Editor-in-Chief"))


def test_a_journalist_never_adds_a_profile(people):
    client = client_for(people["writer"])

    assert client.get(ADD_URL).status_code == 403
    assert client.post(ADD_URL, new_profile()).status_code == 403
    assert not Author.objects.filter(slug="impostor").exists()


@pytest.mark.parametrize("whose", ["own", "colleague's"])
def test_a_journalist_never_deletes_a_profile_not_even_their_own(people, whose):
    client = client_for(people["writer"])
    author = people[whose]

    assert client.get(delete_url(author)).status_code == 403
    assert client.post(delete_url(author), {"post": "yes"}).status_code == 403
    client.post("/admin/authors/author/", {"action": "delete_selected", "_selected_action": [author.pk]})
    assert Author.objects.filter(pk=author.pk).exists()


@pytest.mark.parametrize(
    ("method", "url", "data"),
    [
        ("get", lambda author: ADD_URL, None),
        ("post", lambda author: ADD_URL, new_profile),
        ("get", change_url, None),
        ("post", change_url, lambda: {"name": "Anonymous", "slug": "anonymous"}),
        ("get", delete_url, None),
        ("post", delete_url, lambda: {"post": "yes"}),
    ],
)
def test_nobody_signed_out_adds_changes_or_deletes_a_profile(people, method, url, data):
    author = people["own"]
    before = stored(author)

    response = getattr(Client(), method)(url(author), data() if data else None)

    assert response.status_code == 302
    assert response["Location"].startswith("/admin/login/")
    assert Author.objects.count() == 2
    assert stored(author) == before


def test_an_editor_adds_and_deletes_profiles(people):
    client = client_for(people["editor"])

    assert client.post(ADD_URL, new_profile()).status_code == 302
    impostor = Author.objects.get(slug="impostor")
    assert client.post(delete_url(impostor), {"post": "yes"}).status_code == 302
    assert not Author.objects.filter(slug="impostor").exists()
