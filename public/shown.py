"""
What each public page shows, named for the page cache (``pagecache.dependencies``): a page is kept
until one of these changes. Views call these with what they render, after reading it; the story
page's kept parts (``public.parts``) are kept by the same keys.
"""

from pagecache import dependencies as keys


def teaser_keys(story):
    """A story shown as a teaser or feed item: the story, its picture and the people on its byline."""
    kept = getattr(story, "teaser_keys", None)  # a teaser kept (``public.teasers``) knows its own
    if kept is not None:
        return set(kept)
    bylines = getattr(story, "byline_list", ())
    found = {
        keys.story(story.pk),
        keys.picture(story.hero_image_id),
        *(keys.person(line.author_id) for line in bylines),
    }
    found.discard(None)
    return found


def teasers(stories):
    """Stories shown as teasers or feed items."""
    for story in stories:
        keys.record(*teaser_keys(story))


def story_keys(article):
    """What a story shows of itself: the story, its section's name, its pictures, tags and people."""
    found = {keys.story(article.pk), keys.SECTIONS, keys.picture(article.hero_image_id)}
    found |= {keys.tag(tag.pk) for tag in article.tag_list}
    found |= {keys.picture(figure.pk) for figure in article.figure_list}
    for line in article.byline_list:
        found |= {keys.person(line.author_id), keys.picture(line.author.headshot_id)}
    found.discard(None)
    return found


def related_keys(article, related):
    """
    What a story's related stories are drawn from: the stories of its section and tags (a story joining
    those lists may change them), and each related story as a teaser.
    """
    found = {keys.story(article.pk), keys.section_stories(article.section_id)}
    found |= {keys.tag_stories(tag.pk) for tag in article.tag_list}
    for story in related:
        found |= teaser_keys(story)
    found.discard(None)
    return found


def story(article, related):
    """A story page: the story, its pictures, tags and people, and its related stories."""
    keys.record(*story_keys(article), *related_keys(article, related))


def person(author):
    """An author's profile (their own page, or a feed of their stories)."""
    keys.record(keys.person(author.pk), keys.person_stories(author.pk), keys.picture(author.headshot_id))
