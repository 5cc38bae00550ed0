"""
The admin's home page is each role's desk: a journalist's own stories by where they stand, an
editor's queue (review oldest first, the week's schedule, recent stories, what waits on writers).
"""

import datetime
import html as html_lib
import re

import pytest
from django.utils import timezone

from articles import workflow
from articles.models import AuditEntry, Status
from tests.clients import client_for
from tests.factories import ArticleFactory, AuthorFactory, UserFactory, editor, journalist

pytestmark = pytest.mark.django_db

DESK = "/admin/"
NOTE = "Source the landing date & cut the press-release quote."


def desk_html(user):
    response = client_for(user).get(DESK)
    assert response.status_code == 200
    return response.content.decode()


def group(html, key):
    """The HTML of one group on the desk, or None when the page has no such group."""
    match = re.search(rf'<section class="desk-group[^"]*" id="desk-{key}".*?</section>', html, re.S)
    return match[0] if match else None


def headlines(html, key):
    """The headlines a group lists, in order."""
    section = group(html, key)
    assert section is not None, f"no group {key!r} on the desk"
    return [html_lib.unescape(text) for text in re.findall(r'class="desk-headline" href="[^"]+">([^<]+)</a>', section)]


def text_of(fragment):
    return " ".join(html_lib.unescape(re.sub(r"<[^>]+>", " ", fragment)).split())


@pytest.fixture
def newsroom():
    writer = journalist(username="wren", first_name="Wren", last_name="Harlow")
    colleague = journalist(username="tomas", first_name="Tomas", last_name="Okafor")
    desk = editor(username="edie", first_name="Edie", last_name="Marsh")
    return {
        "writer": writer,
        "writer_author": AuthorFactory(user=writer, name="Wren Harlow"),
        "colleague": colleague,
        "colleague_author": AuthorFactory(user=colleague, name="Tomas Okafor"),
        "editor": desk,
    }


def story_in(state, who, author, editor_user, label):
    """A story by ``who`` in one of the desk's states, reached through the workflow where it has steps."""
    now = timezone.now()
    story = ArticleFactory(
        headline=f"{label} {state}", status=Status.DRAFT, published_at=None, created_by=who, authors=[author]
    )
    if state == "draft":
        return story
    workflow.submit(story, who, notify=False)
    if state == "sent_back":
        workflow.send_back(story, editor_user, NOTE, notify=False)
    elif state == "approved":
        workflow.approve(story, editor_user, notify=False)
    elif state == "scheduled":
        workflow.publish(story, editor_user, at=now + datetime.timedelta(days=2), notify=False)
    elif state == "far_scheduled":
        workflow.publish(story, editor_user, at=now + datetime.timedelta(days=10), notify=False)
    elif state == "published":
        workflow.publish(story, editor_user, at=now - datetime.timedelta(days=1), notify=False)
    elif state == "old_published":
        workflow.publish(story, editor_user, at=now - datetime.timedelta(days=30), notify=False)
    elif state == "unpublished":
        workflow.publish(story, editor_user, notify=False)
        workflow.unpublish(story, editor_user, notify=False)
    return story


STATES = [
    "draft",
    "sent_back",
    "in_review",
    "approved",
    "scheduled",
    "far_scheduled",
    "published",
    "old_published",
    "unpublished",
]


@pytest.fixture
def matrix(newsroom):
    """Every state twice: the writer's own story ("Mine …") and a colleague's ("Theirs …")."""
    for state in STATES:
        story_in(state, newsroom["writer"], newsroom["writer_author"], newsroom["editor"], "Mine")
        story_in(state, newsroom["colleague"], newsroom["colleague_author"], newsroom["editor"], "Theirs")
    return newsroom


# The journalist's desk ---------------------------------------------------------------------------

JOURNALIST_GROUPS = {
    "drafts": ["Mine draft"],
    "sent_back": ["Mine sent_back"],
    "in_review": ["Mine in_review", "Mine approved"],
    "scheduled": ["Mine scheduled", "Mine far_scheduled"],
    "published": ["Mine published"],
}


@pytest.mark.parametrize(("key", "expected"), JOURNALIST_GROUPS.items())
def test_a_journalist_sees_only_their_own_stories_in_each_group(matrix, key, expected):
    assert headlines(desk_html(matrix["writer"]), key) == expected


def test_a_journalists_desk_leaves_out_old_and_unpublished_stories_and_the_editors_queue(matrix):
    html = desk_html(matrix["writer"])
    assert "<h1>My stories</h1>" in html
    assert "Mine old_published" not in html
    assert "Mine unpublished" not in html
    assert "Theirs" not in html
    assert group(html, "needs_review") is None


def test_a_story_someone_else_started_with_the_journalists_byline_is_on_their_desk(newsroom):
    ArticleFactory(
        headline="Started by the desk",
        status=Status.DRAFT,
        published_at=None,
        created_by=newsroom["editor"],
        authors=[newsroom["colleague_author"], newsroom["writer_author"]],
    )
    assert headlines(desk_html(newsroom["writer"]), "drafts") == ["Started by the desk"]
    assert headlines(desk_html(newsroom["colleague"]), "drafts") == ["Started by the desk"]


def test_a_sent_back_story_shows_the_editors_note_who_and_when_to_its_writer(matrix):
    story = next(s for s in [*AuditEntry.objects.filter(action="send_back")] if "Mine" in s.article.headline)
    sent_back = text_of(group(desk_html(matrix["writer"]), "sent_back"))
    local = timezone.localtime(story.created_at)
    assert f"Sent back by Edie Marsh, {local:%a} {local.day} {local:%b, %H:%M}" in sent_back
    assert NOTE in sent_back


def test_a_resubmitted_story_leaves_sent_back_for_in_review(newsroom):
    story = story_in("sent_back", newsroom["writer"], newsroom["writer_author"], newsroom["editor"], "Mine")
    workflow.submit(story, newsroom["writer"], notify=False)
    html = desk_html(newsroom["writer"])
    assert headlines(html, "in_review") == ["Mine sent_back"]
    assert group(html, "sent_back").count("desk-story") == 0
    assert NOTE not in html


def test_empty_groups_say_so(newsroom):
    html = desk_html(newsroom["writer"])
    for key, words in [
        ("drafts", "No drafts."),
        ("sent_back", "Nothing sent back."),
        ("in_review", "Nothing with the desk."),
        ("scheduled", "Nothing scheduled."),
        ("published", "Nothing published in the past 14 days."),
    ]:
        assert words in group(html, key)


# The editor's desk -------------------------------------------------------------------------------

EDITOR_GROUPS = {
    "needs_review": ["Mine in_review", "Theirs in_review"],
    "approved": ["Mine approved", "Theirs approved"],
    "scheduled": ["Mine scheduled", "Theirs scheduled"],
    "published": ["Theirs published", "Mine published"],  # newest first
    "sent_back": ["Mine sent_back", "Theirs sent_back"],
}


@pytest.mark.parametrize(("key", "expected"), EDITOR_GROUPS.items())
def test_an_editor_sees_every_writers_stories_waiting_on_the_desk(matrix, key, expected):
    assert headlines(desk_html(matrix["editor"]), key) == expected


def test_an_editors_desk_leaves_out_drafts_far_schedules_old_and_unpublished_stories(matrix):
    html = desk_html(matrix["editor"])
    assert "<h1>The desk</h1>" in html
    for state in ["draft", "far_scheduled", "old_published", "unpublished"]:
        assert f"Mine {state}<" not in html
        assert f"Theirs {state}<" not in html
    assert group(html, "drafts") is None


def test_needs_review_is_oldest_submission_first_with_who_submitted_it_and_when(newsroom):
    stories = {}
    for label, who, hours_ago in [
        ("Submitted an hour ago", "writer", 1),
        ("Submitted three days ago", "colleague", 72),
        ("Submitted yesterday", "writer", 24),
    ]:
        author = newsroom[f"{who}_author"]
        stories[label] = ArticleFactory(
            headline=label, status=Status.DRAFT, published_at=None, created_by=newsroom[who], authors=[author]
        )
        workflow.submit(stories[label], newsroom[who], notify=False)
        AuditEntry.objects.filter(article=stories[label]).update(
            created_at=timezone.now() - datetime.timedelta(hours=hours_ago)
        )
    # Sent back long ago and resubmitted just now: it waits from its latest submission.
    resubmitted = stories["Submitted three days ago"]
    workflow.send_back(resubmitted, newsroom["editor"], "Shorter, please.", notify=False)
    AuditEntry.objects.filter(article=resubmitted, action="send_back").update(
        created_at=timezone.now() - datetime.timedelta(hours=48)
    )
    workflow.submit(resubmitted, newsroom["colleague"], notify=False)

    html = desk_html(newsroom["editor"])
    assert headlines(html, "needs_review") == [
        "Submitted yesterday",
        "Submitted an hour ago",
        "Submitted three days ago",
    ]
    section = text_of(group(html, "needs_review"))
    submitted = timezone.localtime(AuditEntry.objects.get(article=stories["Submitted yesterday"]).created_at)
    assert f"Submitted by Wren Harlow, {submitted:%a} {submitted.day} {submitted:%b, %H:%M}" in section
    assert "Submitted by Tomas Okafor" in section


def test_an_editor_sees_the_note_a_story_waits_on_and_whose_it_is(matrix):
    section = text_of(group(desk_html(matrix["editor"]), "sent_back"))
    assert section.count(NOTE) == 2
    assert "Sent back by Edie Marsh" in section
    assert "by Wren Harlow" in section and "by Tomas Okafor" in section


def test_scheduled_stories_show_their_time_in_the_newsrooms_zone(matrix):
    story = AuditEntry.objects.get(action="publish", article__headline="Mine scheduled").article
    local = timezone.localtime(story.published_at)
    for who in ["writer", "editor"]:
        section = text_of(group(desk_html(matrix[who]), "scheduled"))
        assert f"Scheduled for {local:%a} {local.day} {local:%b, %H:%M}" in section


# Links, actions, the rest of the admin -------------------------------------------------------------


@pytest.mark.parametrize("who", ["writer", "editor"])
def test_every_story_on_the_desk_is_one_click_from_its_page(matrix, who):
    html = desk_html(matrix[who])
    links = re.findall(r'class="desk-headline" href="([^"]+)"', html)
    assert len(links) == len(set(links)) >= 7
    client = client_for(matrix[who])
    for link in links:
        assert re.fullmatch(r"/admin/articles/article/\d+/change/", link)
        assert client.get(link).status_code == 200


def test_the_desk_starts_with_its_actions_and_keeps_the_rest_of_the_admin(newsroom):
    writer_html = desk_html(newsroom["writer"])
    editor_html = desk_html(newsroom["editor"])
    for html in [writer_html, editor_html]:
        actions = html.index('href="/admin/articles/article/add/">Write a story</a>')
        assert 'href="/admin/media/image/add/">Upload a picture</a>' in html
        assert actions < html.index('id="desk-')
        assert 'href="/admin/media/image/"' in html and 'href="/admin/authors/author/"' in html
    assert 'href="/admin/articles/article/calendar/"' in editor_html
    assert "/calendar/" not in writer_html


def test_staff_without_stories_keep_the_app_list(db):
    html = desk_html(UserFactory(username="clerk"))
    assert 'id="desk-' not in html
    assert "Write a story" not in html


def test_a_group_shows_twenty_stories_and_links_to_the_story_list_for_more(newsroom):
    for number in range(22):
        story = ArticleFactory(
            headline=f"Queued {number:02d}",
            status=Status.DRAFT,
            published_at=None,
            created_by=newsroom["writer"],
            authors=[newsroom["writer_author"]],
        )
        workflow.submit(story, newsroom["writer"], notify=False)
    html = desk_html(newsroom["editor"])
    assert headlines(html, "needs_review") == [f"Queued {number:02d}" for number in range(20)]
    more = re.search(r'<p class="desk-more"><a href="([^"]+)">More in the story list</a>', group(html, "needs_review"))
    assert more is not None
    listing = client_for(newsroom["editor"]).get(html_lib.unescape(more[1]))
    assert listing.status_code == 200
    assert "Queued 21" in listing.content.decode()
    assert 'class="desk-more"' not in group(html, "scheduled")


# The desk's cost ---------------------------------------------------------------------------------


def fill_every_group(newsroom, copies):
    for number in range(copies):
        for state in STATES:
            story_in(state, newsroom["writer"], newsroom["writer_author"], newsroom["editor"], f"Copy {number}")


# The admin's own five (session, user, second step, permissions), then two per group (its stories, their
# bylines) for five groups, and one for the names of who submitted and who sent back.
DESK_QUERIES = 5 + 2 * 5 + 1


@pytest.mark.parametrize("who", ["writer", "editor"])
@pytest.mark.parametrize("copies", [1, 25])
def test_the_desk_costs_the_same_few_queries_however_many_stories(newsroom, who, copies, django_assert_max_num_queries):
    fill_every_group(newsroom, copies)
    client = client_for(newsroom[who])
    with django_assert_max_num_queries(DESK_QUERIES):
        assert client.get(DESK).status_code == 200
