"""
What each public page shows, named for the page cache (``pagecache.dependencies``): a page is kept
until one of these changes. Views call these with what they render, after reading it.
"""

from pagecache import dependencies as keys


def teasers(stories):
    """Stories shown as teasers or feed items: each story, its picture and the people on its byline."""
    for story in stories:
        bylines = getattr(story, "byline_list", ())
        keys.record(
            keys.story(story.pk), keys.picture(story.hero_image_id), *(keys.person(line.author_id) for line in bylines)
        )


def story(article, related):
    """
    A story page: the story, its pictures, tags and people, and its related stories, which are drawn
    from the stories of its section and tags (so a story joining those lists may change them).
    """
    tags = [tag.pk for tag in article.tag_list]
    keys.record(
        keys.story(article.pk),
        keys.picture(article.hero_image_id),
        keys.section_stories(article.section_id),
        *(keys.picture(figure.pk) for figure in article.figure_list),
        *(keys.tag(pk) for pk in tags),
        *(keys.tag_stories(pk) for pk in tags),
    )
    for line in article.byline_list:
        keys.record(keys.person(line.author_id), keys.picture(line.author.headshot_id))
    teasers(related)


def person(author):
    """An author's profile (their own page, or a feed of their stories)."""
    keys.record(keys.person(author.pk), keys.person_stories(author.pk), keys.picture(author.headshot_id))
