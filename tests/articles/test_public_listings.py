"""Home, section, tag and corrections pages: what they list, in what order, paginated, in fixed queries."""

import datetime
import posixpath
import re
from html import escape

import pytest
from django.utils import timezone

from articles.models import Correction, Status
from tests.factories import ArticleFactory, AuthorFactory, ImageFactory, SectionFactory, TagFactory
from tests.pages import get, headlines

pytestmark = pytest.mark.django_db


def hours_ago(hours):
    return timezone.now() - datetime.timedelta(hours=hours)


# Home ----------------------------------------------------------------------------------------


def test_home_leads_with_the_featured_story_then_latest_and_section_blocks(client):
    science, policy = SectionFactory(name="Science", order=1), SectionFactory(name="Policy", order=2)
    featured = ArticleFactory(headline="Featured lead", section=policy, featured=True, published_at=hours_ago(30))
    newest = [ArticleFactory(headline=f"New {n}", section=science, published_at=hours_ago(n)) for n in range(1, 8)]
    older = ArticleFactory(headline="Older policy story", section=policy, published_at=hours_ago(50))
    html = get(client, "/")
    lead = html.split('class="front-lead"')[1].split("</section>")[0]
    assert headlines(lead) == ["Featured lead"]
    latest = html.split('id="latest-heading"')[1].split("</section>")[0]
    assert headlines(latest) == [story.headline for story in newest[:6]]
    policy_block = html.split('id="section-' + policy.slug + '"')[1].split("</section>")[0]
    assert headlines(policy_block) == [older.headline]
    science_block = html.split('id="section-' + science.slug + '"')[1].split("</section>")[0]
    assert headlines(science_block) == ["New 7"]
    assert html.count(escape(featured.headline)) == 1  # the lead is not repeated below


def test_home_blocks_only_sections_with_a_story_among_the_newest(client, monkeypatch):
    monkeypatch.setattr("public.pages.FRONTS_DEPTH", 2)  # the blocks count the newest 2 × 3 × 2 = 12 stories
    busy, quiet = SectionFactory(name="Busy", order=1), SectionFactory(name="Quiet", order=2)
    for n in range(1, 13):
        ArticleFactory(headline=f"Busy {n}", section=busy, published_at=hours_ago(n))
    ArticleFactory(headline="Quiet and old", section=quiet, published_at=hours_ago(100))
    html = get(client, "/")
    busy_block = html.split(f'id="section-{busy.slug}"')[1].split("</section>")[0]
    assert headlines(busy_block) == ["Busy 8", "Busy 9", "Busy 10"]  # 1 leads, 2 to 7 are the latest
    assert f'id="section-{quiet.slug}"' not in html
    ArticleFactory(headline="Quiet and new", section=quiet, published_at=hours_ago(11.5))
    quiet_block = get(client, "/").split(f'id="section-{quiet.slug}"')[1].split("</section>")[0]
    assert headlines(quiet_block) == ["Quiet and new"]  # the old one is still past the newest 12


def test_home_leads_with_the_newest_story_when_none_is_featured(client):
    ArticleFactory(headline="Yesterday", published_at=hours_ago(24))
    ArticleFactory(headline="This morning", published_at=hours_ago(2))
    lead = get(client, "/").split('class="front-lead"')[1].split("</section>")[0]
    assert headlines(lead) == ["This morning"]


def test_home_with_no_stories_still_answers(client):
    assert "No stories yet." in get(client, "/")


@pytest.mark.parametrize("stories", [12, 30])
def test_home_query_count_is_fixed(client, django_assert_num_queries, stories):
    sections = [SectionFactory() for _ in range(4)]
    for n in range(stories):
        ArticleFactory(section=sections[n % 4], hero_image=ImageFactory(), authors=[AuthorFactory(), AuthorFactory()])
    # sections; the newest stories' ids; the content version; the stories shown with their bylines;
    # their pictures' renditions.
    with django_assert_num_queries(5):
        drawn = client.get("/").content
    # Their teasers kept: sections; the newest stories' ids; which kept teasers changed since.
    with django_assert_num_queries(3):
        assert client.get("/").content == drawn


# Sections and tags -----------------------------------------------------------------------


def test_a_teaser_dates_its_story_by_the_newsrooms_day_in_the_readers_language(client):
    from django.utils import translation

    from public.presentation import local_day

    section = SectionFactory(slug="dated")
    # Two in the morning in Greenwich is still the day before in the newsroom (New York).
    ArticleFactory(section=section, published_at=datetime.datetime(2026, 3, 1, 2, 0, tzinfo=datetime.UTC))
    assert '<time datetime="2026-02-28T21:00:00-05:00">February 28, 2026</time>' in get(client, "/sections/dated/")
    # The day's text is kept per day and language: another language writes its own.
    with translation.override("fr"):
        assert local_day(datetime.datetime(2026, 3, 1, 2, 0, tzinfo=datetime.UTC)) == "février 28, 2026"


def test_section_page_lists_its_live_stories_newest_first(client):
    section, other = SectionFactory(slug="science", name="Science"), SectionFactory()
    ArticleFactory(headline="Older", section=section, published_at=hours_ago(5))
    ArticleFactory(headline="Newer", section=section, published_at=hours_ago(1))
    ArticleFactory(headline="Elsewhere", section=other)
    ArticleFactory(headline="Draft here", section=section, status=Status.DRAFT)
    html = get(client, "/sections/science/")
    assert "<h1>Science</h1>" in html
    assert headlines(html) == ["Newer", "Older"]
    assert 'href="/sections/science/feed/"' in html


def test_tag_page_lists_tagged_live_stories(client):
    moon = TagFactory(slug="moon", name="Moon")
    ArticleFactory(headline="Moon story", tags=[moon])
    ArticleFactory(headline="Mars story", tags=[TagFactory()])
    html = get(client, "/tags/moon/")
    assert "<h1>Moon</h1>" in html
    assert headlines(html) == ["Moon story"]


@pytest.mark.parametrize("kind", ["section", "tag", "author"])
def test_listing_pages_paginate_and_404_past_the_end(client, kind):
    section, tag, author = SectionFactory(slug="busy"), TagFactory(slug="busy"), AuthorFactory(slug="busy")
    for n in range(25):
        ArticleFactory(
            headline=f"Story {n:02d}", section=section, tags=[tag], authors=[author], published_at=hours_ago(n + 1)
        )
    ArticleFactory(headline="Draft", section=section, tags=[tag], authors=[author], status=Status.DRAFT)
    base = f"/{kind}s/busy/"
    first, second = get(client, base), get(client, base + "?page=2")
    assert headlines(first)[-20:] == [f"Story {n:02d}" for n in range(20)]
    assert headlines(second)[-5:] == [f"Story {n:02d}" for n in range(20, 25)]
    assert 'rel="next" href="?page=2"' in first
    assert 'rel="prev" href="?page=1"' in second
    assert 'rel="next"' not in second  # no older page: the page knows without counting the archive
    assert '<span class="pagination-position">Page 2</span>' in second
    assert f'<link rel="canonical" href="http://127.0.0.1:8000{base}?page=2">' in second
    for past_the_end in ["?page=3", "?page=0", "?page=last", "?page=-1", "?page=99999999999999999999"]:
        assert client.get(base + past_the_end).status_code == 404


def test_unknown_section_and_tag_are_404(client):
    assert client.get("/sections/nowhere/").status_code == 404
    assert client.get("/tags/nothing/").status_code == 404


@pytest.mark.parametrize("stories", [2, 20])
def test_section_query_count_is_fixed(client, django_assert_num_queries, stories):
    section = SectionFactory(slug="fixed")
    for _ in range(stories):
        ArticleFactory(section=section, hero_image=ImageFactory(), authors=[AuthorFactory(), AuthorFactory()])
    # section; the page's ids; the content version; its stories with their bylines; hero renditions;
    # sections in the navigation.
    with django_assert_num_queries(6):
        drawn = client.get("/sections/fixed/").content
    # Their teasers kept: section; the page's ids; which kept teasers changed since; sections.
    with django_assert_num_queries(4):
        assert client.get("/sections/fixed/").content == drawn


# Corrections log ---------------------------------------------------------------------------


def test_corrections_log_lists_every_note_newest_first_linking_to_its_story(client):
    story = ArticleFactory(headline="Corrected story")
    other = ArticleFactory(headline="Clarified story")
    Correction.objects.create(article=story, text="First fix.", published_at=hours_ago(3))
    Correction.objects.create(
        article=other, kind=Correction.Kind.CLARIFICATION, text="A clarification.", published_at=hours_ago(1)
    )
    hidden = ArticleFactory(headline="Withdrawn story", status=Status.UNPUBLISHED)
    Correction.objects.create(article=hidden, text="Not for readers.")
    html = get(client, "/corrections/")
    assert html.index("A clarification.") < html.index("First fix.")
    assert f'<a href="{story.get_absolute_url()}">Corrected story</a>' in html
    assert "<strong>Clarification</strong>" in html
    assert "Not for readers." not in html and "Withdrawn story" not in html


def test_corrections_log_paginates(client):
    story = ArticleFactory()
    for n in range(51):
        Correction.objects.create(article=story, text=f"Fix {n}.", published_at=hours_ago(n + 1))
    assert "Fix 50." not in get(client, "/corrections/")
    assert "Fix 50." in get(client, "/corrections/?page=2")
    assert client.get("/corrections/?page=3").status_code == 404


@pytest.mark.parametrize("stories", [2, 20])
def test_tag_query_count_is_fixed(client, django_assert_num_queries, stories):
    tag = TagFactory(slug="steady")
    for _ in range(stories):
        ArticleFactory(tags=[tag], hero_image=ImageFactory(), authors=[AuthorFactory(), AuthorFactory()])
    # tag; the page's ids; the content version; its stories with their bylines; hero renditions;
    # sections in the navigation.
    with django_assert_num_queries(6):
        drawn = client.get("/tags/steady/").content
    # Their teasers kept: tag; the page's ids; which kept teasers changed since; sections.
    with django_assert_num_queries(4):
        assert client.get("/tags/steady/").content == drawn


@pytest.mark.parametrize("notes", [1, 30])
def test_corrections_log_query_count_is_fixed(client, django_assert_num_queries, notes):
    for _ in range(notes):
        Correction.objects.create(article=ArticleFactory(), text="A fix.")
    # count; page with stories and sections; sections in the navigation.
    with django_assert_num_queries(3):
        client.get("/corrections/")


# Pictures ------------------------------------------------------------------------------------


def renditions_in(html, image):
    """The ratios of ``image``'s renditions a page links to (rendition files are named after the original)."""
    stem = posixpath.splitext(posixpath.basename(image.file.name))[0]
    return set(re.findall(rf"/renditions/{re.escape(stem)}-(\w+)-\d+-", html))


def test_every_listing_draws_its_pictures_from_renditions_at_the_shape_it_shows(client, make_renditions):
    """Listings read only the renditions of the shape they show: each picture must still find its own."""
    section, tag, author = SectionFactory(), TagFactory(), AuthorFactory()
    pictures = make_renditions(ImageFactory(), ImageFactory())
    lead = ArticleFactory(section=section, tags=[tag], authors=[author], hero_image=pictures[0], featured=True)
    other = ArticleFactory(section=section, tags=[tag], authors=[author], hero_image=pictures[1])
    for _ in range(6):  # newer stories fill the home page's Latest list, so ``other`` shows in its section's block
        ArticleFactory(section=SectionFactory())

    home = get(client, "/")
    assert renditions_in(home, lead.hero_image) == {"16x9"}  # the lead, wide
    assert renditions_in(home, other.hero_image) == {"3x2"}  # its section's block
    for url in (section.get_absolute_url(), tag.get_absolute_url(), author.get_absolute_url()):
        html = get(client, url)
        assert renditions_in(html, lead.hero_image) == renditions_in(html, other.hero_image) == {"3x2"}, url
    story = get(client, lead.get_absolute_url())
    assert renditions_in(story, other.hero_image) == {"3x2"}  # a related story
    assert "16x9" in renditions_in(story, lead.hero_image)
