"""
Story templates' helpers: the body with its figures drawn from the media library, and the teaser
that lists a story.

A stored body is already sanitized HTML. Its figures carry the library image's
id (``data-file``); on the page each becomes a responsive ``<picture>`` built
from stored renditions, with the library's alt text when the editor left it
empty and the library's current credit, so a credit fixed once is fixed on
every story. A figure whose image is gone or whose rights expired is dropped.
"""

from django import template
from django.utils.safestring import mark_safe

from media.markup import escaped, picture
from public import bodies, presentation, teasers

register = template.Library()


@register.filter
def story_body(article):
    """``{{ article|story_body }}``: the body HTML with the library figures of ``article.figure_list``."""
    return bodies.story_body(article)


@register.filter
def author_names(bylines):
    """``{{ story.byline_list|author_names }}``: ``Ada Lovelace, Grace Hopper and Mary Jackson``."""
    return presentation.author_names(bylines)


# A teaser picture's width on the page: a column of the grid, or the whole screen on a phone.
TEASER_SIZES = "(min-width: 60rem) 18rem, 100vw"


@register.simple_tag
def teaser(
    story,
    level=2,
    image_ratio=None,
    image_sizes=TEASER_SIZES,
    image_loading="lazy",
    show_section=False,
    hide_dek=False,
):
    """
    ``{% teaser story level=3 image_ratio="3x2" show_section=True %}``: a story in a listing, its
    headline (an ``<h2>`` unless ``level`` says otherwise) linking to it, its dek unless ``hide_dek``,
    the names on its byline and its date; its section's name with ``show_section``; its hero picture in
    ``image_ratio``, if one is given (``image_sizes`` and ``image_loading`` as ``{% picture %}`` has them).

    A story from ``public.teasers`` shows its kept teaser when it was drawn this way before, and keeps
    it when it is drawn now.
    """
    way = (level, image_ratio, image_sizes, image_loading, show_section, hide_dek)
    kept = story.kept if isinstance(story, teasers.KeptStory) else getattr(story, "kept_teaser", None)
    if kept is None:
        return draw_teaser(story, *way)
    html = kept.drawn.get(way)
    if html is None:
        if isinstance(story, teasers.KeptStory):
            story = story.story(way, image_ratio)
            if story is None:
                return ""
        html = kept.drawn[way] = draw_teaser(story, *way)
    return html


def draw_teaser(story, level, image_ratio, image_sizes, image_loading, show_section, hide_dek):
    """
    A story's teaser as ``{% teaser %}`` describes it. Written as text, not as an included template: a
    listing shows dozens of teasers, and the template engine took three times as long over each
    (every value here is escaped as a template would).
    """
    level = escaped(level)
    hero = story.hero if image_ratio else None
    section = story.section if show_section else None
    names = presentation.author_names(story.byline_list)
    image = f'<div class="teaser-image">{picture(hero, image_ratio, image_sizes, image_loading)}</div>' if hero else ""
    kicker = (
        f'<p class="kicker"><a href="{escaped(section.get_absolute_url())}">{escaped(section.name)}</a></p>'
        if section
        else ""
    )
    dek = f'<p class="teaser-dek">{escaped(story.dek)}</p>' if story.dek and not hide_dek else ""
    byline = f'<span class="meta-byline">{escaped(names)}</span> ' if names else ""
    published = story.published_at
    date = f'<time datetime="{presentation.local_iso(published)}">{escaped(presentation.local_day(published))}</time>'
    return mark_safe(  # noqa: S308 (every value escaped)
        f'<article class="teaser{" has-image" if hero else ""}">\n'
        f"  {image}\n"
        '  <div class="teaser-text">\n'
        f"    {kicker}\n"
        f'    <h{level} class="teaser-headline"><a href="{escaped(story.get_absolute_url())}">'
        f"{escaped(story.headline)}</a></h{level}>\n"
        f"    {dek}\n"
        f'    <p class="meta">{byline}{date}</p>\n'
        "  </div>\n"
        "</article>\n"
    )
