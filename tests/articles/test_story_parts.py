"""
A story page keeps what shows only its story, and its related stories, as parts drawn once
(``public.parts``): each change a reader would see on the page draws them again, what depends on
the time of the request never waits for one, and a preview keeps nothing.
"""

import datetime
import io
import re

import pytest
import time_machine
from django.core.management import CommandError, call_command
from django.db import IntegrityError
from django.utils import timezone

from articles.models import Article, Correction, Status
from pagecache import dependencies
from pagecache.state import changed
from public import parts
from public.models import StoryPart
from tests.articles.stories import figure_body
from tests.articles.story_form import change_url, story_form
from tests.clients import client_for
from tests.factories import ArticleFactory, AuthorFactory, ImageFactory, SectionFactory, TagFactory, editor

pytestmark = pytest.mark.django_db


def page(client, story):
    response = client.get(story.get_absolute_url())
    assert response.status_code == 200
    return response.content.decode()


def related_headlines(html):
    section = re.search(r'<section class="related".*?</section>', html, re.S)
    return re.findall(r'class="teaser-headline"><a href="[^"]+">([^<]+)</a>', section.group(0)) if section else []


@pytest.fixture
def story():
    """A live story by Ada, tagged Moon, with a hero and a figure, and an older story beside it."""
    section = SectionFactory(name="Launches")
    figure = ImageFactory(credit="Figure Agency")
    ArticleFactory(
        headline="An older launch", section=section, published_at=timezone.now() - datetime.timedelta(days=2)
    )
    return ArticleFactory(
        headline="Lander lifts off",
        section=section,
        authors=[AuthorFactory(name="Ada Writer", title="Space reporter")],
        tags=[TagFactory(name="Moon")],
        hero_image=ImageFactory(credit="Hero Agency"),
        body=f"<p>It flew.</p>{figure_body(figure.pk)}",
    )


def test_the_page_is_drawn_once_and_then_read_from_its_parts(client, story, django_assert_num_queries):
    drawn = page(client, story)
    assert StoryPart.objects.filter(article=story).count() == 2

    with django_assert_num_queries(2):  # the story with its parts, the navigation
        kept = page(client, story)

    assert kept == drawn


def test_a_kept_part_is_what_the_page_shows_while_it_holds(client, story):
    page(client, story)
    part = StoryPart.objects.get(article=story, kind=StoryPart.Kind.STORY)
    part.content = part.content.replace("Lander lifts off", "Kept headline")
    part.save()

    assert "<h1>Kept headline</h1>" in page(client, story)


def test_a_part_drawn_another_way_is_drawn_again(client, story):
    """A deploy that changes the templates, the code or the site's settings draws every part anew."""
    page(client, story)
    StoryPart.objects.filter(article=story).update(recipe="an-older-recipe")
    part = StoryPart.objects.get(article=story, kind=StoryPart.Kind.STORY)
    part.content = part.content.replace("Lander lifts off", "Kept headline")
    part.save()

    html = page(client, story)

    assert "<h1>Lander lifts off</h1>" in html
    assert "Kept headline" not in html


def test_a_headline_edit_shows_at_once(client, story):
    page(client, story)
    story.headline = "Lander lifts off at dawn"
    story.save()

    html = page(client, story)

    assert "<h1>Lander lifts off at dawn</h1>" in html
    assert '"headline":"Lander lifts off at dawn"' in html


def test_an_author_rename_shows_at_once(client, story):
    page(client, story)
    author = story.bylines.get().author
    author.name = "Ada Lovelace-Writer"
    author.save()

    html = page(client, story)

    assert f'<a rel="author" href="{author.get_absolute_url()}">Ada Lovelace-Writer</a>' in html
    assert 'aria-label="About Ada Lovelace-Writer"' in html
    assert "Ada Writer" not in html


def test_an_authors_new_link_shows_at_once(client, story):
    page(client, story)
    story.bylines.get().author.links.create(label="Newsletter", url="https://example.org/letters")

    assert '<a href="https://example.org/letters" rel="me noopener">Newsletter</a>' in page(client, story)


def test_a_hero_credit_fix_shows_at_once(client, story):
    page(client, story)
    hero = story.hero_image
    hero.credit = "Hero Agency / Fixed"
    hero.save()

    assert "(Image credit: Hero Agency / Fixed)" in page(client, story)


def test_a_figure_credit_fix_shows_at_once(client, story):
    page(client, story)
    figure = story.body_images.get()
    figure.credit = "Figure Agency / Fixed"
    figure.save()

    assert "(Image credit: Figure Agency / Fixed)" in page(client, story)


def test_a_new_headshot_shows_at_once(client, story):
    page(client, story)
    author = story.bylines.get().author
    author.headshot = ImageFactory(alt_text="Ada at the launch pad")
    author.save()

    assert 'alt="Ada at the launch pad"' in page(client, story)


def test_a_tag_rename_shows_at_once(client, story):
    page(client, story)
    tag = story.tags.get()
    tag.name = "The Moon"
    tag.save()

    html = page(client, story)

    assert f'<a href="{tag.get_absolute_url()}" rel="tag">The Moon</a>' in html
    assert '<meta property="article:tag" content="The Moon">' in html


def test_a_section_rename_shows_at_once(client, story):
    page(client, story)
    section = story.section
    section.name = "Lift-offs"
    section.save()

    assert f'<p class="kicker"><a href="{section.get_absolute_url()}">Lift-offs</a></p>' in page(client, story)


def test_a_correction_dated_later_shows_at_its_time_and_not_before(client, story):
    later = timezone.now() + datetime.timedelta(hours=2)
    Correction.objects.create(article=story, text="The pad was misnamed.", published_at=later)

    html = page(client, story)
    assert "The pad was misnamed." not in html
    assert "Updated <time" not in html

    with time_machine.travel(later + datetime.timedelta(minutes=1)):
        html = page(client, story)

    assert "The pad was misnamed." in html
    assert f'Updated <time datetime="{timezone.localtime(later).replace(microsecond=0).isoformat()}">' in html
    assert '"@type":"CorrectionComment"' in html


def test_a_story_published_beside_it_joins_its_related_stories(client, story):
    assert related_headlines(page(client, story)) == ["An older launch"]

    ArticleFactory(headline="A newer launch", section=story.section)

    assert related_headlines(page(client, story)) == ["A newer launch", "An older launch"]


def test_a_related_storys_headline_edit_shows_at_once(client, story):
    page(client, story)
    older = Article.objects.get(headline="An older launch")
    older.headline = "An older launch, revisited"
    older.save()

    assert related_headlines(page(client, story)) == ["An older launch, revisited"]


def test_a_story_scheduled_beside_it_joins_its_related_stories_at_its_time(client, story):
    """With or without the page cache (off here, so nothing releases it but the part's own time)."""
    due = timezone.now() + datetime.timedelta(hours=1)
    ArticleFactory(headline="A scheduled launch", section=story.section, published_at=due)

    assert related_headlines(page(client, story)) == ["An older launch"]
    with time_machine.travel(due + datetime.timedelta(seconds=1)):
        assert related_headlines(page(client, story)) == ["A scheduled launch", "An older launch"]


def test_a_picture_leaves_the_page_the_day_after_its_rights_end(client, story):
    hero = story.hero_image
    hero.usage_expires_on = timezone.localdate()
    hero.save()
    assert '<figure class="hero">' in page(client, story)

    with time_machine.travel(timezone.now() + datetime.timedelta(days=1)):
        html = page(client, story)

    assert '<figure class="hero">' not in html
    assert "Hero Agency" not in html


def test_a_preview_keeps_nothing(story):
    response = client_for(editor()).get(f"/admin/articles/article/{story.pk}/preview/")

    assert response.status_code == 200
    assert "<h1>Lander lifts off</h1>" in response.content.decode()
    assert not StoryPart.objects.exists()


def test_a_part_that_cannot_be_kept_is_drawn_again_next_time(client, story, monkeypatch):
    def refused(*args, **kwargs):
        raise IntegrityError("the story went meanwhile")

    monkeypatch.setattr(StoryPart.objects, "bulk_create", refused)
    assert "<h1>Lander lifts off</h1>" in page(client, story)
    monkeypatch.undo()

    assert "<h1>Lander lifts off</h1>" in page(client, story)
    assert StoryPart.objects.filter(article=story).count() == 2


# Drawn ahead of readers -------------------------------------------------------------------------


def test_publishing_a_story_draws_its_page_before_its_first_reader(
    client, story, desk_client, django_capture_on_commit_callbacks, django_assert_num_queries
):
    approved = ArticleFactory(
        headline="Crew named", section=story.section, status=Status.APPROVED, published_at=None, tags=[]
    )
    with django_capture_on_commit_callbacks(execute=True):
        response = desk_client.post(
            f"/admin/articles/article/{approved.pk}/transition/publish/", {"publish_at": "", "confirm": "yes"}
        )
    assert response.status_code == 302
    approved.refresh_from_db()
    assert approved.is_live
    assert StoryPart.objects.filter(article=approved).count() == 2

    with django_assert_num_queries(2):  # the story with its parts, the navigation
        assert "<h1>Crew named</h1>" in page(client, approved)


def test_an_edit_of_a_live_story_draws_it_again_as_the_edit_commits(
    client, story, desk_client, django_capture_on_commit_callbacks, django_assert_num_queries
):
    page(client, story)
    with django_capture_on_commit_callbacks(execute=True):
        response = desk_client.post(change_url(story), story_form(story, headline="Lander lands"))
    assert response.status_code == 302, response.content.decode()[:2000]

    with django_assert_num_queries(2):
        assert "<h1>Lander lands</h1>" in page(client, story)


def test_a_draft_is_never_drawn_for_readers(story, desk_client, django_capture_on_commit_callbacks):
    draft = ArticleFactory(headline="Not yet", status=Status.DRAFT, published_at=None)
    with django_capture_on_commit_callbacks(execute=True):
        response = desk_client.post(change_url(draft), story_form(draft, headline="Still not yet"))
    assert response.status_code == 302, response.content.decode()[:2000]
    # Even a change that names it (a byline fix touching every story of a writer, say) draws nothing.
    changed.send(sender=None, keys=frozenset({dependencies.story(draft.pk), dependencies.story(story.pk)}))

    assert not StoryPart.objects.filter(article=draft).exists()
    assert StoryPart.objects.filter(article=story).count() == 2


def test_a_story_scheduled_is_drawn_for_no_one_before_its_time(story, desk_client, django_capture_on_commit_callbacks):
    approved = ArticleFactory(headline="Embargoed", status=Status.APPROVED, published_at=None)
    when = timezone.localtime() + datetime.timedelta(hours=2)
    with django_capture_on_commit_callbacks(execute=True):
        desk_client.post(
            f"/admin/articles/article/{approved.pk}/transition/publish/",
            {"publish_at": f"{when:%Y-%m-%dT%H:%M}", "confirm": "yes"},
        )
    approved.refresh_from_db()
    assert approved.status == Status.PUBLISHED and not approved.is_live

    assert not StoryPart.objects.filter(article=approved).exists()


def test_a_failed_drawing_never_fails_the_desks_save(
    story, desk_client, django_capture_on_commit_callbacks, monkeypatch
):
    def broken(article):
        raise RuntimeError("a template went missing")

    monkeypatch.setattr(parts, "draw_story", broken)
    with django_capture_on_commit_callbacks(execute=True):
        response = desk_client.post(change_url(story), story_form(story, headline="Lander lands"))

    assert response.status_code == 302
    story.refresh_from_db()
    assert story.headline == "Lander lands"
    assert not StoryPart.objects.filter(article=story).exists()


def draw(*arguments):
    out = io.StringIO()
    call_command("draw_story_parts", *arguments, stdout=out, verbosity=0)
    return out.getvalue().strip()


def test_the_command_draws_every_live_story_whose_parts_do_not_hold(story):
    older = Article.objects.get(headline="An older launch")
    ArticleFactory(headline="Tomorrow's", published_at=timezone.now() + datetime.timedelta(days=1))
    ArticleFactory(headline="A draft", status=Status.DRAFT, published_at=None)

    assert draw() == "Drew the parts of 2 of 2 live stories; the others' held."
    assert set(StoryPart.objects.values_list("article_id", flat=True)) == {story.pk, older.pk}
    assert draw() == "Drew the parts of 0 of 2 live stories; the others' held."

    StoryPart.objects.filter(article=older).update(recipe="an-older-recipe")
    assert draw() == "Drew the parts of 1 of 2 live stories; the others' held."


def test_the_command_can_draw_only_the_newest(story):
    assert draw("--newest", "1") == "Drew the parts of 1 of 1 live story; the others' held."
    assert set(StoryPart.objects.values_list("article_id", flat=True)) == {story.pk}

    with pytest.raises(CommandError, match="1 or more"):
        draw("--newest", "0")
