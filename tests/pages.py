"""Reading public pages in tests: the HTML of a page that must answer 200, and its teaser headlines."""

import re

from django.utils import timezone


def get(client, url):
    response = client.get(url)
    assert response.status_code == 200
    return response.content.decode()


def headlines(html):
    return re.findall(r'class="teaser-headline"><a href="[^"]+">([^<]+)</a>', html)


def local_midday():
    """
    Noon today in the newsroom's time zone: where a test that travels minutes ahead starts, so that it
    never crosses midnight, where every cached page's key changes with the day.
    """
    return timezone.localtime().replace(hour=12, minute=0, second=0, microsecond=0)
