"""
A post's writers as author profiles: its WordPress author, or the ordered co-authors Co-Authors Plus
gives it (``author`` terms, guest authors included). A profile is made the first time someone is
bylined, with no login account: the desk links one if they are to work here.
"""

import re

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.utils.text import slugify

from authors.models import Author

from . import report, wxr
from .session import Kind

# Co-Authors Plus names each author's term after their login, its slug "cap-" and the login.
CO_AUTHOR_PREFIX = "cap-"
_NOT_IN_LOGINS = re.compile(r"[^\w .@-]")


def login(value):
    """A WordPress login as the site keys its people by: only the characters a login may hold ("&gt;admin" is admin)."""
    return _NOT_IN_LOGINS.sub("", value or "").strip()


def guest_author(item):
    """A Co-Authors Plus guest author (an item of type ``guest-author``) as one of the site's people."""
    meta = item.meta
    return wxr.Person(
        login=login(meta.get("cap-user_login") or item.slug.removeprefix(CO_AUTHOR_PREFIX)),
        display_name=meta.get("cap-display_name") or item.title,
        email=meta.get("cap-user_email", ""),
        first_name=meta.get("cap-first_name", ""),
        last_name=meta.get("cap-last_name", ""),
        wordpress_id=item.wordpress_id,
    )


def writers(item, session):
    """The authors of ``item``'s byline, in order, each once."""
    co_authors = [login(term.name or term.slug.removeprefix(CO_AUTHOR_PREFIX)) for term in item.terms_in("author")]
    authors = []
    for name in co_authors or [login(item.creator)]:
        author = author_for(name, session) if name else None
        if author is not None and author not in authors:
            authors.append(author)
    return authors


def author_for(name, session):
    """The profile of the site's login ``name``, made the first time they are bylined."""
    author = session.imported(Kind.AUTHOR, name, Author)
    if author is not None:
        return author
    person = session.people.get(name) or wxr.Person(login=name)
    author = Author.objects.create(
        name=person.name[:120], slug=_free_slug(person.name, name), email=_email(person.email), is_active=True
    )
    session.record(Kind.AUTHOR, name, author, wordpress_id=person.wordpress_id)
    session.report.count(report.AUTHORS, report.CREATED)
    return author


def _email(value):
    try:
        validate_email(value)
    except ValidationError:
        return ""
    return value[:254]


def _free_slug(name, login_name):
    base = (slugify(name) or slugify(login_name) or "author")[:110]
    slug, number = base, 1
    while Author.objects.filter(slug=slug).exists():
        number += 1
        slug = f"{base}-{number}"
    return slug
