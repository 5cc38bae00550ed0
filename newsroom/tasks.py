"""
Slow work off the request: tasks, through django-tasks (the backport of Django 6's ``django.tasks``).

Each app keeps its tasks in its own ``tasks.py`` (``media.tasks``: renditions and removed files;
``articles.tasks``: the workflow's emails), written with ``task`` from here, and hands them over with
``enqueue_on_commit`` from the change that needs them. Where they run is a setting (``TASKS_BACKEND``):
at once in the process that committed the change, as they always did (the default, so a laptop needs no
worker), or in ``manage.py db_worker`` processes reading a queue kept in the database (production).
"""

import functools

from django.db import transaction
from django_tasks import task

__all__ = ["enqueue_on_commit", "task"]


def enqueue_on_commit(work, *args):
    """
    Hand ``work`` (a task) over with ``args`` once the current transaction commits, at once outside one:
    nothing is done for a change that rolls back, and a worker never looks for rows not yet committed.
    A failure to enqueue is logged, never raised: the change itself is already kept.
    """
    transaction.on_commit(functools.partial(work.enqueue, *args), robust=True)
