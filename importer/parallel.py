"""
Items imported by several processes at once, each item still in its own transaction.

On PostgreSQL an import spends its time in Python (each picture's renditions, each story's save
through the services) while its database waits: a process per core does that work side by side.
The parent reads the export and hands items over a few at a time, so memory stays flat however big
the site; each worker (forked from the parent, with the import's session as it stands) imports the
items it is given and sends back what it would have reported. Only work that never creates what
another item may create runs here: pictures, and stories once their people and terms exist.

A worker that stops (an error, Ctrl-C) stops the import: its item's transaction is rolled back, and
the items already done stay done.
"""

import multiprocessing
from concurrent.futures import FIRST_COMPLETED, ProcessPoolExecutor, wait

from django.db import connections

from .report import Report

# Items handed over ahead of the workers, per worker: enough to keep each busy, few enough to stay small.
AHEAD_PER_WORKER = 4

# The worker's session and what it does with an item, set in the parent just before the workers are forked.
_session = None
_work = None


def run(items, work, session, workers, done):
    """
    Import ``items`` (each an item and the step that imports it) with ``work(step, item, session)`` in
    ``workers`` processes; ``done(report)`` is called in the parent with each item's report as it comes back.
    """
    global _session, _work
    _session, _work = session, work
    # A forked worker must not share the parent's connection: each opens its own.
    connections.close_all()
    context = multiprocessing.get_context("fork")
    with ProcessPoolExecutor(workers, mp_context=context, initializer=_start_worker) as pool:
        pending = set()
        try:
            for item_and_step in items:
                if len(pending) >= workers * AHEAD_PER_WORKER:
                    pending = _collect(pending, done)
                pending.add(pool.submit(_import, item_and_step))
            while pending:
                pending = _collect(pending, done)
        finally:
            for future in pending:
                future.cancel()


def _collect(pending, done):
    """Wait for at least one item, report each finished one; the items still being imported."""
    finished, pending = wait(pending, return_when=FIRST_COMPLETED)
    for future in finished:
        done(future.result())
    return pending


def _start_worker():
    _session.faster_commits()


def _import(item_and_step):
    item, step = item_and_step
    _session.report = Report()
    _work(step, item, _session)
    return _session.report
