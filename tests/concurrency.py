"""
People acting at the same instant, each on their own database connection (PostgreSQL: row locks
and concurrent writers): start jobs together, and see when one waits for another's row lock.
"""

import threading
import time


def run_together(*jobs):
    """Start each job in its own thread (so its own connection) at the same instant; collect outcomes."""
    barrier = threading.Barrier(len(jobs))
    outcomes = [None] * len(jobs)

    def runner(index, job):
        from django.db import connection as thread_connection

        try:
            barrier.wait(timeout=10)
            outcomes[index] = ("ok", job())
        except Exception as error:  # the test inspects whatever happened
            outcomes[index] = ("error", error)
        finally:
            thread_connection.close()

    threads = [threading.Thread(target=runner, args=(i, job)) for i, job in enumerate(jobs)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    return outcomes


def someone_waits_for_a_row_lock(timeout=10):
    """Poll, on this thread's connection, until another connection to the test database waits for a lock."""
    from django.db import connection as own

    deadline = time.monotonic() + timeout
    with own.cursor() as cursor:
        while time.monotonic() < deadline:
            # Activity is read once per transaction unless the snapshot is dropped (this one holds a lock).
            cursor.execute("SELECT pg_stat_clear_snapshot()")
            cursor.execute(
                "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock'"
            )
            if cursor.fetchone()[0]:
                return True
            time.sleep(0.02)
    return False
