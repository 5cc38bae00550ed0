"""Reading public pages in tests: the HTML of a page that must answer 200, and its teaser headlines."""

import re


def get(client, url):
    response = client.get(url)
    assert response.status_code == 200
    return response.content.decode()


def headlines(html):
    return re.findall(r'class="teaser-headline"><a href="[^"]+">([^<]+)</a>', html)
