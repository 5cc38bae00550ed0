"""
Read replicas: readers' pages read from a replica, everything else from the primary.

``DATABASE_REPLICA_URLS`` adds the replicas (``replica_1``, ``replica_2``, … in ``DATABASES``). Which
database a query goes to depends on the request it serves, which the router cannot see:
``ReplicaReadsMiddleware`` tells it, through a context variable, for the length of each request.

- A reader's GET or HEAD of a public page reads from the replica of its process, until it writes (a
  page drawn and kept, a scheduled story released): from then on it reads what it wrote, on the primary.
- The desk (``/admin/``), previews, every other method, and everything outside a request (commands,
  tasks, the shell) read and write on the primary. So does everything inside a transaction.
- A staff member who just changed something reads the primary for ``DATABASE_REPLICA_PIN_SECONDS``
  after it, wherever they go (a cookie the write sets), so they see their own change at once on the
  public site even while a replica is a moment behind.

Each process reads from one replica (chosen by its process number), so what it knows of the content
version (``pagecache.state``) always comes from one place.
"""

import contextvars
import os
from dataclasses import dataclass

from django.conf import settings
from django.db import DEFAULT_DB_ALIAS, connections

# Paths that always read the primary: the desk and the share links' previews.
PRIMARY_PREFIXES = ("/admin/", "/preview/")
PIN_COOKIE = "read_primary"


@dataclass
class Reading:
    """The request being served: the replica its reads go to (None: the primary), and whether it wrote."""

    replica: str | None
    wrote: bool = False


_reading = contextvars.ContextVar("newsroom_reading", default=None)


def replica_of_this_process():
    """The replica this process reads from, or None when there are none."""
    replicas = settings.DATABASE_REPLICAS
    return replicas[os.getpid() % len(replicas)] if replicas else None


class ReplicaRouter:
    """Reads to the request's replica while it may use one; every write, and every other read, to the primary."""

    def db_for_read(self, model, **hints):
        if not settings.DATABASE_REPLICAS:
            return None
        reading = _reading.get()
        if reading is None or reading.replica is None or reading.wrote:
            return DEFAULT_DB_ALIAS
        if connections[DEFAULT_DB_ALIAS].in_atomic_block:
            return DEFAULT_DB_ALIAS  # a transaction reads what it is about to change
        return reading.replica

    def db_for_write(self, model, **hints):
        reading = _reading.get()
        if reading is not None:
            reading.wrote = True
        return DEFAULT_DB_ALIAS if settings.DATABASE_REPLICAS else None

    def allow_relation(self, obj1, obj2, **hints):
        # A replica holds the primary's rows: objects read from either belong together.
        databases = {DEFAULT_DB_ALIAS, *settings.DATABASE_REPLICAS}
        return True if {obj1._state.db, obj2._state.db} <= databases else None

    def allow_migrate(self, db, app_label, **hints):
        return False if db in settings.DATABASE_REPLICAS else None


class ReplicaReadsMiddleware:
    """Tell the router which database each request reads; after a staff member's write, pin them to the primary."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if not settings.DATABASE_REPLICAS:
            return self.get_response(request)
        reading = Reading(replica_of_this_process() if self.may_read_a_replica(request) else None)
        token = _reading.set(reading)
        try:
            response = self.get_response(request)
        finally:
            _reading.reset(token)
        if reading.wrote and request.method not in ("GET", "HEAD", "OPTIONS"):
            response.set_cookie(
                PIN_COOKIE,
                "1",
                max_age=settings.DATABASE_REPLICA_PIN_SECONDS,
                secure=settings.SESSION_COOKIE_SECURE,
                httponly=True,
                samesite="Lax",
            )
        return response

    @staticmethod
    def may_read_a_replica(request):
        return (
            request.method in ("GET", "HEAD")
            and not request.path.startswith(PRIMARY_PREFIXES)
            and PIN_COOKIE not in request.COOKIES
        )
