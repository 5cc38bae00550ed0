"""
A synthetic WordPress site for the import benchmark: an export (WXR 1.2) of N posts, each with its own
attachment, and the copy of ``wp-content/uploads`` holding those pictures, drawn small with Pillow.

Posts are written as WordPress writes them: two in three in the classic editor (blank lines between
paragraphs, a ``[caption]`` around a resized copy of the post's picture), one in three in the block
editor (``<!-- wp:image -->`` blocks); a spread of states, authors (some posts co-authored through
Co-Authors Plus), categories, tags and comments, dates over eight years, and each post's attachment
right after it, so that an importer must read the pictures before the stories that show them.
"""

import datetime
import random
from pathlib import Path
from xml.sax.saxutils import escape

from django.utils.text import slugify
from PIL import Image, ImageDraw

from . import text

SITE = "https://bench.example"
AUTHORS = 40
CATEGORIES = 12
TAGS = 300
STATES = (["publish"] * 90) + (["draft"] * 4) + (["pending"] * 3) + (["future"] * 2) + ["private"]
PICTURE_SIZE = (320, 200)
FIRST_DAY = datetime.datetime(2016, 1, 4, 8, 0)


def write_site(export, uploads, posts, seed=2026):
    """Write the export of ``posts`` posts to ``export`` and their pictures under ``uploads``."""
    rng = random.Random(seed)
    logins = [f"writer{number}" for number in range(AUTHORS)]
    categories = [f"desk-{number}" for number in range(CATEGORIES)]
    Path(uploads).mkdir(parents=True, exist_ok=True)
    with open(export, "w", encoding="utf-8") as out:
        out.write(_header(rng, logins, categories))
        for number in range(posts):
            post_id, attachment_id = 2 * number + 1, 2 * number + 2
            published = FIRST_DAY + datetime.timedelta(hours=7 * number * 10_000 / max(posts, 1))
            path = f"{published:%Y/%m}/photo-{number}.jpg"
            _draw(Path(uploads) / path, rng)
            out.write(_post(rng, post_id, attachment_id, path, published, logins, categories))
            out.write(_attachment(rng, attachment_id, post_id, path, published))
        out.write("</channel>\n</rss>\n")


def _draw(target, rng):
    target.parent.mkdir(parents=True, exist_ok=True)
    picture = Image.new("RGB", PICTURE_SIZE, tuple(rng.randrange(40, 220) for _ in range(3)))
    draw = ImageDraw.Draw(picture)
    for _ in range(4):
        x, y = rng.randrange(PICTURE_SIZE[0]), rng.randrange(PICTURE_SIZE[1])
        draw.rectangle((x, y, x + rng.randrange(20, 120), y + rng.randrange(20, 80)), fill=(250, 240, 220))
    picture.save(target, "JPEG", quality=80)


def _header(rng, logins, categories):
    people = "".join(
        f"<wp:author><wp:author_id>{number + 1}</wp:author_id><wp:author_login>{login}</wp:author_login>"
        f"<wp:author_email>{login}@bench.example</wp:author_email>"
        f"<wp:author_display_name><![CDATA[{text.person(rng)}]]></wp:author_display_name></wp:author>\n"
        for number, login in enumerate(logins)
    )
    terms = "".join(
        f"<wp:category><wp:term_id>{number + 1}</wp:term_id><wp:category_nicename>{slug}</wp:category_nicename>"
        f"<wp:cat_name><![CDATA[Desk {number}]]></wp:cat_name></wp:category>\n"
        for number, slug in enumerate(categories)
    )
    return (
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        '<rss version="2.0" xmlns:excerpt="http://wordpress.org/export/1.2/excerpt/" '
        'xmlns:content="http://purl.org/rss/1.0/modules/content/" xmlns:dc="http://purl.org/dc/elements/1.1/" '
        'xmlns:wp="http://wordpress.org/export/1.2/">\n<channel>\n'
        f"<title>Benchmark Gazette</title>\n<link>{SITE}</link>\n<wp:wxr_version>1.2</wp:wxr_version>\n"
        f"<wp:base_site_url>{SITE}</wp:base_site_url>\n<wp:base_blog_url>{SITE}</wp:base_blog_url>\n"
        f"{people}{terms}"
    )


def _paragraphs(rng, count):
    return [" ".join(text.sentence(rng) for _ in range(rng.randint(3, 6))) for _ in range(count)]


def _classic_body(rng, attachment_id, path):
    paragraphs = _paragraphs(rng, rng.randint(4, 8))
    resized = path.replace(".jpg", "-300x188.jpg")
    figure = (
        f'[caption id="attachment_{attachment_id}" align="aligncenter" width="300"]'
        f'<a href="{SITE}/wp-content/uploads/{path}"><img class="size-medium wp-image-{attachment_id}" '
        f'src="{SITE}/wp-content/uploads/{resized}" alt="" width="300" height="188" /></a> '
        f"{text.sentence(rng)}[/caption]"
    )
    paragraphs[1] += f' Details came from <a href="{SITE}/about/">{rng.choice(text.SUBJECTS)}</a>.'
    return "\n\n".join([paragraphs[0], figure, *paragraphs[1:3], f"<h2>{text.headline(rng)}</h2>", *paragraphs[3:]])


def _block_body(rng, attachment_id, path):
    blocks = [f"<!-- wp:paragraph -->\n<p>{paragraph}</p>\n<!-- /wp:paragraph -->" for paragraph in _paragraphs(rng, 5)]
    image = (
        f'<!-- wp:image {{"id":{attachment_id},"sizeSlug":"large"}} -->\n'
        f'<figure class="wp-block-image size-large"><img src="{SITE}/wp-content/uploads/{path}" alt="" '
        f'class="wp-image-{attachment_id}"/><figcaption>{text.sentence(rng)}</figcaption></figure>\n'
        "<!-- /wp:image -->"
    )
    return "\n\n".join([blocks[0], image, *blocks[1:]])


def _post(rng, post_id, attachment_id, path, published, logins, categories):
    title = _capitalized(text.headline(rng))
    slug = f"{slugify(title)[:60]}-{post_id}"
    status = rng.choice(STATES)
    if status == "future":
        published = datetime.datetime(2030, 1, 1) + datetime.timedelta(hours=post_id)
    creator = rng.choice(logins)
    terms = [("category", desk, desk.replace("desk-", "Desk ")) for desk in rng.sample(categories, rng.randint(1, 2))]
    topics = rng.sample(range(TAGS), rng.randint(2, 4))
    terms += [("post_tag", f"topic-{number}", f"Topic {number}") for number in topics]
    if rng.random() < 0.05:
        terms += [("author", f"cap-{login}", login) for login in (creator, rng.choice(logins))]
    comments = "".join(
        f"<wp:comment><wp:comment_id>{post_id * 10 + number}</wp:comment_id>"
        f"<wp:comment_content><![CDATA[{text.sentence(rng)}]]></wp:comment_content></wp:comment>"
        for number in range(rng.randint(0, 3))
    )
    body = _block_body if post_id % 3 == 0 else _classic_body
    return _item(
        post_id,
        title=title,
        link=f"{SITE}/{published:%Y/%m/%d}/{slug}/",
        creator=creator,
        content=body(rng, attachment_id, path),
        excerpt=text.dek(rng),
        published=published,
        slug=slug,
        status=status,
        post_type="post",
        terms=terms,
        meta={"_thumbnail_id": attachment_id},
        extra=comments,
    )


def _attachment(rng, attachment_id, post_id, path, published):
    url = f"{SITE}/wp-content/uploads/{path}"
    return _item(
        attachment_id,
        title=f"Picture {attachment_id}",
        link=url,
        creator="writer0",
        excerpt=f"{text.sentence(rng)} (Photo: {text.person(rng)})",
        published=published,
        status="inherit",
        post_type="attachment",
        meta={"_wp_attachment_image_alt": text.sentence(rng)},
        extra=f"<wp:attachment_url>{url}</wp:attachment_url><wp:post_parent>{post_id}</wp:post_parent>",
    )


def _item(wordpress_id, *, title, link, creator, published, status, post_type, content="", excerpt="", slug="",
          terms=(), meta=None, extra=""):  # fmt: skip
    date = f"{published:%Y-%m-%d %H:%M:%S}"
    categories = "".join(f'<category domain="{d}" nicename="{n}"><![CDATA[{v}]]></category>' for d, n, v in terms)
    postmeta = "".join(
        f"<wp:postmeta><wp:meta_key>{key}</wp:meta_key><wp:meta_value><![CDATA[{value}]]></wp:meta_value></wp:postmeta>"
        for key, value in (meta or {}).items()
    )
    return (
        f"<item><title>{escape(title)}</title><link>{escape(link)}</link>"
        f"<dc:creator><![CDATA[{creator}]]></dc:creator>"
        f'<guid isPermaLink="false">{SITE}/?p={wordpress_id}</guid>'
        f"<content:encoded><![CDATA[{content}]]></content:encoded>"
        f"<excerpt:encoded><![CDATA[{excerpt}]]></excerpt:encoded>"
        f"<wp:post_id>{wordpress_id}</wp:post_id><wp:post_date>{date}</wp:post_date>"
        f"<wp:post_date_gmt>{date}</wp:post_date_gmt><wp:post_name>{slug}</wp:post_name>"
        f"<wp:status>{status}</wp:status><wp:post_type>{post_type}</wp:post_type>"
        f"<wp:post_password></wp:post_password>{categories}{postmeta}{extra}</item>\n"
    )


def _capitalized(phrase):
    return phrase[0].upper() + phrase[1:]
