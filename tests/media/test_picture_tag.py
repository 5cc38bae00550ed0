"""The {% picture %} tag: responsive markup from stored renditions, no query when prefetched."""

import datetime

import pytest
from django.core.files.base import ContentFile
from django.db import connection
from django.template import Context, Template
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from media.models import Image
from media.renditions import ensure_renditions
from tests.factories import ImageFactory

from .pictures import drawn, encode

pytestmark = pytest.mark.django_db


def render(source, **context):
    return Template("{% load media_tags %}" + source).render(Context(context))


@pytest.fixture
def image():
    picture = ImageFactory(
        file=ContentFile(encode(drawn((1300, 900)), "JPEG"), name="launch.jpg"),
        alt_text='Rocket "Long March" on the pad & ready',
    )
    ensure_renditions(picture)
    return picture


def test_picture_lists_webp_and_jpeg_widths_with_an_800_fallback(image):
    html = render('{% picture image ratio="16x9" sizes="(min-width: 50rem) 46rem, 100vw" %}', image=image)

    hero = {r.width: r for r in image.renditions.filter(spec__startswith="16x9-")}
    webp = {r.width: r.file.url for r in image.renditions.filter(spec__startswith="16x9-", format="webp")}
    jpeg = {r.width: r.file.url for r in image.renditions.filter(spec__startswith="16x9-", format="jpeg")}
    assert sorted(hero) == [480, 800, 1200]
    assert html.startswith('<picture><source type="image/webp" srcset="')
    assert f"{webp[480]} 480w, {webp[800]} 800w, {webp[1200]} 1200w" in html
    assert f'<img src="{jpeg[800]}" srcset="{jpeg[480]} 480w, {jpeg[800]} 800w, {jpeg[1200]} 1200w"' in html
    assert 'sizes="(min-width: 50rem) 46rem, 100vw"' in html
    assert 'width="800" height="450"' in html
    assert 'alt="Rocket &quot;Long March&quot; on the pad &amp; ready"' in html
    assert 'loading="lazy" decoding="async"' in html
    assert "fetchpriority" not in html
    assert html.endswith("></picture>")


def test_hero_picture_loads_eagerly_with_high_priority(image):
    html = render('{% picture image loading="eager" css_class="hero" alt="" %}', image=image)

    assert 'loading="eager"' in html and 'fetchpriority="high"' in html
    assert 'class="hero"' in html and 'alt=""' in html


def test_attribute_values_are_escaped(image):
    html = render("{% picture image sizes=sizes css_class=css %}", image=image, sizes='100vw"><script>', css='a"b')

    assert "<script>" not in html
    assert 'sizes="100vw&quot;&gt;&lt;script&gt;"' in html and 'class="a&quot;b"' in html


def test_prefetched_pictures_render_without_a_query(image):
    ImageFactory.create_batch(2)
    images = list(Image.objects.prefetch_related("renditions"))

    with CaptureQueriesContext(connection) as queries:
        html = render("{% for i in images %}{% picture i ratio='1x1' %}{% endfor %}", images=images)

    assert len(queries) == 0
    assert html.count("<img ") == 3


def test_without_renditions_the_original_is_shown():
    image = ImageFactory()

    html = render("{% picture image %}", image=image)

    assert html == (
        f'<img src="{image.file.url}" width="1600" height="900" alt="A test picture" loading="lazy" decoding="async">'
    )


def test_expired_or_missing_image_renders_nothing(image):
    image.usage_expires_on = timezone.localdate() - datetime.timedelta(days=1)

    assert render("{% picture image %}", image=image) == ""
    assert render("{% picture image %}", image=None) == ""
    assert image.rendition("16x9") is None
    assert render('{% rendition image "16x9" as shared %}{{ shared|default:"none" }}', image=image) == "none"
    assert render('{% rendition image "16x9" as shared %}{{ shared|default:"none" }}', image=None) == "none"


def test_rendition_is_the_widest_stored_one_no_wider_than_asked(image):
    stored = {r.spec: r for r in image.renditions.filter(format="jpeg")}

    assert image.rendition("16x9", 1200) == stored["16x9-1200"]
    assert image.rendition("16x9", 1000) == stored["16x9-800"]
    assert image.rendition("16x9", 100) == stored["16x9-480"]
    assert image.rendition("16x9", fmt="webp").format == "webp"
    shared = render('{% rendition image "16x9" as shared %}{{ shared.file.url }}', image=Image.objects.get())
    assert shared == stored["16x9-1200"].file.url


def test_pictures_read_at_their_own_ratios_in_one_query_render_as_fully_prefetched(image, django_assert_num_queries):
    from media.models import read_renditions

    expected = render('{% picture image ratio="16x9" %}{% picture image ratio="1x1" %}', image=Image.objects.get())
    hero, headshot, again = Image.objects.get(), Image.objects.get(), Image.objects.get()
    with django_assert_num_queries(1):
        read_renditions([(hero, ("16x9",)), (headshot, ("1x1",)), (again, ("16x9",)), (again, ("1x1",)), (None, ())])
    with django_assert_num_queries(0):
        assert (
            render('{% picture hero ratio="16x9" %}{% picture headshot ratio="1x1" %}', hero=hero, headshot=headshot)
            == expected
        )
        assert render('{% picture again ratio="16x9" %}{% picture again ratio="1x1" %}', again=again) == expected
    # Of the picture's renditions, only those at the ratios asked for it were read.
    assert {r.spec.split("-")[0] for r in image.renditions.all()} == {"16x9", "1x1", "3x2", "free"}
    for copy in (hero, headshot, again):
        assert {r.spec.split("-")[0] for r in copy.rendition_list} == {"16x9", "1x1"}


def test_read_pictures_follow_the_media_url(image):
    from django.test import override_settings

    from media.models import read_renditions

    def drawn_with_renditions_read():
        picture = Image.objects.get()
        read_renditions([(picture, ("16x9",))])
        return render('{% picture image ratio="16x9" %}', image=picture)

    assert drawn_with_renditions_read().count('="/uploads/images/renditions/') == 3  # src and both srcsets
    # Addresses of files on disk are kept per process, under the storage's address as well as the name.
    with override_settings(MEDIA_URL="https://pictures.example.org/"):
        moved = drawn_with_renditions_read()
    assert "/uploads/" not in moved
    assert moved.count('="https://pictures.example.org/images/renditions/') == 3
