"""
The other real exports of ``../shared/wxr/``: the block editor's test content, a small site with pages,
WXR 1.1, the smallest export, multibyte text, and a broken file that must import nothing.
"""

import datetime

import pytest
from django.contrib.auth import get_user_model
from django.core.management import CommandError
from django.test import Client

from articles.models import Article, FormerAddress, Section, Status, Tag
from authors.models import Author
from importer.models import WordPressOrigin
from media.models import Image

from .exports import BLOCKS, MALFORMED, SIMPLEST, SMALL_SITE, UTF8, WXR_1_1, run_import, uploads_for

pytestmark = pytest.mark.django_db


def test_block_editor_posts_keep_their_images_galleries_and_embeds(tmp_path):
    output = run_import(BLOCKS, "--uploads", str(uploads_for(BLOCKS, tmp_path / "wp-uploads")))

    assert "Stories: 61 created." in output
    assert "Pictures: 7 created, 2 skipped." in output
    assert "Not imported: 1 pages" in output
    assert Article.objects.filter(status=Status.PUBLISHED).count() == 60
    windmill = Image.objects.get(title="Windmill")
    image_block = Article.objects.get(headline="Image")
    assert f'<figure><img src="{windmill.file.url}" alt="" data-file="{windmill.pk}"><figcaption>Center' in (
        image_block.body
    )
    # A gallery block: each picture a figure of its own, the gallery's caption a paragraph after them.
    gallery = Article.objects.get(headline="Gallery")
    assert gallery.body_images.count() == 6
    assert "<p>Gallery caption</p>" in gallery.body
    # Players become links to what they played; block comments are gone.
    assert "Turned into links in bodies: video (1): post 95 “Video” ×14" in output
    video = Article.objects.get(headline="Video").body
    assert '<a href="https://wpthemetestdata.files.wordpress.com/2013/12/2014-slider-mobile-behavior.mov"' in video
    assert "<!--" not in "".join(Article.objects.values_list("body", flat=True))


def test_a_small_site_maps_states_pages_and_categories(tmp_path):
    output = run_import(SMALL_SITE)

    assert "Stories: 6 created." in output
    assert "Not imported: 5 pages (--pages-in SECTION imports them as stories)." in output
    assert Article.objects.get(headline="Private Post").status == Status.DRAFT
    assert Article.objects.get(headline="Hello world!").section is None
    many = Article.objects.get(headline="Many Categories")
    assert many.section.slug == "alpha"
    assert many.tags.count() == 26
    assert many.tags.get(slug="eternity").name == "远征手记"
    assert Section.objects.get(slug="foo").name == "Foo"

    output = run_import(SMALL_SITE, "--pages-in", "about")

    assert "Stories: 5 created, 6 unchanged." in output
    pages = Article.objects.filter(section__slug="about")
    assert sorted(pages.values_list("headline", flat=True)) == [
        "1-col page",
        "Child Page",
        "Draft Page",
        "Parent Page",
        "Sample Page",
    ]
    sample = pages.get(headline="Sample Page")
    assert Client().get("/?page_id=2")["Location"] == sample.get_absolute_url()


def test_wxr_1_1_with_its_terms_and_comments():
    output = run_import(WXR_1_1)

    story = Article.objects.get()
    assert story.headline == "Hello world!"
    assert story.published_at == datetime.datetime(2010, 10, 16, 20, 53, 18, tzinfo=datetime.UTC)
    assert [byline.author.name for byline in story.bylines.all()] == ["John Doe"]
    assert Author.objects.get().email == "johndoe@example.org"
    assert story.section.name == "alpha"
    assert list(story.tags.values_list("name", flat=True)) == ["Clippable"]
    assert story.body == (
        "<p>Welcome to WordPress. This is your first post. Edit or delete it, then start blogging!</p>"
    )
    assert "Not imported: 1 comments." in output
    origin = WordPressOrigin.objects.get(kind="tag")
    assert (origin.key, origin.wordpress_id) == ("post_tag:clippable", 22)


def test_the_smallest_export_keeps_its_address_under_the_sites_folder():
    run_import(SIMPLEST)

    story = Article.objects.get()
    assert story.headline == '"The Road Not Taken" by Robert Frost'
    assert story.body.startswith("<p>Two roads diverged in a yellow wood,<br>And sorry I could not travel both</p>")
    for old in ("/path/?p=1", "/path/?p=10"):
        response = Client().get(old)
        assert response.status_code == 301
        assert response["Location"] == story.get_absolute_url()


def test_multibyte_titles_and_addresses_survive():
    run_import(UTF8)

    story = Article.objects.get()
    assert story.headline == '"The Road \u202eNot\u202c Taken" by Rob\u202dert \u202eFrost \u202a🌲\u202c'
    assert story.slug == "hello-world-utf8-test"
    assert "𝓣𝓮𝓼𝓽 𝓜𝓾𝓵𝓽𝓲-𝓑𝔂𝓽𝓮: 🚀🌟💫⭐️🔥💯🎉🎊🌈🦄" in story.body
    # The login with invisible characters is the site's "admin", bylined once.
    assert [byline.author.name for byline in story.bylines.all()] == ["A̸̰̅d̴̰͝m̵͎̽i̵̱̋n̷̰̎ \u200b\u200d\u200c\u200e"]
    # WordPress's placeholder category, spelled with a right-to-left override, files nothing.
    assert story.section is None
    assert Client().get(story.get_absolute_url()).status_code == 200


def test_a_malformed_export_is_refused_whole():
    with pytest.raises(CommandError) as refused:
        run_import(MALFORMED)

    assert str(refused.value) == (
        "malformed-simple.xml: The export is not well-formed XML (no element found: line 14, column 0). "
        "Nothing was imported."
    )
    assert not Article.objects.exists()
    assert not Tag.objects.exists()
    assert not WordPressOrigin.objects.exists()
    assert not get_user_model().objects.filter(username="wordpress-import").exists()
    assert not FormerAddress.objects.exists()
