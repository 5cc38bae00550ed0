"""The story page a reader sees: the seed anatomy, figures from the library, metadata and a fixed query count."""

import datetime
import json
import re

import pytest
import time_machine
from django.utils import timezone

from articles.models import Article, Byline, Correction, Status
from tests.articles.stories import busy_story, figure_body
from tests.factories import ArticleFactory, AuthorFactory, ImageFactory, SectionFactory, TagFactory
from tests.sitemaps import month_sitemap

SEED_HEADLINE = "Chinese Space Officials Meeting with NASA Today"


def page(client, article):
    response = client.get(article.get_absolute_url())
    assert response.status_code == 200
    return response.content.decode()


def json_ld(html):
    blocks = re.findall(r'<script type="application/ld\+json">(.*?)</script>', html, re.S)
    return [json.loads(block) for block in blocks]


def hero_figure(html):
    return re.search(r'<figure class="hero">(.*?)</figure>', html, re.S).group(1)


# The seed page ------------------------------------------------------------------------


def test_seed_page_has_kicker_headline_dek_and_one_h1(client, seed_article):
    html = page(client, seed_article)
    assert '<p class="kicker"><a href="/sections/policy/">Policy</a></p>' in html
    assert f"<h1>{SEED_HEADLINE}</h1>" in html
    assert html.count("<h1") == 1
    assert '<p class="dek">Working groups on Earth and space science meet in Washington' in html


def test_seed_hero_figure_holds_a_responsive_picture_caption_and_credit(client, seed_article, make_renditions):
    make_renditions(seed_article.hero_image)
    figure = hero_figure(page(client, seed_article))
    assert "<picture>" in figure
    assert '<source type="image/webp" srcset="' in figure
    assert re.search(r'<img src="[^"]+\.jpg" srcset="[^"]+ 480w" sizes="[^"]+" width="\d+" height="\d+"', figure)
    assert 'alt="Illustration of two Chinese astronauts on tethers' in figure
    assert 'loading="eager"' in figure
    caption = re.search(r"<figcaption>(.*?)</figcaption>", figure, re.S).group(1)
    assert "Illustration: two Chinese astronauts on a spacewalk beside a Shenzhou capsule." in caption
    assert "(Image credit: China National Space Administration)" in caption


def test_seed_bylines_link_to_the_columnist_with_rel_author(client, seed_article):
    html = page(client, seed_article)
    assert 'By <a rel="author" href="/authors/leonard-david/">Leonard David</a>' in html
    assert client.get("/authors/leonard-david/").status_code == 200


def test_published_and_updated_times_are_in_the_newsrooms_time_zone(client, seed_article):
    seed_article.updated_at = seed_article.published_at + datetime.timedelta(hours=1)
    seed_article.save()
    html = page(client, seed_article)
    published = timezone.localtime(seed_article.published_at).isoformat()
    updated = timezone.localtime(seed_article.updated_at).isoformat()
    assert f'Published <time datetime="{published}">' in html
    assert f'Updated <time datetime="{updated}">' in html
    assert published.endswith(("-05:00", "-04:00"))  # New York


def test_no_updated_time_until_an_editor_marks_one(client, seed_article):
    assert "Updated <time" not in page(client, seed_article)


def test_tags_link_to_their_pages(client, seed_article):
    html = page(client, seed_article)
    for slug in ["nasa", "china", "cnsa", "shenzhou", "international-cooperation"]:
        assert f'href="/tags/{slug}/" rel="tag"' in html


def test_seed_body_figure_is_drawn_from_the_library_with_its_credit(client, seed_article, make_renditions):
    mirror = seed_article.body_images.get()
    make_renditions(mirror)
    html = page(client, seed_article)
    body = html.split('<div class="story-body">')[1].split("</div>")[0]
    assert "Working groups" not in body  # the dek stays in the header
    assert "Shenzhou-7" in body
    figure = re.search(r'<figure class="body-figure">(.*?)</figure>', body, re.S).group(1)
    assert "<picture>" in figure and 'loading="lazy"' in figure
    assert f'alt="{mirror.alt_text}"' in figure  # the editor left alt empty: the library's is used
    assert "Science cooperation would start with shared data, not shared hardware." in figure
    assert "(Image credit: The Orbital Desk illustration)" in figure


def test_author_box_per_byline_with_headshot_title_bio_and_links(client, seed_article, make_renditions):
    make_renditions(seed_article.authors.get().headshot)
    html = page(client, seed_article)
    box = re.search(r'<section class="author-box" aria-label="About Leonard David">(.*?)</section>', html, re.S).group(
        1
    )
    assert "<picture>" in box and 'alt="Portrait of Leonard David"' in box
    assert '<a href="/authors/leonard-david/">Leonard David</a>' in box
    assert "Space Insider Columnist" in box
    assert "covered space activities for more than five decades" in box
    assert 'href="https://example.org/leonard-david"' in box
    assert 'href="https://twitter.com/example"' in box


# Figures, credits and rights ------------------------------------------------------------


@pytest.mark.django_db
def test_a_credit_fixed_in_the_library_is_fixed_on_the_story(client, make_renditions):
    picture = make_renditions(ImageFactory(credit="Wrong Agency"))[0]
    story = ArticleFactory(body="<p>Text.</p>" + figure_body(picture.pk, alt="Editor's words"))
    assert "(Image credit: Wrong Agency)" in page(client, story)
    picture.credit = "Right Agency"
    picture.save()
    html = page(client, story)
    assert "(Image credit: Right Agency)" in html
    assert "Wrong Agency" not in html
    assert 'alt="Editor&#x27;s words"' in html  # the editor's alt text wins over the library's


@pytest.mark.django_db
def test_expired_images_leave_the_page(client):
    yesterday = timezone.localdate() - datetime.timedelta(days=1)
    hero = ImageFactory(caption="Hero caption here", usage_expires_on=yesterday)
    figure = ImageFactory(usage_expires_on=yesterday)
    story = ArticleFactory(hero_image=hero, body="<p>Still here.</p>" + figure_body(figure.pk, caption="Gone figure"))
    html = page(client, story)
    assert "Still here." in html
    assert "Hero caption here" not in html
    assert "Gone figure" not in html
    assert "<figure" not in html


@pytest.mark.django_db
def test_article_caption_and_credit_override_the_library(client):
    hero = ImageFactory(caption="Library caption", credit="Library credit")
    story = ArticleFactory(hero_image=hero, hero_caption="Story caption", hero_credit="Story credit")
    figure = hero_figure(page(client, story))
    assert 'Story caption <span class="credit">(Image credit: Story credit)</span>' in figure


@pytest.mark.django_db
def test_body_text_is_kept_escaped_around_figures(client):
    picture = ImageFactory()
    story = ArticleFactory(body="<p>Fish &amp; chips &lt;script&gt;</p>" + figure_body(picture.pk) + "<p>After</p>")
    html = page(client, story)
    assert "<p>Fish &amp; chips &lt;script&gt;</p>" in html
    assert "<p>After</p>" in html


# Corrections and related stories --------------------------------------------------------


@pytest.mark.django_db
def test_corrections_box_lists_each_note(client):
    story = ArticleFactory()
    Correction.objects.create(article=story, text="The meeting is in Washington, not Beijing.")
    Correction.objects.create(article=story, kind=Correction.Kind.UPDATE, text="Adds the agenda.")
    story.refresh_from_db()
    html = page(client, story)
    box = re.search(r'<aside class="corrections-box".*?</aside>', html, re.S).group(0)
    assert "<strong>Correction</strong>" in box and "not Beijing." in box
    assert "<strong>Update</strong>" in box and "Adds the agenda." in box
    assert "Updated <time" in html  # a correction marks the story updated


@pytest.mark.django_db
def test_a_correction_dated_later_shows_only_from_its_time(client):
    story = ArticleFactory()
    now = timezone.now().replace(microsecond=0)
    earlier = Correction.objects.create(
        article=story, text="The meeting is in Washington.", published_at=now - datetime.timedelta(hours=1)
    )
    due = now + datetime.timedelta(hours=2)
    Correction.objects.create(article=story, kind=Correction.Kind.UPDATE, text="Adds the agenda.", published_at=due)

    html = page(client, story)
    (data,) = json_ld(html)
    assert "The meeting is in Washington." in html and "Adds the agenda." not in html
    assert [note["text"] for note in data["correction"]] == ["Correction: The meeting is in Washington."]
    # Nor does its time show as the story's update, anywhere on the page.
    shown = timezone.localtime(earlier.published_at).isoformat()
    assert data["dateModified"] == shown
    assert f'<meta property="article:modified_time" content="{shown}">' in html
    assert f'Updated <time datetime="{shown}">' in html
    assert timezone.localtime(due).isoformat() not in html
    # The feeds and sitemaps never date the story's update ahead of now either.
    for path in ("/feed/atom/", month_sitemap(story.published_at), "/news-sitemap.xml"):
        listing = client.get(path).content.decode()
        assert story.get_absolute_url() in listing, path
        assert f"{timezone.localtime(due):%Y-%m-%dT%H:%M}" not in listing, path
        assert f"{due.astimezone(datetime.UTC):%Y-%m-%dT%H:%M}" not in listing, path

    with time_machine.travel(due + datetime.timedelta(seconds=1), tick=False):
        html = page(client, story)
    (data,) = json_ld(html)
    assert "Adds the agenda." in html
    assert [note["text"] for note in data["correction"]][-1] == "Update: Adds the agenda."
    assert data["dateModified"] == timezone.localtime(due).isoformat()
    assert f'Updated <time datetime="{timezone.localtime(due).isoformat()}">' in html


@pytest.mark.django_db
def test_an_update_time_still_to_come_is_not_shown(client):
    # Stored before the desk refused such times (a correction dated later used to set it).
    story = ArticleFactory()
    later = timezone.now().replace(microsecond=0) + datetime.timedelta(hours=2)
    Article.objects.filter(pk=story.pk).update(updated_at=later)

    html = page(client, story)
    (data,) = json_ld(html)
    assert "Updated <time" not in html
    assert data["dateModified"] == data["datePublished"]

    with time_machine.travel(later + datetime.timedelta(seconds=1), tick=False):
        html = page(client, story)
    assert f'Updated <time datetime="{timezone.localtime(later).isoformat()}">' in html


@pytest.mark.django_db
def test_related_stories_share_tags_or_section_and_are_live(client):
    section, other_section = SectionFactory(), SectionFactory()
    moon = TagFactory(name="Moon")
    story = ArticleFactory(section=section, tags=[moon])
    same_tag = ArticleFactory(section=other_section, tags=[moon], headline="Same tag elsewhere")
    same_section = ArticleFactory(section=section, headline="Same section story")
    ArticleFactory(section=other_section, headline="Unrelated story")
    ArticleFactory(section=section, tags=[moon], status=Status.DRAFT, headline="Draft sibling")
    ArticleFactory(
        section=section,
        tags=[moon],
        headline="Scheduled sibling",
        published_at=timezone.now() + datetime.timedelta(hours=3),
    )
    html = page(client, story)
    related = html.split('id="related-heading"')[1]
    assert related.index(same_tag.headline) < related.index(same_section.headline)  # shared tags first
    for absent in ["Unrelated story", "Draft sibling", "Scheduled sibling", story.headline]:
        assert absent not in related


# Metadata ---------------------------------------------------------------------------------


def test_news_article_json_ld_has_the_fields(client, seed_article, make_renditions, settings):
    make_renditions(seed_article.hero_image)
    Correction.objects.create(article=seed_article, text="Fixes a date.")
    seed_article.refresh_from_db()
    html = page(client, seed_article)
    (data,) = json_ld(html)
    url = settings.SITE_URL + seed_article.get_absolute_url()
    assert data["@context"] == "https://schema.org"
    assert data["@type"] == "NewsArticle"
    assert data["headline"] == SEED_HEADLINE
    assert data["description"].startswith("Working groups on Earth")
    assert data["mainEntityOfPage"] == {"@type": "WebPage", "@id": url}
    assert data["datePublished"] == timezone.localtime(seed_article.published_at).isoformat()
    assert datetime.datetime.fromisoformat(data["dateModified"]).utcoffset() is not None
    assert data["author"] == [
        {
            "@type": "Person",
            "name": "Leonard David",
            "url": f"{settings.SITE_URL}/authors/leonard-david/",
            "jobTitle": "Space Insider Columnist",
        }
    ]
    assert data["publisher"]["name"] == settings.SITE_NAME
    assert data["publisher"]["logo"]["url"].startswith(settings.SITE_URL + "/static/")
    assert data["image"] and all(
        src.startswith(settings.SITE_URL + "/uploads/images/renditions/") for src in data["image"]
    )
    assert data["correction"][0]["@type"] == "CorrectionComment"
    assert "Fixes a date." in data["correction"][0]["text"]


@pytest.mark.django_db
def test_json_ld_cannot_be_broken_out_of(client):
    story = ArticleFactory(headline="</script><script>alert(1)</script>", dek="A & B <!-- c")
    html = page(client, story)
    ld = re.search(r'<script type="application/ld\+json">(.*?)</script>', html, re.S).group(1)
    assert "<" not in ld and ">" not in ld
    (data,) = json_ld(html)
    assert data["headline"] == "</script><script>alert(1)</script>"
    assert data["description"] == "A & B <!-- c"
    assert html.count("<script") == 1


def test_open_graph_twitter_and_canonical(client, seed_article, make_renditions, settings):
    make_renditions(seed_article.hero_image)
    html = page(client, seed_article)
    url = settings.SITE_URL + seed_article.get_absolute_url()
    assert f'<link rel="canonical" href="{url}">' in html
    assert '<meta property="og:type" content="article">' in html
    assert f'<meta property="og:title" content="{SEED_HEADLINE}">' in html
    assert f'<meta property="og:url" content="{url}">' in html
    assert '<meta property="og:description" content="Working groups on Earth' in html
    assert re.search(rf'<meta property="og:image" content="{re.escape(settings.SITE_URL)}/uploads/[^"]+\.jpg">', html)
    assert '<meta name="twitter:card" content="summary_large_image">' in html
    assert '<meta name="twitter:title" content="' in html


def test_no_inline_style_and_no_script_but_json_ld(client, seed_article, make_renditions):
    make_renditions(seed_article.hero_image, seed_article.body_images.get())
    html = page(client, seed_article)
    assert " style=" not in html and "<style" not in html
    assert re.findall(r"<script[^>]*>", html) == ['<script type="application/ld+json">']


def test_article_html_and_css_stay_under_100_kb(client, seed_article, make_renditions):
    make_renditions(seed_article.hero_image, seed_article.body_images.get())
    html = client.get(seed_article.get_absolute_url()).content
    css_url = re.search(rb'<link rel="stylesheet" href="([^"]+)">', html).group(1).decode()
    css = b"".join(client.get(css_url).streaming_content)
    assert len(css) > 1000
    assert len(html) + len(css) < 100 * 1024


# Query counts ---------------------------------------------------------------------------


@pytest.mark.django_db
@pytest.mark.parametrize(("bylines", "tags", "figures"), [(1, 1, 1), (5, 10, 5)])
def test_story_page_query_count_is_fixed(client, django_assert_num_queries, bylines, tags, figures):
    story = busy_story(bylines, tags, figures)
    story.refresh_from_db()
    # Drawn: the story's row with its kept parts (none yet); the content version; the story with its
    # section, hero, tags, bylines (authors, headshots, links), corrections and body images as one row;
    # the related stories with their bylines' names; the renditions of every picture on the page at
    # once; the next story due (until which the related stories hold); the parts kept (a savepoint,
    # the write, its release); the navigation's sections.
    with django_assert_num_queries(10):
        assert client.get(story.get_absolute_url()).status_code == 200
    # Kept: the story's row with its parts, each saying whether a key it shows changed since; the
    # navigation's sections.
    with django_assert_num_queries(2):
        assert client.get(story.get_absolute_url()).status_code == 200


@pytest.mark.django_db
def test_bylines_show_roles_in_order(client):
    lead, helper = AuthorFactory(name="Ada Lead"), AuthorFactory(name="Ben Helper")
    story = ArticleFactory(authors=[lead])
    Byline.objects.create(article=story, author=helper, role="Additional reporting by", order=1)
    html = page(client, story)
    assert html.index('By <a rel="author"') < html.index('Additional reporting by <a rel="author"')
    assert f'href="{helper.get_absolute_url()}">Ben Helper</a>' in html


def test_the_story_page_reads_the_hero_at_every_shape_its_structured_data_lists():
    from public.pages import HERO_RATIOS
    from public.structured_data import IMAGE_RATIOS

    assert set(IMAGE_RATIOS) <= set(HERO_RATIOS)
    assert "16x9" in HERO_RATIOS  # the picture on the page and in link previews
