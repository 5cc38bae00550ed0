"""
What each endpoint answers, for the OpenAPI schema and for checking answers against it.

Plain pydantic models: the endpoints hand them dicts, which pydantic's compiled validators check and
write out as they are; ninja's ``Schema`` would read each value through an attribute wrapper meant for
model instances, which costs more than the rest of a list of fifty.
"""

import datetime

from pydantic import BaseModel as Schema
from pydantic import Field


class Rendition(Schema):
    url: str
    ratio: str = Field(description="16x9, 3x2, 1x1, or free (the picture uncropped).")
    format: str = Field(description="jpeg or webp.")
    content_type: str
    width: int
    height: int


class PictureSummary(Schema):
    id: int
    api_url: str
    alt_text: str
    renditions: list[Rendition] = Field(description="In the shape lists show pictures in (3x2).")


class Picture(Schema):
    id: int
    api_url: str
    alt_text: str
    caption: str
    credit: str
    source: str = Field(description="The agency or source the picture came from.")
    licence: str = Field(description="The licence or rights note.")
    usage_expires_on: datetime.date | None = Field(description="The last day the picture may be shown.")
    width: int
    height: int
    renditions: list[Rendition] = Field(description="Every stored rendition, narrowest first in each shape.")


class Person(Schema):
    id: int
    name: str
    slug: str
    url: str = Field(description="The profile page.")
    api_url: str


class BylineAuthor(Person):
    title: str


class Byline(Schema):
    role: str = Field(description='What the byline says before the name; empty for "By".')
    author: BylineAuthor


class Section(Schema):
    id: int
    name: str
    slug: str
    url: str


class SectionDetail(Section):
    description: str
    stories_url: str = Field(description="The section's stories in the API.")


class Tag(Schema):
    id: int
    name: str
    slug: str
    url: str


class TagDetail(Tag):
    stories_url: str


class Correction(Schema):
    id: int
    kind: str = Field(description="correction, clarification or update.")
    text: str
    published_at: datetime.datetime


class StorySummary(Schema):
    id: int
    headline: str
    dek: str
    url: str = Field(description="The story's canonical address.")
    api_url: str
    section: Section | None
    by: str = Field(description="The names on the byline, as the page writes them.")
    bylines: list[Person]
    published_at: datetime.datetime
    hero: PictureSummary | None


class StoryCorrection(Correction):
    story: StorySummary


class Story(Schema):
    id: int
    headline: str
    dek: str
    slug: str
    url: str = Field(description="The story's canonical address.")
    api_url: str
    section: Section | None
    tags: list[Tag]
    by: str
    bylines: list[Byline]
    hero: Picture | None = Field(description="With the caption and credit the story gives it.")
    figures: list[Picture] = Field(description="The library pictures in the body.")
    body: str = Field(description="The body as readers see it: sanitized HTML, figures included.")
    word_count: int
    reading_minutes: int
    published_at: datetime.datetime
    updated_at: datetime.datetime | None = Field(description="The last substantive update or correction.")
    corrections: list[Correction]


class AuthorLink(Schema):
    label: str
    url: str


class Author(Person):
    title: str
    is_columnist: bool
    short_bio: str
    headshot: Picture | None


class AuthorDetail(Author):
    long_bio: str = Field(description="Sanitized HTML.")
    website: str
    links: list[AuthorLink]
    stories: list[StorySummary] = Field(description="The newest stories; all of them at stories_url.")
    stories_url: str


class StoryPage(Schema):
    items: list[StorySummary]
    next: str | None = Field(description="The next page's address; null on the last page.")
    next_cursor: str | None


class CorrectionPage(Schema):
    items: list[StoryCorrection]
    next: str | None
    next_cursor: str | None


class TagPage(Schema):
    items: list[Tag]
    next: str | None
    next_cursor: str | None


class Problem(Schema):
    detail: str
