"""A story with everything the API shows of one, and the API's addresses, for the API's tests."""

import datetime

from django.utils import timezone

from articles.models import Correction
from tests.articles.stories import figure_body
from tests.factories import ArticleFactory, AuthorFactory, ImageFactory, SectionFactory, TagFactory

API = "/api/v1"


def full_story(make_renditions):
    """
    A live story with two bylines (one with a role), three tags, a hero whose caption and credit the story
    overrides, a figure in the body, a correction due and one still to come; renditions made.
    """
    hero = ImageFactory(caption="Library caption", credit="Library credit", licence="All rights reserved.")
    figure = ImageFactory(alt_text="A figure", credit="Figure Agency")
    make_renditions(hero, figure)
    lead = AuthorFactory(name="Ada Writer", slug="ada-writer", title="Space Insider Columnist")
    helper = AuthorFactory(name="Ben Helper", slug="ben-helper")
    story = ArticleFactory(
        headline="Orbiters meet at the station",
        dek="Two crews shake hands.",
        slug="orbiters-meet",
        section=SectionFactory(slug="exploration", name="Exploration"),
        tags=[
            TagFactory(slug="iss", name="ISS"),
            TagFactory(slug="crews", name="Crews"),
            TagFactory(slug="nasa", name="NASA"),
        ],
        authors=[lead, helper],
        hero_image=hero,
        hero_caption="The story's own caption",
        hero_credit="The story's own credit",
        body=f"<p>The hatch opened at dawn.</p>{figure_body(figure.pk, caption='Inside the module.')}",
        published_at=timezone.now() - datetime.timedelta(hours=2),
    )
    story.bylines.filter(author=helper).update(role="Additional reporting by")
    Correction.objects.create(article=story, text="The hatch opened at dawn, not dusk.", kind="correction")
    Correction.objects.create(
        article=story, text="A later update.", kind="update", published_at=timezone.now() + datetime.timedelta(hours=1)
    )
    return story
