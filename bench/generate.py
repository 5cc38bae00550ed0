"""
Fill a benchmark database: sections, tags, authors, library images and many stories.

Run as ``python -m bench.task generate --articles N`` in a process whose
``DATABASE_URL`` names an empty, migrated benchmark database (``bench.run``
does this). Stories are written with ``bulk_create`` in batches, their bylines,
tags and figures through the join tables in bulk; ``bulk_create`` skips
``Article.save()``, so the fields it would compute (publication date, word
count, reading time, its bylines' and tag listings' copies of the publication
time) are computed here. A handful of real pictures are drawn with Pillow and
rendered once; the other library rows share their files and rendition files,
each with its own ``Rendition`` rows as the ``{% picture %}`` tag expects.
"""

import datetime
import random
from dataclasses import dataclass, field

from django.apps import apps as django_apps
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import connection
from django.utils import timezone
from django.utils.text import slugify
from tqdm import tqdm

from articles.models import Article, Byline, Correction, Section, Status, Tag, TagListing, local_date
from articles.roles import EDITORS, sync_groups
from authors.models import Author
from demo import images as drawings
from media import renditions
from media.models import Image, Rendition
from newsroom.richtext import reading_minutes

from . import text
from .database import MARKER_TABLE

BATCH = 2_000
EDITOR_USERNAME = "bench-editor"
ARCHIVE_YEARS = 6
RECENT_DAYS = 7
SCENES = ("planet", "rocket", "mirror", "planet")

# What becomes of a story: mostly published over the years, a few in every other state.
STATES = [
    ("published", 0.915),
    ("recent", 0.03),  # published in the last week: the home page and the news sitemap
    ("scheduled", 0.01),
    ("draft", 0.025),
    ("in_review", 0.008),
    ("approved", 0.004),
    ("unpublished", 0.008),
]
BYLINE_COUNTS = ([1, 2, 3, 4, 5], [60, 25, 10, 3, 2])
CORRECTED_SHARE = 0.03
HERO_SHARE = 0.85


@dataclass
class Scale:
    """How big the newsroom around the stories is; tests use a small one."""

    articles: int
    authors: int = 200
    sections: int = 20
    tags: int = 2_000
    images: int = 2_000
    pictures: int = 6
    picture_size: tuple = (1600, 900)


@dataclass
class Library:
    """Ids and what a figure needs, kept in memory while stories are written."""

    images: list = field(default_factory=list)
    headshots: list = field(default_factory=list)


def build(scale, seed=2026, progress=True, now=None):
    """Write a whole benchmark newsroom of ``scale``; returns the number of stories written."""
    rng = random.Random(seed)
    now = (now or timezone.now()).replace(microsecond=0)
    editor = editor_user()
    sections = _sections(scale.sections)
    tags = _tags(scale.tags)
    library = _library(rng, scale, editor, now)
    authors = _authors(rng, scale.authors, library)
    bar = tqdm(total=scale.articles, unit="stories", desc="Writing stories", disable=not progress)
    written = 0
    while written < scale.articles:
        count = min(BATCH, scale.articles - written)
        _write_batch(rng, written, count, now, editor, sections, tags, authors, library)
        written += count
        bar.update(count)
    bar.close()
    return written


def editor_user():
    """The desk editor the benchmark logs in as (admin list) and publishes with (load run)."""
    user, created = get_user_model().objects.get_or_create(
        username=EDITOR_USERNAME, defaults={"is_staff": True, "first_name": "Bench", "last_name": "Editor"}
    )
    if created:
        user.set_unusable_password()
        user.save(update_fields=["password"])
    if not Group.objects.filter(name=EDITORS).exists():
        sync_groups(django_apps)
    user.groups.add(Group.objects.get(name=EDITORS))
    return user


def mark_finished(articles):
    """Record that this database holds a finished build of ``articles`` stories, and refresh statistics."""
    with connection.cursor() as cursor:
        cursor.execute(f"CREATE TABLE {MARKER_TABLE} (articles integer NOT NULL, built_at varchar(40) NOT NULL)")
        cursor.execute(
            f"INSERT INTO {MARKER_TABLE} (articles, built_at) VALUES (%s, %s)",  # noqa: S608
            [articles, timezone.now().isoformat()],
        )
    # After a bulk load the planner needs fresh statistics, and PostgreSQL a visibility map
    # (index-only scans), as autovacuum would leave them on a site in service. VACUUM cannot
    # run inside a transaction (a test's), where statistics alone are refreshed.
    vacuum = connection.vendor == "postgresql" and not connection.in_atomic_block
    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE" if vacuum else "ANALYZE")


# The newsroom around the stories ---------------------------------------------------------------


def _sections(count):
    names = [text.SECTION_NAMES[i % len(text.SECTION_NAMES)] for i in range(count)]
    rows = [
        Section(name=name if i < len(text.SECTION_NAMES) else f"{name} {i}", slug=slugify(f"{name}-{i}"), order=i)
        for i, name in enumerate(names)
    ]
    return [section.pk for section in Section.objects.bulk_create(rows)]


def _tags(count):
    rows = []
    for i in range(count):
        name = f"{text.TOPICS[i % len(text.TOPICS)]} {i // len(text.TOPICS) + 1}"
        rows.append(Tag(name=name, slug=slugify(name)))
    return [tag.pk for tag in Tag.objects.bulk_create(rows, batch_size=BATCH)]


def _library(rng, scale, editor, now):
    """A few drawn pictures with real renditions, and library rows that share their files."""
    originals = []
    for number in range(scale.pictures):
        headshot = number % 3 == 2
        size = (scale.picture_size[1], scale.picture_size[1]) if headshot else scale.picture_size
        picture = (
            drawings.headshot(size=size, seed=number)
            if headshot
            else drawings.scene(SCENES[number % len(SCENES)], size=size, seed=number)
        )
        image = Image(title=f"Benchmark picture {number}", alt_text="A picture", credit="The Orbital Desk")
        data = drawings.to_jpeg_bytes(picture)
        image.file.save("bench.jpg", ContentFile(data), save=False)
        image.width, image.height = picture.size
        image.file_size, image.uploaded_by = len(data), editor
        image.focal_y = 0.4 if headshot else 0.5
        image.save()
        # The upload signal renders after commit; inside a transaction that is later, so render now.
        renditions.ensure_renditions(image)
        originals.append((image, headshot, list(image.renditions.all())))

    copies = []
    for number in range(scale.images - len(originals)):
        source, headshot, _ = originals[number % len(originals)]
        name = text.person(rng)
        copies.append(
            Image(
                file=source.file.name,
                width=source.width,
                height=source.height,
                file_size=source.file_size,
                focal_x=source.focal_x,
                focal_y=source.focal_y,
                title=f"Portrait of {name}" if headshot else text.headline(rng),
                alt_text=f"Portrait of {name}" if headshot else text.sentence(rng),
                caption=text.sentence(rng),
                credit=rng.choice(["NASA", "ESA", "JAXA", "The Orbital Desk", name]),
                uploaded_by=editor,
                uploaded_at=now - datetime.timedelta(days=rng.uniform(0, 365 * ARCHIVE_YEARS)),
            )
        )
    Image.objects.bulk_create(copies, batch_size=BATCH)
    rendition_rows = []
    for number, copy in enumerate(copies):
        _, _, stored = originals[number % len(originals)]
        rendition_rows += [
            Rendition(
                image_id=copy.pk,
                spec=r.spec,
                format=r.format,
                focal_key=r.focal_key,
                file=r.file.name,
                width=r.width,
                height=r.height,
            )
            for r in stored
        ]
    Rendition.objects.bulk_create(rendition_rows, batch_size=BATCH * 5)

    library = Library()
    rows = [(image, headshot) for image, headshot, _ in originals]
    rows += [(copy, originals[number % len(originals)][1]) for number, copy in enumerate(copies)]
    for image, headshot in rows:
        if headshot:
            library.headshots.append(image.pk)
        else:
            url = default_storage.url(image.file.name)
            library.images.append({"id": image.pk, "url": url, "alt": image.alt_text, "credit": image.credit})
    return library


def _authors(rng, count, library):
    rows = []
    for i in range(count):
        name = text.person(rng)
        columnist = i < count // 7
        rows.append(
            Author(
                name=name,
                slug=slugify(f"{name}-{i}"),
                title="Space Insider Columnist" if columnist else "Staff reporter",
                short_bio=f"{name} covers space for the desk. {text.sentence(rng)}",
                long_bio=f"<p>{text.sentence(rng)} {text.sentence(rng)}</p>\n<p>{text.sentence(rng)}</p>",
                headshot_id=library.headshots[i % len(library.headshots)] if library.headshots else None,
                website=f"https://example.org/{slugify(name)}-{i}",
                is_columnist=columnist,
                order=i,
            )
        )
    created = Author.objects.bulk_create(rows)
    # Columnists write more than the rest of the desk.
    return [author.pk for author in created], [4 if author.is_columnist else 1 for author in created]


# Stories -------------------------------------------------------------------------------------------


def _skewed(rng, ids, k):
    """``k`` distinct ids, popular ones (early in the list) far more often."""
    chosen = set()
    while len(chosen) < min(k, len(ids)):
        chosen.add(ids[min(int(rng.paretovariate(1.2)) - 1, len(ids) - 1)] if rng.random() < 0.7 else rng.choice(ids))
    return list(chosen)


def _state(rng, now):
    """A status, publication time and lead-story flag drawn from ``STATES``."""
    kind = rng.choices([name for name, _ in STATES], [share for _, share in STATES])[0]
    archive = datetime.timedelta(days=365 * ARCHIVE_YEARS).total_seconds()
    recent = datetime.timedelta(days=RECENT_DAYS).total_seconds()
    if kind == "published":
        return Status.PUBLISHED, now - datetime.timedelta(seconds=rng.uniform(recent, archive)), False
    if kind == "recent":
        return Status.PUBLISHED, now - datetime.timedelta(seconds=rng.uniform(60, recent)), rng.random() < 0.05
    if kind == "scheduled":
        return Status.PUBLISHED, now + datetime.timedelta(seconds=rng.uniform(3600, 30 * 86400)), False
    if kind == "unpublished":
        return Status.UNPUBLISHED, now - datetime.timedelta(seconds=rng.uniform(recent, archive)), False
    return Status(kind), None, False


def _write_batch(rng, offset, count, now, editor, sections, tags, authors, library):
    author_ids, author_weights = authors
    stories, extras = [], []
    for index in range(offset, offset + count):
        status, published_at, featured = _state(rng, now)
        if published_at is not None:
            published_at = published_at.replace(microsecond=0)
        body = text.body(rng, library.images)
        headline = text.headline(rng)
        corrected = status == Status.PUBLISHED and published_at < now and rng.random() < CORRECTED_SHARE
        updated_at = min(now, published_at + datetime.timedelta(hours=rng.uniform(1, 72))) if corrected else None
        stories.append(
            Article(
                headline=headline,
                slug=f"{slugify(headline)}-{index + 1}",
                dek=text.dek(rng),
                section_id=_skewed(rng, sections, 1)[0],
                hero_image_id=rng.choice(library.images)["id"]
                if library.images and rng.random() < HERO_SHARE
                else None,
                body=body.html,
                status=status,
                published_at=published_at,
                publication_date=local_date(published_at),
                publication_month=local_date(published_at).replace(day=1) if published_at else None,
                updated_at=updated_at,
                featured=featured,
                word_count=body.words,
                reading_time=reading_minutes(body.words),
                created_by=editor,
                modified_by=editor,
            )
        )
        byline_count = rng.choices(*BYLINE_COUNTS)[0]
        writers = set()
        while len(writers) < min(byline_count, len(author_ids)):
            writers.add(rng.choices(author_ids, author_weights)[0])
        extras.append((list(writers), _skewed(rng, tags, rng.randint(2, 6)), set(body.image_ids), updated_at))
    Article.objects.bulk_create(stories)

    bylines, tag_links, listings, figure_links, corrections = [], [], [], [], []
    for story, (writers, tag_ids, image_ids, updated_at) in zip(stories, extras, strict=True):
        bylines += [
            Byline(
                article_id=story.pk,
                author_id=author,
                order=order,
                role="" if order == 0 else "With",
                published_at=story.published_at,
            )
            for order, author in enumerate(writers)
        ]
        tag_links += [Article.tags.through(article_id=story.pk, tag_id=tag) for tag in tag_ids]
        listings += [TagListing(article_id=story.pk, tag_id=tag, published_at=story.published_at) for tag in tag_ids]
        figure_links += [Article.body_images.through(article_id=story.pk, image_id=image) for image in image_ids]
        if updated_at:
            corrections.append(
                Correction(
                    article_id=story.pk,
                    text=f"An earlier version misstated {rng.choice(text.OBJECTS)}.",
                    published_at=updated_at,
                    created_by=editor,
                )
            )
    Byline.objects.bulk_create(bylines)
    Article.tags.through.objects.bulk_create(tag_links)
    TagListing.objects.bulk_create(listings)
    Article.body_images.through.objects.bulk_create(figure_links)
    Correction.objects.bulk_create(corrections)
