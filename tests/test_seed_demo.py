"""The demo newsroom: what `make run` loads."""

import io

import pytest
from django.contrib.auth import get_user_model
from django.core.management import CommandError, call_command

from articles.models import Article, Byline, LiveCoverage, LiveEntry, Section, Status, Tag
from authors.models import Author, AuthorLink
from media.models import Image

MODELS = [Article, Byline, Section, Tag, Author, AuthorLink, Image, get_user_model()]


def run_seed(*args, **env):
    out = io.StringIO()
    call_command("seed_demo", *args, stdout=out)
    return out.getvalue()


def counts():
    return {model.__name__: model.objects.count() for model in MODELS}


@pytest.mark.django_db
def test_refuses_to_run_with_debug_off(settings):
    settings.DEBUG = False
    with pytest.raises(CommandError, match="refuses to run with DEBUG off"):
        run_seed()
    assert Article.objects.count() == 0


@pytest.mark.django_db
def test_runs_with_debug_on(settings):
    settings.DEBUG = True
    assert "Demo newsroom ready" in run_seed()
    assert Article.objects.exists()


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("required", "told"),
    [
        (False, "Two-factor sign-in is off here"),
        (True, "admin and editor set up an authenticator app at their first sign-in"),
    ],
)
def test_says_how_the_demo_users_sign_in(settings, required, told):
    settings.DEBUG = True
    settings.TWO_FACTOR_REQUIRED = required
    assert told in run_seed()


@pytest.mark.django_db
def test_is_idempotent(monkeypatch):
    monkeypatch.delenv("DEMO_PASSWORD", raising=False)
    first = run_seed("--force")
    snapshot = counts()
    modified = dict(Article.objects.values_list("slug", "modified_at"))
    files = sorted(Image.objects.values_list("file", flat=True))

    second = run_seed("--force")
    assert counts() == snapshot
    assert dict(Article.objects.values_list("slug", "modified_at")) == modified
    assert sorted(Image.objects.values_list("file", flat=True)) == files
    assert "Password for all three:" in first
    assert "Password for all three:" not in second
    assert "0 new stories" in second


@pytest.mark.django_db
def test_demo_password_from_environment(monkeypatch):
    monkeypatch.setenv("DEMO_PASSWORD", "orbital-desk-demo-2026")
    out = run_seed("--force")
    assert "orbital-desk-demo-2026" in out
    for username in ["admin", "editor", "journalist"]:
        assert get_user_model().objects.get(username=username).check_password("orbital-desk-demo-2026")


def test_demo_covers_every_page(demo):
    User = get_user_model()
    assert User.objects.get(username="admin").is_superuser
    assert User.objects.get(username="editor").groups.filter(name="Editors").exists()
    assert User.objects.get(username="journalist").groups.filter(name="Journalists").exists()

    assert Article.objects.count() >= 12
    assert Section.objects.filter(articles__isnull=False).distinct().count() >= 3
    assert Author.objects.filter(bylines__isnull=False).distinct().count() >= 4
    assert Article.objects.filter(bylines__order=1).exists(), "some stories have several authors"
    assert Article.objects.filter(status=Status.DRAFT).count() == 1
    assert Article.objects.filter(status=Status.IN_REVIEW).count() == 1
    scheduled = Article.objects.get(slug="crew-named-for-lunar-flyby")
    assert scheduled.status == Status.PUBLISHED and not scheduled.is_live


def test_seed_story_and_columnist(seed_article):
    assert seed_article.is_live
    assert seed_article.hero_image.credit == "China National Space Administration"
    assert seed_article.hero_image.width == 1600 and seed_article.hero_image.height == 900
    columnist = seed_article.bylines.get().author
    assert columnist.name == "Leonard David"
    assert columnist.title == "Space Insider Columnist"
    for fact in ["Moon Rush: The New Space Race", "Mars: Our Future on the Red Planet", "Ordway Award", "2015"]:
        assert fact in columnist.long_bio


@pytest.mark.django_db
def test_the_demo_has_a_launch_day_covered_live(client):
    run_seed("--force")
    story = Article.objects.get(slug="shenzhou-crew-launch-day-live")
    updates = LiveEntry.objects.filter(article=story, deleted_at=None)
    assert updates.count() >= 12
    assert updates.filter(pinned=True).count() == 1 and updates.filter(key_event=True).count() == 2
    assert LiveCoverage.objects.get(article=story).is_open
    html = client.get(story.get_absolute_url()).content.decode()
    assert "Key events" in html and "Liftoff" in html and 'data-poll="' in html
