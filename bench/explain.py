"""
EXPLAIN for the queries the public pages really run (PostgreSQL only).

Each page is requested once with a cold cache while its queries are captured;
each captured SELECT is then run again under ``EXPLAIN ANALYZE``, every
sequential scan is reported with the size of the table it reads, and the rows
the page's scans read are added up. A sequential scan on a big table (the
stories, their join tables, renditions) is a missing or unusable index; rows
read that grow with the archive (the same page at 100,000 and 1,000,000
stories) are a count or a walk that an index does not bound.
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
    """The plan of ``sql`` (run, to count what it reads), its sequential scan nodes and the rows its scans read."""
    with connection.cursor() as cursor:
        cursor.execute(f"EXPLAIN (ANALYZE, FORMAT JSON) {sql}")
        plan = cursor.fetchone()[0][0]["Plan"]
    nodes = list(_plan_nodes(plan))
    return plan, [node for node in nodes if node["Node Type"] == "Seq Scan"], rows_read(nodes)


def rows_read(nodes):
    """The table rows the scans among ``nodes`` read: those they returned and those their filters dropped."""
    return sum(
        (node.get("Actual Rows", 0) + node.get("Rows Removed by Filter", 0)) * node.get("Actual Loops", 1)
        for node in nodes
        if "Relation Name" in node
    )


def short_sql(sql):
    """The query on one line with its column list elided: what it reads and how it filters and sorts."""
    one_line = " ".join(sql.split())
    return re.sub(r"^SELECT (DISTINCT )?.*? FROM ", r"SELECT \1… FROM ", one_line, count=1)[:1200]


def explain_pages(pages):
    """For each page: how many queries were explained, the rows they read, and every sequential scan found."""
    sizes = table_rows()
    reader, staff = clients()
    report = {}
    for page in pages:
        client = staff if page.staff else reader
        clear_caches()
        with CaptureQueriesContext(connection) as captured:
            client.get(page.urls[0])
        selects = [query["sql"] for query in captured if query["sql"].lstrip().upper().startswith(("SELECT", "WITH"))]
        scans, read = [], 0
        for sql in selects:
            plan, nodes, query_read = sequential_scans(sql)
            read += query_read
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
        report[page.name] = {"example": page.urls[0], "queries": len(selects), "rows_read": read, "seq_scans": scans}
    clear_caches()
    return report
