"""Author profiles in the admin: editors manage everyone, a journalist only their own profile."""

import pytest

from authors.models import Author
from tests.factories import AuthorFactory, ImageFactory, UserFactory, editor, journalist

from .profile_form import change_url, profile_form

LIST_URL = "/admin/authors/author/"


@pytest.fixture
def reporter(db):
    """A journalist with a profile of their own, and a colleague's profile beside it."""
    user = journalist()
    own = AuthorFactory(name="Maya Okafor", user=user)
    colleague = AuthorFactory(name="Leonard David", is_columnist=True, order=1)
    return user, own, colleague


def test_a_journalist_sees_only_their_own_profile(client, reporter):
    user, own, colleague = reporter
    client.force_login(user)

    response = client.get(LIST_URL)

    assert [author.name for author in response.context["cl"].result_list] == ["Maya Okafor"]
    assert client.get(change_url(own)).status_code == 200
    # Someone else's profile is not there for them, to read or to change.
    assert client.get(change_url(colleague)).status_code == 302
    client.post(change_url(colleague), profile_form(colleague, title="Changed by someone else"))
    colleague.refresh_from_db()
    assert colleague.title == "Staff Writer"


def test_a_journalist_edits_their_profile_but_not_the_desk_fields(client, reporter):
    user, own, _ = reporter
    client.force_login(user)
    other_account = UserFactory()
    data = profile_form(
        own,
        title="Science Correspondent",
        short_bio="Covers planetary science.",
        long_bio="<p>Trained as an astrophysicist.</p><script>steal()</script>",
        user=other_account.pk,
        is_columnist="on",
        order="99",
    )
    data.pop("is_active")

    response = client.post(change_url(own), data)

    assert response.status_code == 302
    own.refresh_from_db()
    assert own.short_bio == "Covers planetary science."
    assert own.long_bio == "<p>Trained as an astrophysicist.</p>"
    # The title readers see on bylines is the desk's, like the account link and the columnists index.
    assert (own.title, own.user, own.is_columnist, own.order, own.is_active) == ("Staff Writer", user, False, 0, True)


def test_a_journalist_cannot_add_profiles_or_reorder_columnists(client, reporter):
    user, own, _ = reporter
    client.force_login(user)

    assert client.get("/admin/authors/author/add/").status_code == 403
    response = client.get(LIST_URL)
    assert response.context["cl"].formset is None
    assert 'name="form-0-order"' not in response.content.decode()


def test_a_journalist_can_still_find_colleagues_for_bylines(client, reporter):
    user, _, _ = reporter
    client.force_login(user)
    params = {"term": "Leonard", "app_label": "articles", "model_name": "byline", "field_name": "author"}

    response = client.get("/admin/autocomplete/", params)

    assert [result["text"] for result in response.json()["results"]] == ["Leonard David"]


def test_an_editor_edits_any_profile_and_the_desk_fields(client, reporter):
    user, own, colleague = reporter
    client.force_login(editor())
    account = UserFactory()

    response = client.post(
        change_url(colleague),
        profile_form(colleague, title="Space Insider Columnist", user=account.pk, order="3", is_active=""),
    )

    assert response.status_code == 302
    colleague.refresh_from_db()
    assert (colleague.title, colleague.user, colleague.order, colleague.is_active) == (
        "Space Insider Columnist",
        account,
        3,
        False,
    )
    assert {author.name for author in client.get(LIST_URL).context["cl"].result_list} == {
        "Maya Okafor",
        "Leonard David",
    }


def test_an_editor_reorders_columnists_from_the_list(client, reporter):
    _, own, colleague = reporter
    client.force_login(editor())
    data = {
        "form-TOTAL_FORMS": "2",
        "form-INITIAL_FORMS": "2",
        "form-MIN_NUM_FORMS": "0",
        "form-MAX_NUM_FORMS": "1000",
        "form-0-id": colleague.pk,
        "form-0-order": "5",
        "form-1-id": own.pk,
        "form-1-order": "2",
        "_save": "Save",
    }

    assert client.post(LIST_URL, data).status_code == 302
    assert dict(Author.objects.values_list("name", "order")) == {"Leonard David": 5, "Maya Okafor": 2}


def test_active_and_former_filter(client, reporter):
    _, own, colleague = reporter
    colleague.is_active = False
    colleague.save()
    client.force_login(editor())

    former = client.get(LIST_URL, {"active": "no"}).context["cl"].result_list
    active = client.get(LIST_URL, {"active": "yes"}).context["cl"].result_list

    assert [author.name for author in former] == ["Leonard David"]
    assert [author.name for author in active] == ["Maya Okafor"]


def test_links_are_added_inline_and_only_to_the_web(client, reporter):
    _, own, _ = reporter
    client.force_login(editor())
    links = {
        "links-TOTAL_FORMS": "2",
        "links-0-order": "0",
        "links-0-label": "Mastodon",
        "links-0-url": "https://mastodon.example/@maya",
        "links-1-order": "1",
        "links-1-label": "Trap",
        "links-1-url": "javascript:alert(1)",
    }

    refused = client.post(change_url(own), profile_form(own) | links)

    assert refused.status_code == 200
    assert not own.links.exists()
    links.pop("links-1-label"), links.pop("links-1-url"), links.pop("links-1-order")
    links["links-TOTAL_FORMS"] = "1"
    assert client.post(change_url(own), profile_form(own) | links).status_code == 302
    assert [(link.label, link.url) for link in own.links.all()] == [("Mastodon", "https://mastodon.example/@maya")]


def test_the_profile_form_previews_the_headshot(client, reporter):
    _, own, _ = reporter
    own.headshot = ImageFactory(caption="Maya at the observatory.", credit="Newsroom Photo")
    own.save()
    client.force_login(editor())

    html = client.get(change_url(own)).content.decode()

    assert 'data-image-preview-for="headshot"' in html
    assert "Maya at the observatory." in html
    assert "Newsroom Photo" in html
    assert "/admin/authors/author/image-summary/" in html


def test_an_editor_finds_the_account_to_link_a_profile_to(client, db):
    client.force_login(editor())
    UserFactory(username="maya.okafor")
    params = {"term": "maya", "app_label": "authors", "model_name": "author", "field_name": "user"}

    response = client.get("/admin/autocomplete/", params)

    assert response.status_code == 200
    assert [result["text"] for result in response.json()["results"]] == ["maya.okafor"]


def test_a_journalist_cannot_look_up_accounts(client, reporter):
    client.force_login(reporter[0])
    params = {"term": "a", "app_label": "authors", "model_name": "author", "field_name": "user"}

    assert client.get("/admin/autocomplete/", params).status_code == 403
