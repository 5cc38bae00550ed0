"""Reading sitemaps in tests: an XML answer parsed, the index's entries and what each sitemap lists."""

import datetime

from defusedxml import ElementTree as ET
from django.conf import settings
from django.utils import timezone

SITEMAP_NS = "http://www.sitemaps.org/schemas/sitemap/0.9"
NEWS_NS = "http://www.google.com/schemas/sitemap-news/0.9"
NS = {"s": SITEMAP_NS, "news": NEWS_NS}


def fetch_xml(client, url):
    """The XML an address answers with (which must be 200, as XML), parsed."""
    response = client.get(url)
    assert response.status_code == 200, url
    assert response["Content-Type"].startswith("application/xml")
    return ET.fromstring(response.content)


def is_w3c_datetime(text):
    moment = datetime.datetime.fromisoformat(text)
    return moment.utcoffset() is not None and "T" in text


def month_sitemap(moment):
    """The address of the stories' sitemap for the newsroom's month of ``moment``."""
    return f"/sitemap-articles-{timezone.localtime(moment):%Y-%m}.xml"


def index_entries(client):
    """The index at /sitemap.xml as [(path, lastmod)], in its order; every address on the public origin."""
    index = fetch_xml(client, "/sitemap.xml")
    assert index.tag == f"{{{SITEMAP_NS}}}sitemapindex"
    entries = []
    for entry in index.findall("s:sitemap", NS):
        location = entry.find("s:loc", NS).text
        assert location.startswith(settings.SITE_URL + "/sitemap-")
        lastmod = entry.find("s:lastmod", NS).text
        assert is_w3c_datetime(lastmod)
        entries.append((location.removeprefix(settings.SITE_URL), datetime.datetime.fromisoformat(lastmod)))
    return entries


def listed(client, path):
    """What one sitemap lists: [(address, lastmod text or None)], in its order."""
    root = fetch_xml(client, path)
    assert root.tag == f"{{{SITEMAP_NS}}}urlset"
    found = []
    for url in root.findall("s:url", NS):
        lastmod = url.find("s:lastmod", NS)
        found.append((url.find("s:loc", NS).text, lastmod.text if lastmod is not None else None))
    return found
