"""Share links at the service level: who may make them, and when they stop working."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied
from django.utils import timezone

from articles import sharing
from articles.models import Status
from tests.factories import ArticleFactory, editor, journalist

pytestmark = pytest.mark.django_db


@pytest.fixture
def draft():
    return ArticleFactory(status=Status.DRAFT, published_at=None)


def test_only_editors_make_and_revoke_links(draft):
    with pytest.raises(PermissionDenied):
        sharing.create_link(draft, journalist())
    link = sharing.create_link(draft, editor(), label="legal review")
    with pytest.raises(PermissionDenied):
        sharing.revoke(link, journalist())


def test_a_token_names_its_link_and_cannot_be_forged(draft):
    link = sharing.create_link(draft, editor())
    token = sharing.token_for(link)
    assert sharing.usable_link(token) == link
    position = len(token) - 6  # a character well inside the signature
    forged = token[:position] + ("A" if token[position] != "A" else "B") + token[position + 1 :]
    assert forged != token
    assert sharing.usable_link(forged) is None
    assert sharing.usable_link("1") is None
    assert sharing.url_for(link) == f"http://127.0.0.1:8000/preview/{token}/"


def test_links_expire_and_can_be_revoked(draft):
    desk = editor()
    link = sharing.create_link(draft, desk, lifetime=datetime.timedelta(hours=2))
    token = sharing.token_for(link)
    assert sharing.usable_link(token, now=timezone.now() + datetime.timedelta(hours=1))
    assert sharing.usable_link(token, now=timezone.now() + datetime.timedelta(hours=3)) is None
    sharing.revoke(link, desk)
    assert sharing.usable_link(token) is None


def test_lifetime_is_bounded(draft):
    with pytest.raises(ValueError, match="30 days"):
        sharing.create_link(draft, editor(), lifetime=datetime.timedelta(days=90))
