"""
No hostile markup survives into anything readers, feed readers or the desk's preview get.

Pages are parsed as a browser would (html5lib) and every element and attribute is checked:
no executable element, no event handler, no inline style, no URL with a scheme other than
http, https or mailto, and windows opened by links get no handle on ours.
"""

import json
import re
import xml.etree.ElementTree as ET

import html5lib
import pytest
from django.test import Client

from articles.models import Article
from tests.factories import ArticleFactory, AuthorFactory, ImageFactory, SectionFactory, editor
from tests.security.xss_corpus import PLAIN_TEXT_PAYLOADS, corpus

pytestmark = pytest.mark.django_db

URL_ATTRIBUTES = {"href", "src", "action", "formaction", "srcset", "background", "poster", "data", "cite", "ping"}
SAFE_SCHEMES = {"http", "https", "mailto"}
FORBIDDEN_ELEMENTS = {
    "iframe",
    "frame",
    "frameset",
    "object",
    "embed",
    "applet",
    "base",
    "style",
    "portal",
    "template",
    "svg",
    "math",
}
CONTROL = re.compile(r"[\x00-\x20\x7f]+")


def local_name(tag):
    return tag.rsplit("}", 1)[-1].lower()


def url_scheme(value):
    """The scheme a browser would see in a URL attribute (after it strips blanks and controls)."""
    cleaned = CONTROL.sub("", value).lower()
    match = re.match(r"^([a-z][a-z0-9+.\-]*):", cleaned)
    return match.group(1) if match else None


def dangers(html):
    """Everything in a document that could run code or leak the page, described in words."""
    found = []
    document = html5lib.parse(html, namespaceHTMLElements=True)
    for element in document.iter():
        if not isinstance(element.tag, str):
            continue
        tag = local_name(element.tag)
        attributes = {local_name(name): value for name, value in element.attrib.items()}
        if tag == "script":
            if attributes.get("type") != "application/ld+json" or "src" in attributes:
                found.append(f"script element {attributes}")
            else:
                json.loads(element.text or "")  # a data block must stay pure JSON
        elif tag in FORBIDDEN_ELEMENTS:
            found.append(f"<{tag}> element")
        elif tag == "meta" and "http-equiv" in attributes:
            found.append(f"meta http-equiv {attributes['http-equiv']}")
        elif tag == "form" and not attributes.get("action", "").startswith("/"):
            found.append(f"form posting to {attributes.get('action')!r}")
        elif tag == "link" and not (attributes.get("href", "").startswith(("/", "http://127.0.0.1:8000/"))):
            found.append(f"link to {attributes.get('href')!r}")
        for name, value in attributes.items():
            if name.startswith("on"):
                found.append(f"{name} handler on <{tag}>")
            if name == "style":
                found.append(f"style attribute on <{tag}>")
            if name in URL_ATTRIBUTES or name == "xlink:href":
                for part in value.split(",") if name == "srcset" else [value]:
                    scheme = url_scheme(part.strip())
                    if scheme and scheme not in SAFE_SCHEMES:
                        found.append(f"{name}={value!r} on <{tag}>")
        if tag == "a" and attributes.get("target") and "noopener" not in attributes.get("rel", "").split():
            found.append(f"link opening {attributes.get('target')} without noopener")
    return found


HTML_IN_FEEDS = {"description", "summary", "content", "encoded"}


def feed_dangers(xml_text):
    """Feed items carry HTML inside XML (RSS descriptions, Atom summaries): check each as a page."""
    found = []
    root = ET.fromstring(xml_text)  # noqa: S314 - our own feed, parsed to check it
    for item in root.iter():
        if local_name(item.tag) not in ("item", "entry"):
            continue
        for element in item:
            if local_name(element.tag) in HTML_IN_FEEDS and element.text:
                found += dangers(f"<body>{element.text}</body>")
    return found


VECTORS = corpus()


def test_the_corpus_is_large_and_distinct():
    assert len(VECTORS) >= 100
    assert len(set(VECTORS)) == len(VECTORS)


@pytest.fixture
def desk_client():
    client = Client()
    client.force_login(editor(username="xss-desk"))
    return client


@pytest.mark.parametrize("vector", VECTORS, ids=[f"v{i:03d}" for i in range(len(VECTORS))])
def test_no_vector_survives_into_the_story_page(client, vector):
    picture = ImageFactory()
    figure = f'<figure><img src="/x.jpg" data-file="{picture.pk}"><figcaption>c</figcaption></figure>'
    body = f"<p>Before.</p>{vector}{figure}"
    story = ArticleFactory(body=body)
    stored = Article.objects.get(pk=story.pk).body
    assert not dangers(f"<body>{stored}</body>"), stored
    response = client.get(story.get_absolute_url())
    assert response.status_code == 200
    assert not dangers(response.content.decode())


def test_all_vectors_together_in_pages_feeds_and_preview(client, desk_client):
    section = SectionFactory(slug="hostile")
    author = AuthorFactory(slug="hostile-author", long_bio="".join(VECTORS))
    story = ArticleFactory(body="".join(VECTORS), section=section, authors=[author])
    pages = [story.get_absolute_url(), "/", "/sections/hostile/", "/authors/hostile-author/", "/search/?q=Story"]
    for path in pages:
        response = client.get(path)
        assert response.status_code == 200, path
        assert not dangers(response.content.decode()), path
    for path in ["/feed/", "/feed/atom/", "/sections/hostile/feed/", "/authors/hostile-author/feed/"]:
        response = client.get(path)
        assert response.status_code == 200, path
        assert not feed_dangers(response.content.decode()), path
    preview = desk_client.get(f"/admin/articles/article/{story.pk}/preview/")
    assert preview.status_code == 200
    assert not dangers(preview.content.decode())


def test_vectors_posted_through_the_admin_form_are_stored_clean(desk_client):
    from tests.articles.story_form import story_form

    story = ArticleFactory()
    url = f"/admin/articles/article/{story.pk}/change/"
    with_nulls = desk_client.post(url, story_form(story, body="".join(VECTORS), started_from_version=story.version))
    assert with_nulls.status_code == 200
    assert "Null characters are not allowed." in with_nulls.content.decode()

    posted = "".join(vector for vector in VECTORS if "\x00" not in vector)
    response = desk_client.post(url, story_form(story, body=posted, started_from_version=story.version))
    assert response.status_code == 302
    story.refresh_from_db()
    assert not dangers(f"<body>{story.body}</body>")
    assert 'rel="noopener noreferrer"' in story.body


@pytest.mark.parametrize("payload", PLAIN_TEXT_PAYLOADS)
def test_plain_text_is_escaped_everywhere(client, desk_client, payload):
    picture = ImageFactory(alt_text=payload, caption=payload, credit=payload, title=payload)
    author = AuthorFactory(slug="plain-author", name=payload, title=payload, short_bio=payload)
    story = ArticleFactory(
        headline=payload,
        dek=payload,
        hero_image=picture,
        hero_caption=payload,
        seo_title=payload,
        seo_description=payload,
        authors=[author],
    )
    paths = [story.get_absolute_url(), "/", "/authors/plain-author/", "/authors/", f"/search/?q={payload}"]
    for path in paths:
        response = client.get(path)
        assert response.status_code == 200, path
        html = response.content.decode()
        assert not dangers(html), path
        for block in re.findall(r'<script type="application/ld\+json">(.*?)</script>', html, re.S):
            texts = json.dumps(json.loads(block), ensure_ascii=False)
            assert json.dumps(payload, ensure_ascii=False) in texts, "structured data keeps the text as text"
    for path in ["/feed/", "/feed/atom/", "/authors/plain-author/feed/"]:
        text = client.get(path).content.decode()
        ET.fromstring(text)  # noqa: S314 - still well-formed XML
        assert not feed_dangers(text)
    assert not dangers(desk_client.get(f"/admin/articles/article/{story.pk}/preview/").content.decode())


@pytest.mark.parametrize(
    ("link", "kept"),
    [
        ("https://example.org/a", True),
        ("http://example.org/b", True),
        ("mailto:desk@example.org", True),
        ("/sections/science/", True),
        ("javascript:alert(1)", False),
        ("data:text/html,hi", False),
        ("vbscript:msgbox(1)", False),
        ("ftp://example.org/file", False),
    ],
)
def test_only_web_and_mail_links_survive_in_bodies(link, kept):
    story = ArticleFactory(body=f'<p><a href="{link}">a link</a></p>')
    assert (f'href="{link}"' in story.body) is kept


@pytest.mark.parametrize("url", ["javascript:alert(1)", "data:text/html,x", "ftp://example.org/", "vbscript:x"])
def test_author_links_accept_only_web_addresses(desk_client, url):
    author = AuthorFactory()
    response = desk_client.post(
        f"/admin/authors/author/{author.pk}/change/",
        {
            "name": author.name,
            "slug": author.slug,
            "title": "",
            "short_bio": "",
            "long_bio": "",
            "website": url,
            "email": "",
            "order": 0,
            "is_active": "on",
            "links-TOTAL_FORMS": "1",
            "links-INITIAL_FORMS": "0",
            "links-MIN_NUM_FORMS": "0",
            "links-MAX_NUM_FORMS": "1000",
            "links-0-label": "Profile",
            "links-0-url": url,
            "links-0-order": "0",
        },
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert html.count("Enter a valid URL.") >= 2
    author.refresh_from_db()
    assert author.website == ""
