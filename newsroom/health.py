"""
Whether this process is up (``/healthz``) and ready to serve readers (``/readyz``), in JSON, for a load
balancer, an orchestrator or Varnish's probe. Neither answer is ever kept by a cache.

``/healthz`` reaches nothing: a process that answers is up, so a database outage never has every app
server restarted at once. ``/readyz`` reaches each thing a page needs, one check a component
(``CHECKS``): every database (the primary and each replica), every cache, the file storage, the task
queue. A component production adds adds its check to ``CHECKS``.
"""

import logging
import time
import uuid

from django.conf import settings
from django.core.cache import caches
from django.core.files.storage import storages
from django.db import connections
from django.http import JsonResponse
from django.utils.crypto import get_random_string
from django.views.decorators.cache import never_cache
from django_tasks import task_backends
from django_tasks.exceptions import TaskResultDoesNotExist

logger = logging.getLogger(__name__)


def databases():
    """Every database answers a query: the primary and each replica."""
    for alias in settings.DATABASES:
        with connections[alias].cursor() as cursor:
            cursor.execute("SELECT 1")


def cache():
    """Every cache keeps a value and gives it back."""
    for alias in settings.CACHES:
        value = get_random_string(12)
        caches[alias].set("readyz", value, 10)
        if caches[alias].get("readyz") != value:
            raise RuntimeError(f"the cache {alias!r} did not keep a value")


def storage():
    """The uploads' storage is there: its folder on a disk, its bucket in object storage."""
    if not storages["default"].exists(""):
        raise RuntimeError("the uploads' storage has no root")


def task_queue():
    """
    The task queue takes work: a queue that keeps its tasks (the database's) answers for one; one that
    runs them at once in the process (the default) needs nothing more than the process.
    """
    backend = task_backends["default"]
    if not backend.supports_get_result:
        return
    try:
        backend.get_result(str(uuid.uuid4()))
    except TaskResultDoesNotExist:
        return


CHECKS = {"database": databases, "cache": cache, "storage": storage, "tasks": task_queue}


@never_cache
def healthz(request):
    """The process is up: it answers, and reaches nothing to do so."""
    return JsonResponse({"status": "ok"})


@never_cache
def readyz(request):
    """
    Each component a page needs, with how long it took; 503 when any of them failed. Why it failed goes
    to the log, not to whoever asked: an error can name the addresses behind the site.
    """
    results = {}
    for name, check in CHECKS.items():
        start = time.perf_counter()
        try:
            check()
        except Exception:
            logger.exception("Not ready: the %s check failed", name)
            results[name] = {"status": "error"}
        else:
            results[name] = {"status": "ok"}
        results[name]["ms"] = round((time.perf_counter() - start) * 1000, 1)
    ready = all(result["status"] == "ok" for result in results.values())
    return JsonResponse({"status": "ok" if ready else "error", "checks": results}, status=200 if ready else 503)
