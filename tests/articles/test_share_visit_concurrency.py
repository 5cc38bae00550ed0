"""Guests opening a share link at the same instant, each request on its own database connection."""

import pytest
from django.test import RequestFactory

from articles import sharing
from articles.models import ShareLinkVisit, Status
from tests.concurrency import run_together
from tests.factories import ArticleFactory, editor

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.postgres(reason="concurrent writers"),
]


def test_first_visits_at_once_make_one_row_and_lose_no_visit():
    story = ArticleFactory(status=Status.DRAFT, published_at=None)
    link = sharing.create_link(story, editor(username="sharer"))
    same_guest = RequestFactory(REMOTE_ADDR="203.0.113.80").get("/")
    other_guest = RequestFactory(REMOTE_ADDR="203.0.113.81").get("/")

    outcomes = run_together(
        *[lambda: sharing.record_visit(link, same_guest) for _ in range(6)],
        *[lambda: sharing.record_visit(link, other_guest) for _ in range(2)],
    )

    assert all(kind == "ok" for kind, _ in outcomes), outcomes
    counts = dict(ShareLinkVisit.objects.values_list("ip_address", "visit_count"))
    assert counts == {"203.0.113.80": 6, "203.0.113.81": 2}
