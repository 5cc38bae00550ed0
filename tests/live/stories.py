"""Live stories for the tests: a published story covered live, its writer on the byline, and updates posted."""

from articles import live
from articles.models import Status
from tests.factories import ArticleFactory, AuthorFactory


def live_story(editor, writer=None, *, status=Status.PUBLISHED, **fields):
    """A story with ``writer`` (a journalist) on its byline, switched to live coverage by ``editor``."""
    author = AuthorFactory(name="Wren Writer", user=writer) if writer is not None else AuthorFactory(name="Kit Staff")
    extra = {} if status == Status.PUBLISHED else {"published_at": None}
    story = ArticleFactory(status=status, authors=[author], **extra, **fields)
    live.start_coverage(story, editor)
    story.refresh_from_db()
    return story


def post(story, user, text="The engines are lit.", **fields):
    """An update posted on ``story`` by ``user``, signed by the story's first author."""
    authors = fields.pop("authors", None) or [story.bylines.first().author]
    return live.post_entry(story, user, body=f"<p>{text}</p>", authors=authors, **fields)
