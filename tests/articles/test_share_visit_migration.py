"""The migrations that fold stored share-link visits into one row per address per hour loses no visit."""

import datetime

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.utils import timezone

from articles import sharing
from articles.models import ShareLinkVisit, Status
from tests.factories import ArticleFactory, editor

pytestmark = pytest.mark.django_db(transaction=True)

BEFORE = [("articles", "0009_listing_indexes_end_with_id")]


def migrate(targets):
    executor = MigrationExecutor(connection)
    executor.migrate(targets)
    return executor.loader.project_state(targets).apps


def test_stored_visits_fold_per_link_address_and_hour():
    story = ArticleFactory(status=Status.DRAFT, published_at=None)
    desk = editor(username="migrating-desk")
    link, other_link = sharing.create_link(story, desk), sharing.create_link(story, desk)
    ten = timezone.now().replace(minute=0, second=0, microsecond=0) - datetime.timedelta(hours=5)
    at = lambda minutes: ten + datetime.timedelta(minutes=minutes)  # noqa: E731

    old_apps = migrate(BEFORE)
    OldVisit = old_apps.get_model("articles", "ShareLinkVisit")
    for minutes, address, browser in [
        (5, "203.0.113.1", "First/1"),
        (40, "203.0.113.1", "First/2"),
        (59, "203.0.113.1", "First/3"),
        (61, "203.0.113.1", "First/4"),
        (10, "203.0.113.2", "Second/1"),
        (15, None, "Unknown/1"),
        (20, None, "Unknown/2"),
    ]:
        OldVisit.objects.create(link_id=link.pk, visited_at=at(minutes), ip_address=address, user_agent=browser)
    OldVisit.objects.create(link_id=other_link.pk, visited_at=at(30), ip_address="203.0.113.1", user_agent="Other/1")

    executor = MigrationExecutor(connection)
    migrate(executor.loader.graph.leaf_nodes())

    rows = {
        (row.link_id, row.ip_address, row.hour): (row.visit_count, row.first_visited_at, row.last_visited_at)
        for row in ShareLinkVisit.objects.all()
    }
    assert rows == {
        (link.pk, "203.0.113.1", at(0)): (3, at(5), at(59)),
        (link.pk, "203.0.113.1", at(60)): (1, at(61), at(61)),
        (link.pk, "203.0.113.2", at(0)): (1, at(10), at(10)),
        (link.pk, None, at(0)): (2, at(15), at(20)),
        (other_link.pk, "203.0.113.1", at(0)): (1, at(30), at(30)),
    }
    assert ShareLinkVisit.objects.get(link=link, hour=at(0), ip_address="203.0.113.1").user_agent == "First/3"
