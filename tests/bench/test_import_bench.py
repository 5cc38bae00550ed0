"""
``make bench-import`` on a tiny site: the synthetic export imports as a WordPress site would, and the
report reads the figures right.
"""

import io
import os

import pytest
from django.core.management import call_command

from articles.models import Article, Status
from bench import importing
from bench.wordpress import write_site
from media.models import Image

pytestmark = pytest.mark.django_db


def test_the_synthetic_site_imports_with_its_pictures_in_place(tmp_path):
    export, uploads = tmp_path / "export.xml", tmp_path / "uploads"
    write_site(export, uploads, posts=6, seed=4)
    out = io.StringIO()

    call_command("import_wordpress", str(export), "--uploads", str(uploads), stdout=out, stderr=io.StringIO())

    assert "Stories: 6 created." in out.getvalue()
    assert "Pictures: 6 created." in out.getvalue()
    assert Image.objects.exclude(credit="").count() == 6
    for story in Article.objects.all():
        # Each story shows its own picture, as its hero and in its body (a resized copy or a block).
        assert story.body_images.get() == story.hero_image
    assert Article.objects.filter(status=Status.PUBLISHED).exists()


def run(seconds, peak_mb, posts):
    return {
        "posts": posts,
        "first": {"seconds": seconds, "peak_rss_with_workers_mb": peak_mb},
        "second": {"seconds": seconds / 10},
    }


def test_the_targets_read_the_figures():
    met = importing.targets(run(50.0, 100.0, 1_000), run(500.0, 115.0, 10_000))
    assert [target["met"] for target in met] == [True, True, True]
    assert met[1]["measured"] == "1.15× (115.0 MB / 100.0 MB)"

    slow = {**run(700.0, 130.0, 10_000), "second": {"seconds": 200.0}}
    missed = importing.targets(run(50.0, 100.0, 1_000), slow)
    assert [target["met"] for target in missed] == [False, False, False]


def test_memory_is_read_for_a_process_and_its_children():
    assert importing._rss_kb(os.getpid()) > 0
    assert importing._tree(os.getpid())[0] == os.getpid()
