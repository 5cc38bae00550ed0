"""Shared fixtures: uploads in a temporary folder, a fresh cache, and the demo newsroom."""

import pytest
from django.core.cache import cache
from django.core.management import call_command


@pytest.fixture(autouse=True)
def _uploads_in_tmp(settings, tmp_path):
    """Every test writes its uploads to its own folder, never to var/uploads/."""
    settings.MEDIA_ROOT = tmp_path / "uploads"


@pytest.fixture(autouse=True)
def _fresh_cache():
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def demo(db):
    """The demo newsroom, loaded through its management command."""
    call_command("seed_demo", "--force", stdout=open("/dev/null", "w"))  # noqa: SIM115


@pytest.fixture
def seed_article(demo):
    from articles.models import Article

    return Article.objects.get(slug="chinese-space-officials-meeting-with-nasa-today")


@pytest.fixture
def make_renditions():
    """
    Store the renditions public pages draw for some images: one width per ratio, JPEG and WebP.

    Uploads make the full set after their transaction commits; tests run inside
    one, so they make the few they need.
    """
    from media.renditions import RATIOS, get_rendition

    def make(*images, width=480):
        for image in images:
            for ratio in RATIOS:
                for fmt in ("jpeg", "webp"):
                    get_rendition(image, ratio, width, fmt)
        return images

    return make
