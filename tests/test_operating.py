"""Running it: health checks for load balancers and probes, and logs a collector can read."""

import json
import os
import subprocess
import sys

import pytest
from django.conf import settings as django_settings
from django.db import connection
from django.test import override_settings
from django_tasks_db.models import DBTaskResult

from tests.workers import QUEUE_SETTINGS

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def page_cache_on(settings):
    settings.PAGE_CACHE_SECONDS = 300


def never_kept(response):
    assert "X-Page-Cache" not in response
    assert "no-store" in response["Cache-Control"] or "max-age=0" in response["Cache-Control"]


def test_healthz_says_the_process_is_up_without_reaching_the_database(client, django_assert_num_queries):
    for _ in range(2):
        with django_assert_num_queries(0):
            response = client.get("/healthz")
        assert response.status_code == 200
        assert response.json() == {"status": "ok"}
        never_kept(response)


def test_readyz_checks_the_database_the_cache_and_the_storage(client, settings):
    settings.MEDIA_ROOT.mkdir(parents=True)
    for _ in range(2):
        response = client.get("/readyz")
        assert response.status_code == 200
        body = response.json()
        assert body["status"] == "ok"
        assert {name: check["status"] for name, check in body["checks"].items()} == {
            "database": "ok",
            "cache": "ok",
            "storage": "ok",
            "tasks": "ok",
        }
        never_kept(response)


def test_readyz_asks_the_database_queue_for_a_task(client, settings, django_assert_num_queries):
    settings.MEDIA_ROOT.mkdir(parents=True)
    settings.TASKS = QUEUE_SETTINGS
    with django_assert_num_queries(2):  # the database's SELECT 1, and the queue's table
        response = client.get("/readyz")
    assert response.json()["checks"]["tasks"]["status"] == "ok"


def test_readyz_answers_503_when_the_queue_cannot_take_work(client, settings, caplog):
    settings.MEDIA_ROOT.mkdir(parents=True)
    settings.TASKS = QUEUE_SETTINGS
    with connection.cursor() as cursor:
        cursor.execute(f"DROP TABLE {DBTaskResult._meta.db_table}")
    response = client.get("/readyz")
    assert response.status_code == 503
    assert response.json()["checks"]["tasks"]["status"] == "error"
    assert "the tasks check failed" in caplog.text


def test_readyz_answers_503_naming_the_storage_when_it_is_gone(client, settings, tmp_path, caplog):
    settings.MEDIA_ROOT = tmp_path / "unmounted"
    response = client.get("/readyz")
    assert response.status_code == 503
    checks = response.json()["checks"]
    assert checks["storage"] == {"status": "error", "ms": checks["storage"]["ms"]}
    assert checks["database"]["status"] == checks["cache"]["status"] == "ok"
    assert "the storage check failed" in caplog.text


@override_settings(
    CACHES={
        **django_settings.CACHES,
        "shared": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": "redis://127.0.0.1:1/0",  # nothing listens there
        },
    }
)
def test_readyz_answers_503_when_a_cache_cannot_be_reached_and_says_why_only_in_the_log(client, caplog):
    response = client.get("/readyz")
    assert response.status_code == 503
    assert response.json()["checks"]["cache"]["status"] == "error"
    assert "127.0.0.1:1" not in response.content.decode()
    assert "ConnectionError" in caplog.text


def log_lines(log_format):
    """What a process logs for a request to a host it does not serve, then for an error, with ``LOG_FORMAT``."""
    script = (
        "import logging, django; django.setup()\n"
        "from django.test import Client\n"
        "Client().get('/', headers={'host': 'intruder.example'})\n"
        "try:\n    1 / 0\n"
        "except ZeroDivisionError:\n    logging.getLogger('newsroom').exception('The wire feed broke')\n"
    )
    environment = {**os.environ, "LOG_FORMAT": log_format, "DJANGO_SETTINGS_MODULE": "tests.settings"}
    done = subprocess.run(
        [sys.executable, "-c", script],
        cwd=django_settings.BASE_DIR,
        env=environment,
        capture_output=True,
        text=True,
        timeout=60,
        check=True,
    )
    return done.stderr.splitlines()


def test_logs_are_one_json_object_a_line_with_log_format_json():
    lines = log_lines("json")
    records = [json.loads(line) for line in lines]
    assert [(record["level"], record["logger"]) for record in records] == [
        ("ERROR", "django.security.DisallowedHost"),
        ("ERROR", "newsroom"),
    ]
    assert "intruder.example" in records[0]["message"] and records[0]["status_code"] == 400
    assert records[1]["message"] == "The wire feed broke"
    assert "ZeroDivisionError" in records[1]["exc_info"]
    assert all(record["time"] for record in records)


def test_logs_are_text_by_default():
    lines = log_lines("")
    assert lines[0].startswith("Invalid HTTP_HOST header: 'intruder.example'")
    with pytest.raises(ValueError):
        json.loads(lines[0])
