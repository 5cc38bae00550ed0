"""
How much of a table a query reads (PostgreSQL), planned as on a big archive.

A test database holds a few dozen stories, where reading a whole table, hashing, keeping or sorting
it is the planner's cheapest choice. ``rows_read`` rules those out and gives the planner fresh
statistics, leaving the index walks a query takes on a table of a million rows; it runs the query
(``EXPLAIN ANALYZE``) and adds up the rows its scans of the table read.
"""

from django.db import connection
from django.test.utils import CaptureQueriesContext

BIG_TABLE_PLANNING = (
    "enable_seqscan",
    "enable_bitmapscan",
    "enable_hashjoin",
    "enable_mergejoin",
    "enable_material",
    "enable_sort",
)


def _nodes(node):
    yield node
    for child in node.get("Plans", ()):
        yield from _nodes(child)


def rows_read(sql, table):
    """The rows of ``table`` that the query ``sql`` (its parameters written in) reads."""
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
        for setting in BIG_TABLE_PLANNING:
            cursor.execute(f"SET LOCAL {setting} = off")
        try:
            cursor.execute(f"EXPLAIN (ANALYZE, FORMAT JSON) {sql}")
            plan = cursor.fetchone()[0][0]["Plan"]
        finally:
            for setting in BIG_TABLE_PLANNING:
                cursor.execute(f"RESET {setting}")
    return sum(
        (node["Actual Rows"] + node.get("Rows Removed by Filter", 0)) * node["Actual Loops"]
        for node in _nodes(plan)
        if node.get("Relation Name") == table
    )


def queries_of(client, path):
    """
    The SQL a request runs, its parameters written in; the content version's prepared read left out
    (one row of its own table, and a statement EXPLAIN cannot take).
    """
    with CaptureQueriesContext(connection) as captured:
        assert client.get(path).status_code == 200, path
    return [query["sql"] for query in captured if not query["sql"].startswith(("PREPARE ", "EXECUTE "))]
