"""``{% article_json_ld %}`` and ``{% profile_json_ld %}``: the structured data of ``public.structured_data``."""

from django import template

from public.structured_data import dated, json_ld_script, live_blog, profile_data

register = template.Library()


@register.simple_tag
def article_json_ld(data, article, live=None):
    """
    ``{% article_json_ld parts.data article live %}``: the story's NewsArticle block as readers see it
    now; a LiveBlogPosting with its updates when the story is covered live (``live``, its page of updates).
    """
    data = dated(data, article)
    return json_ld_script(live_blog(data, article, live) if live else data)


@register.simple_tag
def profile_json_ld(author):
    """``{% profile_json_ld author %}``: the author page's ProfilePage block."""
    return json_ld_script(profile_data(author))
