"""
WordPress's own theme unit test export (186 items) imported whole, with the picture files it names
drawn into an uploads folder: what the newsroom then holds, what readers see, and a second run that
changes nothing.
"""

import datetime

import pytest
from django.test import Client
from django.utils import timezone
from reversion.models import Version

from articles.models import Article, AuditEntry, FormerAddress, Section, Status, Tag
from authors.models import Author
from importer.models import WordPressOrigin
from media.models import Image

from .exports import THEME_UNIT_TEST, run_import, uploads_for

pytestmark = pytest.mark.django_db

HORIZONTAL = "featured-image-horizontal.jpg"


@pytest.fixture
def imported(tmp_path):
    uploads = uploads_for(THEME_UNIT_TEST, tmp_path / "wp-uploads", credits={HORIZONTAL: "Theme Review Photo Desk"})
    output = run_import(THEME_UNIT_TEST, "--uploads", str(uploads))
    return uploads, output


def test_posts_pictures_people_and_terms_arrive_in_their_places(imported):
    _uploads, output = imported
    assert "Stories: 58 created." in output
    assert Article.objects.count() == 58
    live = Article.objects.filter(status=Status.PUBLISHED, published_at__lte=timezone.now())
    assert live.count() == 53
    scheduled = Article.objects.get(headline="Scheduled")
    assert scheduled.status == Status.PUBLISHED
    assert scheduled.published_at == datetime.datetime(2030, 1, 1, 19, 0, 18, tzinfo=datetime.UTC)
    drafts = set(Article.objects.filter(status=Status.DRAFT).values_list("headline", flat=True))
    assert drafts == {
        "Draft",
        "Untitled",
        "Edge Case: No Content",
        'Template: Password Protected (the password is "enter")',
    }
    assert "Imported as drafts: password-protected in WordPress (1)" in output
    assert "Imported as drafts: no text (1)" in output

    assert "Pictures: 35 created, 2 skipped." in output
    assert Image.objects.count() == 35
    assert "Files the library refused: This file is not a picture the library takes." in output
    assert "originaldixielandjazzbandwithalbernard-stlouisblues.mp3" in output
    assert sorted(Author.objects.values_list("name", flat=True)) == ["Theme Buster", "Theme Reviewer"]
    assert not Author.objects.filter(user__isnull=False).exists()
    assert sorted(Section.objects.values_list("slug", flat=True)) == ["6-1", "block", "classic", "unpublished"]
    assert Tag.objects.count() == 128
    assert "Not imported: 21 pages (--pages-in SECTION imports them as stories)." in output
    assert "Not imported: 33 comments." in output
    assert "Not imported: 70 “nav_menu_item” items." in output
    # Embeds become links to what they embedded.
    assert "Turned into links in bodies: embed block (1): post 1738 “Block category: Embeds” ×5" in output
    embeds = Article.objects.get(headline="Block category: Embeds").body
    assert (
        '<p><a href="https://youtu.be/ex8fMxXJDJw" rel="noopener noreferrer">https://youtu.be/ex8fMxXJDJw</a></p>'
        in embeds
    )

    # The workflow's own step made each story live, and says the story was imported.
    story = Article.objects.get(headline="Template: Featured Image (Horizontal)")
    step = AuditEntry.objects.get(article=story)
    assert (step.action, step.from_status, step.to_status) == ("publish", Status.DRAFT, Status.PUBLISHED)
    assert step.note.startswith("Imported from WordPress (post 1011: https://wpthemetestdata.wordpress.com/")
    assert step.actor.username == "wordpress-import"
    assert not step.actor.has_usable_password()
    assert Version.objects.get_for_object(story).get().revision.comment.startswith("Imported from WordPress")


def test_a_sample_story_reads_as_it_did_with_its_pictures_and_old_addresses(imported, desk_client):
    story = Article.objects.get(headline="Template: Featured Image (Horizontal)")
    assert story.published_at == datetime.datetime(2012, 3, 15, 22, 15, 12, tzinfo=datetime.UTC)
    assert story.get_absolute_url() == "/2012/03/15/template-featured-image-horizontal/"
    assert [byline.author.name for byline in story.bylines.all()] == ["Theme Buster"]
    assert story.section.name == "Classic"
    assert set(story.tags.values_list("name", flat=True)) == {
        "Codex",
        "edge case",
        "featured image",
        "image",
        "template",
        "Template",
    }
    assert story.hero_image.title == "Horizontal Featured Image"
    assert story.hero_image.credit == "Theme Review Photo Desk"

    page = Client().get(story.get_absolute_url())
    assert page.status_code == 200
    assert "(Image credit: Theme Review Photo Desk)" in page.content.decode()
    assert 'href="https://codex.wordpress.org/Post_Thumbnails"' in page.content.decode()

    # The desk sees where the story came from, and cannot change it.
    form = desk_client.get(f"/admin/articles/article/{story.pk}/change/").content.decode()
    assert "Imported from WordPress" in form
    assert "WordPress post 1011 of wpthemetestdata.wordpress.com" in form
    old_url = "https://wpthemetestdata.wordpress.com/2012/03/15/template-featured-image-horizontal/"
    assert f'<a href="{old_url}" rel="noopener noreferrer">{old_url}</a>' in form
    assert 'name="imported_from"' not in form

    # A [caption] shortcode: a figure of the library picture, with its caption.
    story = Article.objects.get(headline="Post Format: Image (Caption)")
    bell = Image.objects.get(title="Bell on Wharf")
    assert story.body == (
        f'<figure><img src="{bell.file.url}" alt="Bell on Wharf" data-file="{bell.pk}">'
        "<figcaption>Bell on wharf in San Francisco</figcaption></figure>"
    )
    assert list(story.body_images.all()) == [bell]
    page = Client().get(story.get_absolute_url()).content.decode()
    assert "Bell on wharf in San Francisco" in page
    assert bell.file.url in page

    client = Client()
    horizontal = Article.objects.get(headline="Template: Featured Image (Horizontal)")
    response = client.get("/?p=1011")
    assert response.status_code == 301
    assert response["Location"] == horizontal.get_absolute_url()

    font_sizes = Article.objects.get(headline="WP 6.1 Font size scale")
    response = client.get("/wp-6-1-font-size-scale/")
    assert response.status_code == 301
    assert response["Location"] == font_sizes.get_absolute_url()
    assert client.get(response["Location"]).status_code == 200
    # A draft's old address gives nothing away.
    assert not FormerAddress.objects.filter(address="/?p=1164", article__status=Status.PUBLISHED).exists()
    assert client.get("/?p=1164").status_code == 200


def test_a_second_run_creates_nothing_and_changes_nothing(imported):
    uploads, _output = imported
    tables = (Article, Image, Author, Section, Tag, AuditEntry, FormerAddress, WordPressOrigin, Version)
    before = {model: model.objects.count() for model in tables}
    versions = dict(Article.objects.values_list("pk", "version"))

    output = run_import(THEME_UNIT_TEST, "--uploads", str(uploads))

    assert "Stories: 58 unchanged." in output
    assert "Pictures: 35 unchanged, 2 skipped." in output
    assert {model: model.objects.count() for model in tables} == before
    assert dict(Article.objects.values_list("pk", "version")) == versions
