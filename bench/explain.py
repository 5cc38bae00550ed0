"""
EXPLAIN for the queries the public pages really run (PostgreSQL only).

Each page is requested once with a cold cache while its queries are captured;
each captured SELECT is then explained, and every sequential scan is reported
with the size of the table it reads. A sequential scan on a big table (the
stories, their join tables, renditions) is a missing or unusable index.
"""

import re

from django.db import connection
from django.test.utils import CaptureQueriesContext

from .measure import clear_caches, clients

BIG_TABLE_ROWS = 10_000


def table_rows():
    """Estimated rows of every table, from the planner's statistics."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT relname, reltuples::bigint FROM pg_class WHERE relkind = 'r'")
        return dict(cursor.fetchall())


def _plan_nodes(node):
    yield node
    for child in node.get("Plans", ()):
        yield from _plan_nodes(child)


def sequential_scans(sql):
    """The plan of ``sql`` and its sequential scan nodes."""
    with connection.cursor() as cursor:
        cursor.execute(f"EXPLAIN (FORMAT JSON) {sql}")
        plan = cursor.fetchone()[0][0]["Plan"]
    return plan, [node for node in _plan_nodes(plan) if node["Node Type"] == "Seq Scan"]


def short_sql(sql):
    """The query on one line with its column list elided: what it reads and how it filters and sorts."""
    one_line = " ".join(sql.split())
    return re.sub(r"^SELECT (DISTINCT )?.*? FROM ", r"SELECT \1… FROM ", one_line, count=1)[:1200]


def explain_pages(pages):
    """For each page: how many queries were explained, and every sequential scan found."""
    sizes = table_rows()
    reader, staff = clients()
    report = {}
    for page in pages:
        client = staff if page.staff else reader
        clear_caches()
        with CaptureQueriesContext(connection) as captured:
            client.get(page.urls[0])
        selects = [query["sql"] for query in captured if query["sql"].lstrip().upper().startswith(("SELECT", "WITH"))]
        scans = []
        for sql in selects:
            plan, nodes = sequential_scans(sql)
            for node in nodes:
                rows = sizes.get(node["Relation Name"], 0)
                scans.append(
                    {
                        "table": node["Relation Name"],
                        "table_rows": rows,
                        "big": rows >= BIG_TABLE_ROWS,
                        "filter": node.get("Filter", ""),
                        "query_cost": plan["Total Cost"],
                        "sql": short_sql(sql),
                    }
                )
        report[page.name] = {"example": page.urls[0], "queries": len(selects), "seq_scans": scans}
    clear_caches()
    return report
