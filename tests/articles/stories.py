"""Stories built for the page tests: a figure as the editor writes it in a body; a story with all a page shows."""

from articles.models import Correction
from tests.factories import ArticleFactory, AuthorFactory, ImageFactory, SectionFactory, TagFactory


def figure_body(image_id, alt="", caption="A caption the editor wrote."):
    """A library figure in a story's body, as the editor's figure button writes it."""
    image = f'<img src="/uploads/x.jpg" alt="{alt}" data-file="{image_id}">'
    return f"<figure>{image}<figcaption>{caption}</figcaption></figure>"


def busy_story(bylines, tags, figures):
    """A live story with ``bylines`` authors (headshots, links), ``tags``, ``figures``, a fix and related stories."""
    images = [ImageFactory() for _ in range(figures)]
    body = "".join(f"<p>Paragraph {n}.</p>{figure_body(image.pk)}" for n, image in enumerate(images))
    section = SectionFactory(slug="busy")
    authors = [AuthorFactory(headshot=ImageFactory()) for _ in range(bylines)]
    story = ArticleFactory(
        section=section, hero_image=ImageFactory(), body=body, authors=authors, tags=[TagFactory() for _ in range(tags)]
    )
    for author in authors:
        author.links.create(label="Website", url="https://example.org/")
    Correction.objects.create(article=story, text="A fix.")
    for _ in range(3):
        ArticleFactory(section=section, hero_image=ImageFactory(), authors=authors[:2])
    return story
