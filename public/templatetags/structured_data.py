"""``{% article_json_ld %}`` and ``{% profile_json_ld %}``: the structured data of ``public.structured_data``."""

from django import template

from public.structured_data import article_data, json_ld_script, profile_data

register = template.Library()


@register.simple_tag
def article_json_ld(article):
    """``{% article_json_ld article %}``: the story's NewsArticle block."""
    return json_ld_script(article_data(article))


@register.simple_tag
def profile_json_ld(author):
    """``{% profile_json_ld author %}``: the author page's ProfilePage block."""
    return json_ld_script(profile_data(author))
