"""Site-wide template filters and tags: absolute addresses and ISO times."""

from django import template

from public.presentation import absolute_url, local_iso

register = template.Library()


@register.filter(name="absolute")
def absolute_filter(url):
    """``{{ story.get_absolute_url|absolute }}``: the address with the public origin."""
    return absolute_url(url)


@register.filter(name="iso")
def iso_filter(moment):
    """``{{ story.published_at|iso }}``: for ``<time datetime>``, sitemaps and meta tags."""
    return local_iso(moment)
