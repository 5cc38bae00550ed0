"""The media library in the admin: the list, its filters, the focal point and where a picture is used."""

import datetime
import re

import pytest
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from media.models import Image, Rendition
from media.renditions import ensure_renditions
from tests.factories import ArticleFactory, AuthorFactory, ImageFactory, journalist

from .pictures import drawn, encode

pytestmark = pytest.mark.django_db

CHANGELIST = "/admin/media/image/"


def days(n):
    return timezone.localdate() + datetime.timedelta(days=n)


def listed_titles(response):
    return [image.title for image in response.context["cl"].result_list]


def test_list_shows_thumbnail_credit_and_flags_expired_pictures(desk_client):
    fresh = ImageFactory(
        title="Fresh", credit="ESA", file=ContentFile(encode(drawn(), "JPEG"), name="a.jpg"), usage_expires_on=None
    )
    ensure_renditions(fresh)
    ImageFactory(title="Lapsed", credit="Wire Agency", usage_expires_on=days(-2))
    ImageFactory(title="Nearly", credit="Pool", usage_expires_on=days(10))

    html = desk_client.get(CHANGELIST).content.decode()

    thumbnail = Rendition.objects.get(image=fresh, spec="3x2-160")
    assert f'src="{thumbnail.file.url}"' in html
    assert "ESA" in html and "Wire Agency" in html
    assert f'<span class="media-rights media-rights--expired">Expired {days(-2):%-d %b %Y}</span>' in html
    assert f'<span class="media-rights media-rights--soon">Expires {days(10):%-d %b %Y}</span>' in html
    assert "No expiry" in html


@pytest.mark.parametrize(
    ("rights", "expected"),
    [("expired", ["Lapsed"]), ("expiring", ["Nearly"]), ("usable", ["Nearly", "Open", "Later"])],
)
def test_rights_filter(desk_client, rights, expected):
    ImageFactory(title="Lapsed", usage_expires_on=days(-1))
    ImageFactory(title="Nearly", usage_expires_on=days(5))
    ImageFactory(title="Later", usage_expires_on=days(90))
    ImageFactory(title="Open", usage_expires_on=None)

    response = desk_client.get(CHANGELIST, {"rights": rights})

    assert sorted(listed_titles(response)) == sorted(expected)


def test_search_and_uploader_and_source_filters(desk_client):
    reporter = journalist(username="reporter")
    ImageFactory(title="Moon rover", source="Xinhua", uploaded_by=reporter)
    ImageFactory(title="Mars sample", caption="Rock cores from Jezero", source="NASA")

    assert listed_titles(desk_client.get(CHANGELIST, {"q": "jezero"})) == ["Mars sample"]
    assert listed_titles(desk_client.get(CHANGELIST, {"uploaded_by__id__exact": reporter.pk})) == ["Moon rover"]
    assert listed_titles(desk_client.get(CHANGELIST, {"source": "Xinhua"})) == ["Moon rover"]


def test_list_makes_the_same_number_of_queries_for_many_pictures(desk_client):
    def count_queries():
        with CaptureQueriesContext(connection) as queries:
            assert desk_client.get(CHANGELIST).status_code == 200
        return len(queries)

    ImageFactory.create_batch(2, uploaded_by=journalist())
    few = count_queries()
    ImageFactory.create_batch(20, uploaded_by=journalist())

    assert count_queries() == few


def test_change_page_lists_every_story_and_profile_that_uses_the_picture(desk_client):
    image = ImageFactory(title="Spacewalk")
    hero_story = ArticleFactory(headline="Crew steps outside", hero_image=image)
    body_story = ArticleFactory(
        headline="Station <b>week</b> in review",
        body=f'<p>Text.</p><figure><img src="{image.file.url}" alt="Walk" data-file="{image.pk}"></figure>',
    )
    ArticleFactory(headline="Unrelated story")
    author = AuthorFactory(name="Stellar Columnist", headshot=image)

    html = desk_client.get(reverse("admin:media_image_change", args=[image.pk])).content.decode()

    assert "Hero image of" in html and "In the body of" in html and "Headshot of" in html
    assert f'<a href="{reverse("admin:articles_article_change", args=[hero_story.pk])}">Crew steps outside' in html
    assert f'<a href="{reverse("admin:articles_article_change", args=[body_story.pk])}">' in html
    assert "Station &lt;b&gt;week&lt;/b&gt; in review" in html
    assert f'<a href="{reverse("admin:authors_author_change", args=[author.pk])}">Stellar Columnist</a>' in html
    assert "Unrelated story" not in html


def test_unused_picture_says_so(desk_client):
    image = ImageFactory()

    html = desk_client.get(reverse("admin:media_image_change", args=[image.pk])).content.decode()

    assert "Not used in any story or author profile." in html


def test_focal_point_picker_works_as_two_fields_and_recrops(desk_client, django_capture_on_commit_callbacks):
    image = ImageFactory(file=ContentFile(encode(drawn((900, 600)), "JPEG"), name="a.jpg"))
    ensure_renditions(image)
    url = reverse("admin:media_image_change", args=[image.pk])

    page = desk_client.get(url).content.decode()
    assert "data-focal-picker" in page and "media/focal-point.js" in page
    assert 'name="focal_x"' in page and 'step="0.001"' in page

    with django_capture_on_commit_callbacks(execute=True):
        response = desk_client.post(
            url,
            {
                "title": image.title,
                "alt_text": image.alt_text,
                "caption": image.caption,
                "credit": image.credit,
                "source": "",
                "licence": "",
                "usage_expires_on": "",
                "focal_x": "0.1",
                "focal_y": "0.8",
            },
        )

    assert response.status_code == 302
    squares = Rendition.objects.filter(image=image, spec="1x1-480")
    assert {r.focal_key for r in squares} == {"0.100,0.800"}
    assert squares.count() == 2


def test_focal_point_outside_the_picture_is_refused(desk_client):
    image = ImageFactory()

    response = desk_client.post(
        reverse("admin:media_image_change", args=[image.pk]),
        {"title": "t", "alt_text": "a", "credit": "c", "focal_x": "1.5", "focal_y": "-0.2"},
    )

    assert response.status_code == 200
    errors = response.context["adminform"].form.errors
    assert "less than or equal to 1" in errors["focal_x"][0]
    assert "greater than or equal to 0" in errors["focal_y"][0]


def test_replacing_the_file_replaces_renditions_and_removes_the_old_file(
    desk_client, django_capture_on_commit_callbacks
):
    image = ImageFactory(file=ContentFile(encode(drawn((900, 600)), "JPEG"), name="a.jpg"))
    ensure_renditions(image)
    old_name, old_rendition = image.file.name, Rendition.objects.filter(image=image).first()

    with django_capture_on_commit_callbacks(execute=True):
        response = desk_client.post(
            reverse("admin:media_image_change", args=[image.pk]),
            {
                "file": SimpleUploadedFile("new.png", encode(drawn((800, 800)), "PNG")),
                "title": image.title,
                "alt_text": image.alt_text,
                "credit": image.credit,
                "focal_x": "0.5",
                "focal_y": "0.5",
            },
        )

    assert response.status_code == 302
    image.refresh_from_db()
    assert image.file.name.endswith(".png") and (image.width, image.height) == (800, 800)
    assert not image.file.storage.exists(old_name)
    assert not image.file.storage.exists(old_rendition.file.name)
    assert Rendition.objects.get(image=image, spec="free-800", format="jpeg").height == 800


def test_deleting_a_picture_removes_its_files(desk_client, django_capture_on_commit_callbacks):
    image = ImageFactory(file=ContentFile(encode(drawn(), "JPEG"), name="a.jpg"))
    ensure_renditions(image)
    rendition = Rendition.objects.filter(image=image).first()
    storage = image.file.storage

    with django_capture_on_commit_callbacks(execute=True):
        response = desk_client.post(reverse("admin:media_image_delete", args=[image.pk]), {"post": "yes"})

    assert response.status_code == 302
    assert not Image.objects.exists()
    assert not storage.exists(image.file.name) and not storage.exists(rendition.file.name)


def test_focal_point_picker_shows_an_uncropped_rendition(desk_client):
    image = ImageFactory(file=ContentFile(encode(drawn((1300, 900)), "JPEG"), name="a.jpg"))
    ensure_renditions(image)

    html = desk_client.get(reverse("admin:media_image_change", args=[image.pk])).content.decode()

    preview = Rendition.objects.get(image=image, spec="free-800", format="jpeg")
    assert f'<img src="{preview.file.url}" alt="{image.alt_text}" data-focal-image>' in html


def test_picture_page_previews_each_shape_cropped_around_the_focal_point(desk_client):
    image = ImageFactory(file=ContentFile(encode(drawn((1300, 900)), "JPEG"), name="a.jpg"), focal_x=0.1, focal_y=0.8)
    ensure_renditions(image)

    html = desk_client.get(reverse("admin:media_image_change", args=[image.pk])).content.decode()

    for ratio, label in [("16x9", "16:9"), ("3x2", "3:2"), ("1x1", "1:1")]:
        crop = Rendition.objects.get(image=image, spec=f"{ratio}-480", format="jpeg")
        assert crop.focal_key == "0.100,0.800"
        preview = re.search(rf'<figure class="shape-preview" data-shape="{ratio}".*?</figure>', html).group(0)
        assert f'<img src="{crop.file.url}"' in preview
        assert f"<strong>{label}</strong>" in preview
    assert "Crops around the saved focal point, as readers see them." in html
    # The uncropped picture the focal point is clicked on is still there.
    assert Rendition.objects.get(image=image, spec="free-800", format="jpeg").file.url in html


def test_shape_previews_place_the_original_like_the_crop_until_the_crops_are_made(desk_client):
    # The admin never makes renditions while someone waits: without stored crops, the original is shown
    # framed as the crop will be (1300 x 900, subject bottom left: the square hugs the left edge).
    image = ImageFactory(file=ContentFile(encode(drawn((1300, 900)), "JPEG"), name="a.jpg"), focal_x=0.1, focal_y=0.8)

    html = desk_client.get(reverse("admin:media_image_change", args=[image.pk])).content.decode()

    assert not Rendition.objects.filter(image=image).exists()
    square = re.search(r'<figure class="shape-preview" data-shape="1x1".*?</figure>', html).group(0)
    assert f'<img src="{image.file.url}" style="object-position: 0.0% 50%"' in square
    wide = re.search(r'<figure class="shape-preview" data-shape="16x9".*?</figure>', html).group(0)
    assert 'style="object-position: 50% 100.0%"' in wide
