"""The story form in the admin, posted for real: bylines, hero, body, corrections, validation."""

import datetime

from django.utils import timezone

from articles.models import Article, Correction, Status
from tests.articles.story_form import ADD_URL, change_url, errors_of, story_form
from tests.factories import (
    ArticleFactory,
    AuthorFactory,
    ImageFactory,
    SectionFactory,
    TagFactory,
    journalist,
)


def test_creating_a_story_with_two_bylines_hero_tags_and_a_figure(desk_client, desk):
    reporter, contributor = AuthorFactory(name="Ada Reporter"), AuthorFactory(name="Ben Contributor")
    hero, figure = ImageFactory(caption="Library caption", credit="Library credit"), ImageFactory()
    section, moon, mars = SectionFactory(), TagFactory(name="Moon"), TagFactory(name="Mars")
    body = (
        "<p>Opening paragraph.</p>"
        f'<figure><img src="{figure.file.url}" alt="A test picture" data-file="{figure.pk}">'
        "<figcaption>The lander on the pad.</figcaption></figure>"
    )
    data = story_form(
        bylines=[(reporter, ""), (contributor, "Additional reporting by")],
        headline="Lander ready for the Moon",
        slug="lander-ready-for-the-moon",
        dek="The crew rehearses the descent.",
        section=section.pk,
        tags=[moon.pk, mars.pk],
        hero_image=hero.pk,
        hero_caption="Our own caption for this story",
        hero_credit="Agency Photo Desk",
        body=body,
    )

    response = desk_client.post(ADD_URL, data)

    assert response.status_code == 302, errors_of(response)
    story = Article.objects.get(slug="lander-ready-for-the-moon")
    assert [(b.author, b.role, b.order) for b in story.bylines.all()] == [
        (reporter, "", 0),
        (contributor, "Additional reporting by", 1),
    ]
    assert story.hero_image == hero
    assert (story.hero_caption_text, story.hero_credit_text) == ("Our own caption for this story", "Agency Photo Desk")
    assert set(story.tags.all()) == {moon, mars}
    assert f'data-file="{figure.pk}"' in story.body
    assert "<figcaption>The lander on the pad.</figcaption>" in story.body
    assert list(story.body_images.all()) == [figure]
    assert story.created_by == desk
    assert story.status == Status.DRAFT


def test_body_is_stored_and_previewed_without_scripts_or_handlers(desk_client):
    hostile = (
        '<p onclick="steal()">Safe words <a href="javascript:steal()">a link</a></p>'
        "<script>steal()</script>"
        '<figure><img src="/x.jpg" alt="x" onerror="steal()"><figcaption>Caption</figcaption></figure>'
        '<p><a href="https://example.org/">a real link</a></p>'
    )
    data = story_form(bylines=[(AuthorFactory(), "")], headline="Hostile", slug="hostile", body=hostile)

    assert desk_client.post(ADD_URL, data).status_code == 302
    story = Article.objects.get(slug="hostile")
    for stored in (story.body, desk_client.get(f"/admin/articles/article/{story.pk}/preview/").content.decode()):
        assert "steal()" not in stored
        assert "onclick" not in stored
        assert "onerror" not in stored
        assert "javascript:" not in stored
        assert "Safe words" in stored
        assert "https://example.org/" in stored


def test_a_story_needs_a_byline(desk_client):
    response = desk_client.post(ADD_URL, story_form(bylines=[], headline="Nobody wrote this", slug="nobody"))

    assert response.status_code == 200
    assert errors_of(response)[1] == ["Add at least one byline: every story needs an author."]
    assert not Article.objects.filter(slug="nobody").exists()


def test_the_same_author_cannot_have_two_bylines(desk_client):
    writer = AuthorFactory(name="Ada Reporter")
    data = story_form(bylines=[(writer, ""), (writer, "With")], headline="Twice", slug="twice")

    response = desk_client.post(ADD_URL, data)

    assert response.status_code == 200
    assert errors_of(response)[1] == ["Ada Reporter is listed twice; give each author one byline."]
    assert not Article.objects.filter(slug="twice").exists()


def test_changing_a_published_slug_keeps_the_old_address(desk_client):
    story = ArticleFactory(slug="first-draft-of-history")
    old_url = story.get_absolute_url()

    response = desk_client.post(change_url(story), story_form(story, slug="a-better-address"))

    assert response.status_code == 302, errors_of(response)
    story.refresh_from_db()
    moved = desk_client.get(old_url)
    assert moved.status_code == 301
    assert moved["Location"] == story.get_absolute_url()
    assert story.get_absolute_url().endswith("/a-better-address/")
    assert desk_client.get(story.get_absolute_url()).status_code == 200


def test_a_correction_added_in_the_admin_is_signed_and_shown_to_readers(desk_client, desk):
    story = ArticleFactory()
    correction = {"kind": Correction.Kind.CORRECTION, "text": "The launch was on Tuesday, not Monday."}
    # A minute ago, whatever the hour: a correction still to come would not make the story updated yet.
    earlier = timezone.localtime() - datetime.timedelta(minutes=1)
    correction |= {"published_at_0": f"{earlier:%Y-%m-%d}", "published_at_1": f"{earlier:%H:%M:%S}"}

    response = desk_client.post(change_url(story), story_form(story, corrections=[correction]))

    assert response.status_code == 302, errors_of(response)
    story.refresh_from_db()
    assert story.corrections.get().created_by == desk
    assert story.updated_at is not None
    page = desk_client.get(story.get_absolute_url()).content.decode()
    assert "The launch was on Tuesday, not Monday." in page
    assert "Updated" in page


def test_an_update_time_still_to_come_is_refused_on_the_field(desk_client):
    story = ArticleFactory()
    later = timezone.localtime() + datetime.timedelta(days=1)

    response = desk_client.post(
        change_url(story), story_form(story, updated_at_0=f"{later:%Y-%m-%d}", updated_at_1=f"{later:%H:%M:%S}")
    )

    assert response.status_code == 200
    assert errors_of(response)[0] == {
        "updated_at": ["An update time cannot be in the future: readers would see it before it happens."]
    }
    story.refresh_from_db()
    assert story.updated_at is None


def test_an_expired_image_is_refused_as_hero_on_the_field(desk_client):
    story = ArticleFactory()
    expired = ImageFactory(usage_expires_on=timezone.localdate() - datetime.timedelta(days=1))

    response = desk_client.post(change_url(story), story_form(story, hero_image=expired.pk))

    assert response.status_code == 200
    assert errors_of(response)[0] == {
        "hero_image": ["This image's usage rights expired; choose another or renew the rights."]
    }
    story.refresh_from_db()
    assert story.hero_image is None


def test_a_hero_whose_rights_expire_later_disappears_from_the_public_page(desk_client):
    hero = ImageFactory(
        alt_text="A rocket on the pad at dawn",
        caption="Dawn on launch day.",
        usage_expires_on=timezone.localdate() + datetime.timedelta(days=3),
    )
    story = ArticleFactory()
    assert desk_client.post(change_url(story), story_form(story, hero_image=hero.pk)).status_code == 302
    page = desk_client.get(story.get_absolute_url()).content.decode()
    assert "A rocket on the pad at dawn" in page
    assert "Dawn on launch day." in page

    hero.usage_expires_on = timezone.localdate() - datetime.timedelta(days=1)
    hero.save()

    page = desk_client.get(story.get_absolute_url()).content.decode()
    assert "A rocket on the pad at dawn" not in page
    assert "Dawn on launch day." not in page


def test_a_second_story_cannot_take_a_slug_already_used_that_day(desk_client):
    taken = ArticleFactory(slug="mission-update")
    story = ArticleFactory(slug="another-update", published_at=taken.published_at)

    response = desk_client.post(change_url(story), story_form(story, slug="mission-update"))

    assert response.status_code == 200
    day = timezone.localtime(taken.published_at)
    message = f"Another story published on {day:%B} {day.day}, {day:%Y} already uses this address."
    assert errors_of(response)[0] == {"slug": [message]}
    story.refresh_from_db()
    assert story.slug == "another-update"


def test_the_form_shows_what_empty_seo_fields_fall_back_to(desk_client):
    story = ArticleFactory(headline="Comet brightens overnight", dek="Observers report a sudden outburst.")

    html = desk_client.get(change_url(story)).content.decode()

    assert "Leave empty to use the headline: “Comet brightens overnight”." in html
    assert "Leave empty to use the dek: “Observers report a sudden outburst.”." in html


def test_the_change_form_previews_the_hero_with_its_library_caption_and_credit(desk_client):
    hero = ImageFactory(caption="Engineers at the pad at dawn.", credit="Space Agency Photo")
    story = ArticleFactory(hero_image=hero)

    html = desk_client.get(change_url(story)).content.decode()

    assert 'data-image-preview-for="hero_image"' in html
    assert "Engineers at the pad at dawn." in html
    assert "Space Agency Photo" in html
    assert 'placeholder="Space Agency Photo"' in html
    assert "admin/articles/image-preview.js" in html


def test_journalists_see_the_publication_fields_but_cannot_set_them(client, db):
    writer = journalist()
    client.force_login(writer)
    story = ArticleFactory(status=Status.DRAFT, published_at=None, created_by=writer)
    html = client.get(change_url(story)).content.decode()
    assert "Publication time" in html
    data = story_form(story, headline="Retitled by the reporter", featured="on", status=Status.PUBLISHED)
    data |= {"updated_at_0": "2026-01-02", "updated_at_1": "10:00:00", "published_at_0": "2026-01-02"}

    response = client.post(change_url(story), data)

    assert response.status_code == 302, errors_of(response)
    story.refresh_from_db()
    assert story.headline == "Retitled by the reporter"
    assert (story.status, story.published_at, story.updated_at, story.featured) == (Status.DRAFT, None, None, False)


def test_bylines_come_right_after_the_headline_and_corrections_at_the_end(desk_client):
    story = ArticleFactory()

    html = desk_client.get(change_url(story)).content.decode()

    assert html.index('id="id_dek"') < html.index('id="bylines-group"') < html.index('id="id_hero_image"')
    assert html.index('id="id_body"') < html.index('id="corrections-group"')
