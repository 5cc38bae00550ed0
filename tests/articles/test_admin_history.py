"""
A story's history on the desk: revisions, workflow steps and desk notes in one timeline, and any two
revisions compared field by field, bylines, tags, section and hero included.
"""

import datetime
import html
import re

import pytest
from django.contrib.auth.models import AnonymousUser
from django.utils import timezone

from articles.models import AuditEntry, Byline, Status
from tests.articles.story_form import change_url, inline_rows, story_form
from tests.clients import client_for
from tests.factories import (
    ArticleFactory,
    AuthorFactory,
    ImageFactory,
    SectionFactory,
    TagFactory,
    UserFactory,
    journalist,
)

pytestmark = pytest.mark.django_db


def history_url(story):
    return f"/admin/articles/article/{story.pk}/history/"


def compare_url(story):
    return f"/admin/articles/article/{story.pk}/compare/"


@pytest.fixture
def people():
    return {
        "alice": AuthorFactory(name="Alice Ames"),
        "bob": AuthorFactory(name="Bob Blum"),
        "carol": AuthorFactory(name="Carol Chen"),
    }


def save(client, story, **fields):
    """Save the story through its form as the desk does; the story as it now stands."""
    story.refresh_from_db()
    response = client.post(change_url(story), story_form(story, **fields))
    assert response.status_code == 302, response.content.decode()[:3000]
    story.refresh_from_db()
    return story


def with_bylines(story, rows):
    """The byline rows of the story form, as (byline or None, author, role) in reading order."""
    existing = story.bylines.count()
    posted = []
    for order, (byline, author, role) in enumerate(rows):
        row = {"article": story.pk, "order": order, "author": author.pk, "role": role}
        posted.append({"id": byline.pk, **row} if byline else row)
    removed = [b for b in story.bylines.all() if b.pk not in {row.get("id") for row in posted}]
    posted += [
        {"id": b.pk, "article": story.pk, "order": b.order, "author": b.author_id, "role": b.role, "DELETE": "on"}
        for b in removed
    ]
    # Kept and removed rows are the story's existing bylines; new ones come after them.
    posted.sort(key=lambda row: "id" not in row)
    return inline_rows("bylines", posted, initial=existing)


def revision_ids(client, story):
    """The revisions the story page lists, newest first, by the "To" radio each one has."""
    return re.findall(r'name="to" value="(\d+)"', client.get(history_url(story)).content.decode())


def comparison(client, story, older, newer):
    response = client.get(compare_url(story), {"from": older, "to": newer})
    assert response.status_code == 200
    page = response.content.decode()
    return dict(re.findall(r"<dt>(.*?)</dt><dd>(.*?)</dd>", page, flags=re.S)), page


def text_of(fragment):
    """What a reader sees of a diff, with struck words as -[…] and underlined ones as +[…]."""
    fragment = re.sub(r"<del>(.*?)</del>", r"-[\1]", fragment)
    fragment = re.sub(r"<ins>(.*?)</ins>", r"+[\1]", fragment)
    fragment = re.sub(r"</li>", "; ", fragment)
    return html.unescape(re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", fragment))).strip()


# Bylines -----------------------------------------------------------------------------------------


def test_an_author_swapped_on_a_byline_shows_in_the_comparison(desk, people):
    story = ArticleFactory(authors=[people["alice"], people["bob"]])
    client = client_for(desk)
    alice, bob = story.bylines.order_by("order")
    save(client, story, **with_bylines(story, [(None, people["carol"], ""), (bob, people["bob"], "")]))
    newer, older = revision_ids(client, story)[:2]
    changes, _ = comparison(client, story, older, newer)
    assert text_of(changes["Bylines"]) == "Before -[By Alice Ames]; By Bob Blum; After +[By Carol Chen]; By Bob Blum;"
    assert set(changes) == {"Bylines"}


def test_a_role_changed_on_a_byline_shows_in_the_comparison(desk, people):
    story = ArticleFactory(authors=[people["alice"], people["bob"]])
    client = client_for(desk)
    alice, bob = story.bylines.order_by("order")
    save(
        client,
        story,
        **with_bylines(story, [(alice, people["alice"], ""), (bob, people["bob"], "Additional reporting by")]),
    )
    newer, older = revision_ids(client, story)[:2]
    changes, _ = comparison(client, story, older, newer)
    assert text_of(changes["Bylines"]) == (
        "Before By Alice Ames; -[By Bob Blum]; After By Alice Ames; +[Additional reporting by Bob Blum];"
    )


def test_bylines_put_in_another_order_show_in_the_comparison(desk, people):
    story = ArticleFactory(authors=[people["alice"], people["bob"]])
    client = client_for(desk)
    alice, bob = story.bylines.order_by("order")
    save(client, story, **with_bylines(story, [(bob, people["bob"], ""), (alice, people["alice"], "")]))
    assert [b.author.name for b in Byline.objects.filter(article=story).order_by("order", "id")] == [
        "Bob Blum",
        "Alice Ames",
    ]
    newer, older = revision_ids(client, story)[:2]
    changes, _ = comparison(client, story, older, newer)
    assert text_of(changes["Bylines"]) == (
        "Before -[By Alice Ames]; -[By Bob Blum]; After +[By Bob Blum]; +[By Alice Ames];"
    )
    # Compared the other way round, the same change reads backwards.
    changes, _ = comparison(client, story, newer, older)
    assert text_of(changes["Bylines"]) == (
        "Before -[By Bob Blum]; -[By Alice Ames]; After +[By Alice Ames]; +[By Bob Blum];"
    )


# Tags, section, hero and the other fields ------------------------------------------------------------


def test_tags_section_hero_and_text_fields_show_in_the_comparison(desk):
    mars, moon, venus = TagFactory(name="Mars"), TagFactory(name="Moon"), TagFactory(name="Venus")
    news, science = SectionFactory(name="News"), SectionFactory(name="Science")
    old_picture, new_picture = ImageFactory(title="Launch pad at dawn"), ImageFactory(title="Rover on a ridge")
    story = ArticleFactory(section=news, tags=[mars, moon], hero_image=old_picture, hero_credit="NASA")
    client = client_for(desk)
    save(
        client,
        story,
        section=science.pk,
        tags=[mars.pk, venus.pk],
        hero_image=new_picture.pk,
        hero_caption="The rover on the crater's rim.",
        hero_credit="JPL",
        dek="A new standfirst.",
        seo_title="Rover reaches the rim",
        editorial_note="Check the crater's name with the lab.",
        featured="on",
    )
    newer, older = revision_ids(client, story)[:2]
    changes, _ = comparison(client, story, older, newer)
    assert text_of(changes["Section"]) == "-[News] → +[Science]"
    assert text_of(changes["Tags"]) == "Mars, -[Moon], +[Venus]"
    assert text_of(changes["Hero picture"]) == "-[Launch pad at dawn] → +[Rover on a ridge]"
    assert text_of(changes["Hero caption"]) == "+[The rover on the crater's rim.]"
    assert text_of(changes["Hero credit"]) == "-[NASA] +[JPL]"
    assert text_of(changes["Dek"]) == "A -[short] +[new] standfirst."
    assert text_of(changes["SEO title"]) == "+[Rover reaches the rim]"
    assert text_of(changes["Internal note"]) == "+[Check the crater's name with the lab.]"
    assert text_of(changes["Lead story"]) == "-[no] → +[yes]"
    # In the form's order, and nothing that did not change.
    assert list(changes) == [
        "Dek",
        "Section",
        "Tags",
        "Hero picture",
        "Hero caption",
        "Hero credit",
        "SEO title",
        "Lead story",
        "Internal note",
    ]


def test_any_two_revisions_compare_not_only_neighbours(desk):
    story = ArticleFactory(headline="Comet seen", body="<p>One.</p><p>Two.</p>")
    client = client_for(desk)
    save(client, story, headline="Comet seen again")
    save(client, story, headline="Comet outburst", body="<p>One.</p><p>Two and three.</p>")
    save(client, story, headline="Comet outburst seen worldwide")
    newest, third, second, first = revision_ids(client, story)
    changes, page = comparison(client, story, first, third)
    assert text_of(changes["Headline"]) == "Comet -[seen] +[outburst]"
    assert "again" not in changes["Headline"]
    # The body is compared paragraph by paragraph, word by word.
    assert text_of(changes["Body"]) == "One. -[Two.] +[Two and three.]"
    # The pickers show the two revisions compared.
    assert re.search(rf'<option value="{first}" selected>', page)
    assert re.search(rf'<option value="{third}" selected>', page)
    # The same revision twice compares to nothing.
    _, same = comparison(client, story, second, second)
    assert "That is the same revision twice" in same


def test_the_timeline_picks_two_revisions_with_a_form_that_needs_no_script(desk):
    story = ArticleFactory()
    client = client_for(desk)
    save(client, story, headline="First rewrite")
    save(client, story, headline="Second rewrite")
    page = client.get(change_url(story)).content.decode()
    form = re.search(r'<form id="compare-revisions" method="get" action="([^"]+)">', page)
    assert form.group(1) == compare_url(story)
    newest, middle, oldest = re.findall(r'name="to" value="(\d+)"', page)
    # The newest two are picked until the user picks others.
    assert re.search(rf'form="compare-revisions" name="to" value="{newest}" id="[^"]+" checked', page)
    assert re.search(rf'form="compare-revisions" name="from" value="{middle}" id="[^"]+" checked', page)
    assert 'type="submit" form="compare-revisions"' in page
    # Every radio carries a label for those who cannot see the columns.
    assert len(re.findall(r'<label class="visually-hidden" for="compare-(from|to)-\d+">', page)) == 6


# One timeline ----------------------------------------------------------------------------------------


def timeline(page):
    """The timeline's rows as text: "kind: what it says", newest first."""
    rows = re.findall(r'<tr class="history-(\w+)">(.*?)</tr>', page, flags=re.S)
    return [f"{kind}: {text_of(re.findall(r'<td>(.*?)</td>', row, flags=re.S)[2])}" for kind, row in rows]


def test_the_timeline_holds_revisions_steps_and_notes_in_time_order(desk):
    writer = journalist(username="wren", first_name="Wren", last_name="Writer")
    story = ArticleFactory(
        headline="Rover finds clay",
        status=Status.DRAFT,
        published_at=None,
        created_by=writer,
        authors=[AuthorFactory(user=writer)],
    )
    mine, editors = client_for(writer), client_for(desk)
    save(mine, story, headline="Rover finds clay and water")
    assert mine.post(f"/admin/articles/article/{story.pk}/transition/submit/").status_code == 302
    editors.post(f"/admin/articles/article/{story.pk}/notes/", {"text": "Who ran the analysis?"})
    editors.post(f"/admin/articles/article/{story.pk}/transition/send_back/", {"note": "Name the lab <b>please</b>."})
    save(mine, story, headline="Rover finds clay and water, JPL says")

    page = mine.get(change_url(story)).content.decode()
    assert timeline(page) == [
        "revision: Revision Changed Headline.",
        "step: Workflow step Sent back: In review → Draft Name the lab <b>please</b>.",
        "step: Workflow step Submitted: Draft → In review",
        "revision: Revision Changed Headline.",
        "revision: Revision As it stood before its first edit in the newsroom",
    ]
    assert "Name the lab &lt;b&gt;please&lt;/b&gt;." in page
    # The story page's separate lists are gone: one history.
    assert "Audit trail" not in page and ">Revisions</h2>" not in page

    # The admin's "History" button leads to the whole timeline, the desk notes in it too.
    assert f'href="{history_url(story)}"' in page
    full = mine.get(history_url(story))
    assert full.status_code == 200
    assert timeline(full.content.decode()) == [
        "revision: Revision Changed Headline.",
        # Sending back keeps the editor's note in the desk's thread too.
        "note: Desk note Send back: Name the lab <b>please</b>.",
        "step: Workflow step Sent back: In review → Draft Name the lab <b>please</b>.",
        "note: Desk note Who ran the analysis?",
        "step: Workflow step Submitted: Draft → In review",
        "revision: Revision Changed Headline.",
        "revision: Revision As it stood before its first edit in the newsroom",
    ]
    times = re.findall(r'<time datetime="([^"]+)"', full.content.decode())
    assert times == sorted(times, reverse=True)


def test_the_story_page_shows_the_newest_events_and_the_history_page_all_of_them(desk):
    story = ArticleFactory()
    client = client_for(desk)
    save(client, story, headline="A first rewrite")
    start = timezone.now() - datetime.timedelta(days=30)
    AuditEntry.objects.bulk_create(
        AuditEntry(
            article=story,
            actor=desk,
            action="reschedule",
            from_status=Status.PUBLISHED,
            to_status=Status.PUBLISHED,
            created_at=start + datetime.timedelta(hours=hour),
        )
        for hour in range(60)
    )
    page = client.get(change_url(story)).content.decode()
    assert len(timeline(page)) == 20
    assert timeline(page)[0] == "revision: Revision Changed Headline."
    assert f'<a href="{history_url(story)}">Full history: all 62 saves and steps, with the desk notes</a>' in page

    first = client.get(history_url(story)).content.decode()
    assert len(timeline(first)) == 50 and "Page 1 of 2 (62 events)" in first
    second = client.get(history_url(story), {"page": "2"}).content.decode()
    assert timeline(first)[:3] == [
        "revision: Revision Changed Headline.",
        "revision: Revision As it stood before its first edit in the newsroom",
        "step: Workflow step Rescheduled: Published → Published",
    ]
    assert len(timeline(second)) == 12
    oldest = re.findall(r'<time datetime="([^"]+)"', second)[-1]
    assert oldest == timezone.localtime(start).isoformat()
    assert client.get(history_url(story), {"page": "3"}).status_code == 404


# Who may look, and what they may send -----------------------------------------------------------------


def test_only_staff_who_may_view_the_story_see_its_history_and_comparisons(desk):
    story = ArticleFactory()
    save(client_for(desk), story, headline="Rewritten")
    for path in (history_url(story), compare_url(story)):
        assert client_for(AnonymousUser()).get(path).status_code == 302
        assert client_for(UserFactory(is_staff=False)).get(path).status_code == 302
        assert client_for(UserFactory(username="no-rights")).get(path).status_code == 403
        # A colleague may read a story they cannot change, and its history.
        assert client_for(journalist()).get(path).status_code == 200
    colleague_page = client_for(journalist(username="colleague")).get(history_url(story)).content.decode()
    assert "/restore/" not in colleague_page
    assert "/restore/" in client_for(desk).get(history_url(story)).content.decode()


HOSTILE = ["abc", "-1", "0", "1.5", "1e400", "²", "0x10", "9" * 30, "1" * 5000, "%00", " 1 ", "1;DROP TABLE"]


@pytest.mark.parametrize("value", HOSTILE)
def test_hostile_revision_and_page_numbers_are_not_found(desk, value):
    story = ArticleFactory()
    client = client_for(desk)
    save(client, story, headline="Rewritten")
    for parameter in ("from", "to"):
        assert client.get(compare_url(story), {parameter: value}).status_code == 404, parameter
    assert client.get(history_url(story), {"page": value}).status_code == 404


def test_a_revision_of_another_story_is_not_found(desk):
    story, other = ArticleFactory(), ArticleFactory()
    client = client_for(desk)
    save(client, story, headline="Rewritten")
    save(client, other, headline="Someone else's rewrite")
    foreign = revision_ids(client, other)[0]
    assert client.get(compare_url(story), {"from": foreign}).status_code == 404
    assert client.get(compare_url(story), {"to": foreign}).status_code == 404
    assert client.get("/admin/articles/article/999999/history/").status_code == 404
    assert client.get("/admin/articles/article/999999/compare/").status_code == 404


def test_a_script_in_a_headline_or_a_role_is_shown_as_text(desk, people):
    story = ArticleFactory(headline="Calm headline", authors=[people["alice"]])
    client = client_for(desk)
    (alice,) = story.bylines.all()
    save(
        client,
        story,
        headline="<script>alert('headline')</script>",
        **with_bylines(story, [(alice, people["alice"], "<script>alert('role')</script>")]),
    )
    for path in (change_url(story), history_url(story)):
        assert "<script>alert(" not in client.get(path).content.decode()
    newer, older = revision_ids(client, story)[:2]
    changes, page = comparison(client, story, older, newer)
    assert "<script>alert(" not in page
    assert "&lt;script&gt;alert(&#x27;headline&#x27;)&lt;/script&gt;" in changes["Headline"]
    assert "<ins>&lt;script&gt;alert(&#x27;role&#x27;)&lt;/script&gt; Alice Ames</ins>" in changes["Bylines"]


def test_a_save_that_sends_the_body_back_with_other_line_endings_does_not_say_the_body_changed(desk):
    story = ArticleFactory(body="<p>One line\nand the next.</p>")
    client = client_for(desk)
    save(client, story, headline="A new headline", body="<p>One line\r\nand the next.</p>")
    assert story.body == "<p>One line\nand the next.</p>"
    assert timeline(client.get(change_url(story)).content.decode())[0] == "revision: Revision Changed Headline."


def test_a_body_that_reads_the_same_is_not_listed_as_changed(desk):
    """The editor rewraps stored markup; what readers read is what the comparison compares."""
    story = ArticleFactory(body="<p>Officials met\nin Washington.</p>\n\n<p>Talks   went on.</p>")
    client = client_for(desk)
    save(client, story, headline="Talks in Washington", body="<p>Officials met in Washington.</p><p>Talks went on.</p>")
    save(client, story, body="<p>Officials met in Washington.</p><p>Talks went on for two days.</p>")
    assert timeline(client.get(change_url(story)).content.decode())[1] == "revision: Revision Changed Headline."
    newest, middle, first = revision_ids(client, story)
    changes, _ = comparison(client, story, first, middle)
    assert "Headline" in changes and "Body" not in changes
    changes, _ = comparison(client, story, first, newest)
    assert text_of(changes["Body"]) == "Officials met in Washington. Talks went -[on.] +[on for two days.]"
