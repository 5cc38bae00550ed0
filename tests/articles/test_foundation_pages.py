"""The first public pages: home and article, from model to HTML."""

import datetime
from html import escape

import pytest
from django.utils import timezone

from articles.models import Article, Status

SEED_HEADLINE = "Chinese Space Officials Meeting with NASA Today"


def test_home_lists_published_stories_only(client, demo):
    response = client.get("/")
    assert response.status_code == 200
    html = response.content.decode()
    assert SEED_HEADLINE in html
    for story in Article.objects.all():
        if story.is_live:
            assert escape(story.headline) in html, story.slug
        else:
            assert escape(story.headline) not in html, story.slug


def test_home_links_each_story_to_its_dated_address(client, seed_article):
    html = client.get("/").content.decode()
    local = timezone.localtime(seed_article.published_at)
    url = f"/{local:%Y}/{local:%m}/{local:%d}/chinese-space-officials-meeting-with-nasa-today/"
    assert seed_article.get_absolute_url() == url
    assert f'href="{url}"' in html


def test_article_page_shows_the_seed_anatomy(client, seed_article):
    response = client.get(seed_article.get_absolute_url())
    assert response.status_code == 200
    html = response.content.decode()
    assert f"<h1>{SEED_HEADLINE}</h1>" in html
    assert "Illustration: two Chinese astronauts on a spacewalk" in html
    assert "Image credit: China National Space Administration" in html
    assert 'rel="author" href="/authors/leonard-david/"' in html
    assert "Leonard David" in html
    assert "Working groups on Earth and space science" in html
    assert "Shenzhou-7" in html


def test_byline_leads_to_the_columnist(client, seed_article):
    response = client.get("/authors/leonard-david/")
    assert response.status_code == 200
    html = response.content.decode()
    assert "Space Insider Columnist" in html
    assert SEED_HEADLINE in html


@pytest.mark.parametrize("slug", ["reusable-booster-test", "comet-outburst-notes", "crew-named-for-lunar-flyby"])
def test_unpublished_or_not_yet_due_stories_are_404(client, demo, slug):
    story = Article.objects.get(slug=slug)
    when = story.published_at or timezone.now()
    local = timezone.localtime(when)
    assert client.get(f"/{local:%Y}/{local:%m}/{local:%d}/{slug}/").status_code == 404


def test_impossible_dates_are_404(client, demo):
    assert client.get("/2026/02/31/anything/").status_code == 404


def test_changed_slug_answers_301(client, seed_article):
    old_url = seed_article.get_absolute_url()
    seed_article.slug = "nasa-hosts-chinese-space-officials"
    seed_article.save()
    response = client.get(old_url)
    assert response.status_code == 301
    assert response["Location"] == seed_article.get_absolute_url()
    assert client.get(seed_article.get_absolute_url()).status_code == 200


def test_moved_date_answers_301(client, seed_article):
    old_url = seed_article.get_absolute_url()
    seed_article.published_at -= datetime.timedelta(days=3)
    seed_article.save()
    response = client.get(old_url)
    assert response.status_code == 301
    assert response["Location"] == seed_article.get_absolute_url()


def test_draft_is_not_reachable_even_with_a_date(client, demo):
    story = Article.objects.get(slug="comet-outburst-notes")
    assert story.status == Status.DRAFT
    assert story.get_absolute_url() == ""
