"""
The importer's rules, each on a small export written for it: running again, the desk's edits, a dry
run, drafts, merged sections, co-authors, pictures and their credits, and an import cut short.
"""

from pathlib import Path

import pytest
from django.contrib.auth import get_user_model
from django.core.management import CommandError
from reversion.models import Version

from articles import editing, workflow
from articles.models import Article, AuditEntry, Byline, Section, Status, Tag
from authors.models import Author
from importer.models import WordPressOrigin
from media.models import Image

from .exports import drawn_picture, item, place_in_uploads, run_import, write_export

pytestmark = pytest.mark.django_db

PICTURE_URL = "https://news.example/wp-content/uploads/2019/04/harbour.jpg"


def harbour_picture(**fields):
    return item(
        501,
        "Harbour at dawn",
        post_type="attachment",
        status="inherit",
        attachment_url=PICTURE_URL,
        **fields,
    )


def ferry_story(content="<p>The ferry returns on Monday.</p>", **fields):
    return item(
        7,
        "Ferry service returns",
        content,
        categories=[("local", "Local")],
        tags=[("ferries", "Ferries")],
        **fields,
    )


def test_a_post_changed_in_wordpress_becomes_a_new_revision_of_its_story(tmp_path):
    export = write_export(tmp_path / "site.xml", ferry_story())
    run_import(export)
    story = Article.objects.get()

    write_export(export, ferry_story("<p>The ferry returns on Tuesday, a day late.</p>"))
    output = run_import(export)

    assert "Stories: 1 updated." in output
    story.refresh_from_db()
    assert story.body == "<p>The ferry returns on Tuesday, a day late.</p>"
    revisions = Version.objects.get_for_object(story)
    assert [version.revision.comment for version in revisions] == [
        "Updated from WordPress (post 7)",
        "Imported from WordPress (post 7: https://news.example/2019/04/ferry-service-returns/)",
    ]
    assert story.status == Status.PUBLISHED
    assert AuditEntry.objects.filter(article=story).count() == 1


def test_the_desks_edits_are_kept_unless_the_import_is_told_to_overwrite_them(tmp_path, desk):
    export = write_export(tmp_path / "site.xml", ferry_story())
    run_import(export)
    story = Article.objects.get()
    story.dek = "Written on the desk."
    editing.save_story(story, desk, story.version)

    write_export(export, ferry_story("<p>Changed in WordPress.</p>"))
    output = run_import(export)

    assert "Stories: 1 skipped." in output
    assert (
        "Stories changed in WordPress and edited on the desk since (--overwrite replaces the desk's edits) (1): "
        "post 7 “Ferry service returns”"
    ) in output
    story.refresh_from_db()
    assert (story.dek, story.body) == ("Written on the desk.", "<p>The ferry returns on Monday.</p>")

    output = run_import(export, "--overwrite")

    assert "Stories: 1 updated." in output
    assert "Stories whose desk edits this import replaced (--overwrite) (1): post 7 “Ferry service returns”" in output
    story.refresh_from_db()
    assert (story.dek, story.body) == ("", "<p>Changed in WordPress.</p>")


def test_a_dry_run_reports_and_writes_nothing(tmp_path, settings):
    uploads = tmp_path / "wp-uploads"
    place_in_uploads(uploads, PICTURE_URL, drawn_picture())
    export = write_export(tmp_path / "site.xml", harbour_picture(), ferry_story(meta={"_thumbnail_id": "501"}))

    output = run_import(export, "--uploads", str(uploads), "--dry-run")

    assert "Stories: 1 would be created." in output
    assert "Pictures: 1 would be created." in output
    assert output.rstrip().endswith("Nothing was written.")
    for model in (Article, Image, Author, Section, Tag, WordPressOrigin, AuditEntry, get_user_model()):
        assert not model.objects.exists(), model
    assert not Path(settings.MEDIA_ROOT).exists()


def test_as_draft_brings_every_story_in_as_a_draft(tmp_path):
    export = write_export(tmp_path / "site.xml", ferry_story(), item(8, "Bridge closes", "<p>Works.</p>"))

    output = run_import(export, "--as-draft")

    assert "Stories: 2 created." in output
    assert set(Article.objects.values_list("status", flat=True)) == {Status.DRAFT}
    assert not AuditEntry.objects.exists()


def test_states_follow_wordpress_through_the_workflow(tmp_path):
    export = write_export(
        tmp_path / "site.xml",
        item(1, "Live", "<p>Out.</p>", status="publish"),
        item(2, "Waiting for the desk", "<p>Soon.</p>", status="pending"),
        item(3, "Embargoed", "<p>Later.</p>", status="future", date="2099-01-01 09:00:00"),
        item(4, "Notes", "<p>Mine.</p>", status="private"),
        item(5, "Thrown away", "<p>Gone.</p>", status="trash"),
    )

    output = run_import(export)

    states = dict(Article.objects.values_list("headline", "status"))
    assert states == {
        "Live": Status.PUBLISHED,
        "Waiting for the desk": Status.IN_REVIEW,
        "Embargoed": Status.PUBLISHED,
        "Notes": Status.DRAFT,
    }
    assert not Article.objects.get(headline="Embargoed").is_live
    assert AuditEntry.objects.get(article__headline="Waiting for the desk").action == "submit"
    assert "Posts not imported: in WordPress's trash (1): post 5 “Thrown away”" in output


def test_a_section_map_merges_categories_into_the_newsrooms_sections(tmp_path):
    Section.objects.create(name="World", slug="world")
    section_map = tmp_path / "sections.txt"
    section_map.write_text("# WordPress category: section here\nnews-world: world\nfeatured:\n")
    export = write_export(
        tmp_path / "site.xml",
        item(1, "Summit opens", "<p>Talks.</p>", categories=[("featured", "Featured"), ("news-world", "World news")]),
        item(2, "Rates rise", "<p>Money.</p>", categories=[("business", "Business")]),
        item(3, "Rain again", "<p>Wet.</p>", categories=[("uncategorized", "Uncategorized")]),
    )

    run_import(export, "--section-map", str(section_map))

    summit = Article.objects.get(headline="Summit opens")
    assert summit.section.slug == "world"
    assert list(summit.tags.values_list("slug", flat=True)) == ["featured"]
    assert Article.objects.get(headline="Rates rise").section.name == "Business"
    assert Article.objects.get(headline="Rain again").section is None
    assert sorted(Section.objects.values_list("slug", flat=True)) == ["business", "world"]


def test_an_unreadable_section_map_stops_before_anything_is_written(tmp_path):
    section_map = tmp_path / "sections.txt"
    section_map.write_text("news-world world\n")
    export = write_export(tmp_path / "site.xml", ferry_story())

    with pytest.raises(Exception, match="line 1: write “category-slug: section-slug”"):
        run_import(export, "--section-map", str(section_map))
    assert not Article.objects.exists()


def test_co_authors_are_bylined_in_their_order_without_accounts(tmp_path):
    guest = item(
        90,
        "Sam Guest",
        post_type="guest-author",
        status="publish",
        slug="cap-sam-guest",
        meta={"cap-user_login": "sam-guest", "cap-display_name": "Sam Guest", "cap-user_email": "sam@example.org"},
    )
    export = write_export(
        tmp_path / "site.xml",
        guest,
        item(1, "Two bylines", "<p>Together.</p>", creator="ada", co_authors=["sam-guest", "ada"]),
        authors=[("ada", "Ada Reporter")],
    )

    run_import(export)

    story = Article.objects.get()
    assert [(byline.author.name, byline.order) for byline in story.bylines.all()] == [
        ("Sam Guest", 0),
        ("Ada Reporter", 1),
    ]
    assert Author.objects.get(name="Sam Guest").email == "sam@example.org"
    assert not Author.objects.filter(user__isnull=False).exists()
    assert Byline.objects.count() == 2


def test_pictures_keep_alt_text_and_a_credit_from_the_caption(tmp_path):
    uploads = tmp_path / "wp-uploads"
    place_in_uploads(uploads, PICTURE_URL, drawn_picture())
    place_in_uploads(uploads, "https://news.example/wp-content/uploads/2019/04/pier.png", drawn_picture("PNG"))
    picture = harbour_picture(
        excerpt="Boats wait for the tide (Photo: Jane Doe/Harbour Gazette)",
        meta={"_wp_attachment_image_alt": "Fishing boats moored at low tide"},
    )
    pier = item(
        502,
        "The old pier",
        "The pier before its repair. Credit: Harbour Authority",
        post_type="attachment",
        status="inherit",
        attachment_url="https://news.example/wp-content/uploads/2019/04/pier.png",
    )
    body = (
        '[caption id="attachment_501" width="300"]<img class="wp-image-501" '
        'src="https://news.example/wp-content/uploads/2019/04/harbour-300x200.jpg" alt="Boats"> Low tide[/caption]'
    )
    export = write_export(tmp_path / "site.xml", picture, pier, ferry_story(body, meta={"_thumbnail_id": "501"}))

    run_import(export, "--uploads", str(uploads))

    image = Image.objects.get(title="Harbour at dawn")
    assert image.alt_text == "Fishing boats moored at low tide"
    assert (image.caption, image.credit) == ("Boats wait for the tide", "Jane Doe/Harbour Gazette")
    # No alt text in WordPress: the title stands in; the description's credit line gives the credit.
    assert Image.objects.filter(title="The old pier", alt_text="The old pier", credit="Harbour Authority").exists()
    story = Article.objects.get()
    assert story.hero_image == image
    assert story.body == (
        f'<figure><img src="{image.file.url}" alt="Boats" data-file="{image.pk}">'
        "<figcaption>Low tide</figcaption></figure>"
    )


def test_a_picture_added_to_the_uploads_later_joins_its_story_on_the_next_run(tmp_path):
    uploads = tmp_path / "wp-uploads"
    uploads.mkdir()
    body = f'<p>Dawn.</p><p><img src="{PICTURE_URL}" alt="The harbour"></p>'
    export = write_export(tmp_path / "site.xml", harbour_picture(), ferry_story(body))

    output = run_import(export, "--uploads", str(uploads))

    assert "Picture files not found (stories import without them) (1): attachment 501" in output
    assert "Body pictures not in the library (left out) (1)" in output
    assert Article.objects.get().body == "<p>Dawn.</p>"

    place_in_uploads(uploads, PICTURE_URL, drawn_picture())
    output = run_import(export, "--uploads", str(uploads))

    assert "Pictures: 1 created." in output
    assert "Stories: 1 updated." in output
    image = Image.objects.get()
    assert Article.objects.get().body == (
        f'<p>Dawn.</p><figure><img src="{image.file.url}" alt="The harbour" data-file="{image.pk}"></figure>'
    )
    assert "Stories: 1 unchanged." in run_import(export, "--uploads", str(uploads))


@pytest.mark.django_db(transaction=True)
def test_an_import_cut_short_leaves_no_half_story_and_the_next_run_resumes(tmp_path, monkeypatch):
    export = write_export(
        tmp_path / "site.xml",
        item(1, "First", "<p>One.</p>"),
        item(2, "Second", "<p>Two.</p>"),
        item(3, "Third", "<p>Three.</p>"),
    )
    publish = workflow.publish

    def interrupted_on_the_second(article, *args, **kwargs):
        if article.headline == "Second":
            raise KeyboardInterrupt
        return publish(article, *args, **kwargs)

    monkeypatch.setattr(workflow, "publish", interrupted_on_the_second)
    with pytest.raises(KeyboardInterrupt):
        run_import(export)

    # Whatever was imported is whole; the story cut short left nothing.
    done = Article.objects.all()
    assert "Second" not in {story.headline for story in done}
    assert all(story.status == Status.PUBLISHED and story.bylines.exists() for story in done)
    assert WordPressOrigin.objects.filter(kind="post").count() == done.count() >= 1

    monkeypatch.setattr(workflow, "publish", publish)
    output = run_import(export)

    assert f"Stories: {3 - done.count()} created, {done.count()} unchanged." in output
    assert set(Article.objects.values_list("headline", flat=True)) == {"First", "Second", "Third"}
    assert not Article.objects.exclude(status=Status.PUBLISHED).exists()


@pytest.mark.django_db(transaction=True)
@pytest.mark.postgres(reason="several processes import side by side, each with its own connection")
def test_workers_side_by_side_import_what_one_process_would(tmp_path):
    uploads = tmp_path / "wp-uploads"
    posts = []
    for number in range(1, 13):
        url = f"https://news.example/wp-content/uploads/2019/04/photo-{number}.jpg"
        place_in_uploads(uploads, url, drawn_picture(seed=number))
        posts.append(
            item(100 + number, f"Photo {number}", post_type="attachment", status="inherit", attachment_url=url)
        )
        posts.append(
            item(
                number,
                f"Story {number}",
                f'<p>Words.</p><p><img src="{url}" alt=""></p>',
                categories=[("local", "Local")],
                tags=[("harbour", "Harbour"), (f"topic-{number % 3}", f"Topic {number % 3}")],
                meta={"_thumbnail_id": str(100 + number)},
            )
        )
    export = write_export(tmp_path / "site.xml", *posts)

    output = run_import(export, "--uploads", str(uploads), "--workers", "2")

    assert "Stories: 12 created." in output
    assert "Pictures: 12 created." in output
    assert "Tags: 4 created." in output
    assert Tag.objects.count() == 4 and Section.objects.count() == 1 and Author.objects.count() == 1
    for story in Article.objects.select_related("hero_image"):
        assert story.status == Status.PUBLISHED
        assert story.hero_image.title == f"Photo {story.headline.split()[-1]}"
        assert story.body_images.get() == story.hero_image
    assert Image.objects.filter(renditions__isnull=False).distinct().count() == 12
    assert "Stories: 12 unchanged." in run_import(export, "--uploads", str(uploads), "--workers", "2")


def test_several_workers_need_postgresql_and_a_transaction_each(tmp_path):
    export = write_export(tmp_path / "site.xml", ferry_story())
    refusal = "Several --workers need PostgreSQL and a transaction each"
    with pytest.raises(CommandError, match=refusal):
        run_import(export, "--dry-run", "--workers", "2")
    # Here, SQLite, or the test's own transaction on PostgreSQL.
    with pytest.raises(CommandError, match=refusal):
        run_import(export, "--workers", "2")
    assert not Article.objects.exists()


def test_the_import_acts_as_an_editor(tmp_path, desk, writer):
    export = write_export(tmp_path / "site.xml", ferry_story())
    with pytest.raises(CommandError, match="“writer” is not an editor here"):
        run_import(export, "--as-user", "writer")

    run_import(export, "--as-user", "edie")

    assert AuditEntry.objects.get().actor == desk
    assert not get_user_model().objects.filter(username="wordpress-import").exists()
