"""
Queries whose SQL is built once per process and then run with each request's values.

Building a queryset with subqueries and compiling it costs the ORM milliseconds, for SQL that is the
same on every request but for its values. ``CompiledQuery`` builds the queryset once for each shape
(which values are given, how long each list is, and the ``fixed`` arguments, such as a limit, that
are written into the SQL itself), learns where each value sits among the SQL's parameters by
building it once more with that value changed, and from then on runs that SQL with the request's
values in those places. The queryset stays the one definition of the query; this only spares
building it again.

The rows come back as the database gives them, without the ORM's conversions: numbers and text as
they are, days and times as PostgreSQL's ``date`` and ``datetime`` or SQLite's text (read them with
``newsroom.rows.day`` and ``moment``). Values are whole numbers, text, days and times, and lists of
whole numbers.
"""

import datetime
import threading

from django.db import connections, router


class CompiledQuery:
    """
    ``build(**fixed, **values)``, a function returning a queryset, compiled once per shape and database.

    ``CompiledQuery(build).rows({"limit": 3}, pk=7, tag_ids=[1, 2], now=now)`` runs it and returns its rows.
    """

    def __init__(self, build, using=None):
        self.build = build
        # The database to run on; unset, the one the routers read its model from (a replica for a reader).
        self.using = using
        self.model = None
        self.compiled = {}
        self.lock = threading.Lock()

    def rows(self, fixed, **values):
        if self.using is None and self.model is None:
            self.model = self.build(**fixed, **values).model
        using = self.using or router.db_for_read(self.model)
        connection = connections[using]
        lengths = tuple(
            (name, len(value) if isinstance(value, list | tuple) else None) for name, value in values.items()
        )
        key = (connection.vendor, tuple(sorted(fixed.items())), tuple(sorted(lengths)))
        compiled = self.compiled.get(key)
        if compiled is None:
            compiled = self._compile(fixed, values, using)
            with self.lock:
                self.compiled[key] = compiled
        sql, params, places = compiled
        params = list(params)
        for position, name, index in places:
            value = values[name] if index is None else values[name][index]
            params[position] = _prepared(value, connection)
        with connection.cursor() as cursor:
            cursor.execute(sql, params)
            return cursor.fetchall()

    def _compile(self, fixed, values, using):
        """The SQL with its parameters for ``values``, and for each value's places: (position, name, index)."""
        sql, params = self._sql(fixed, values, using)
        places = []
        for name, value in values.items():
            for index in range(len(value)) if isinstance(value, list | tuple) else (None,):
                changed = {**values, name: _changed(value, index)}
                other_sql, other_params = self._sql(fixed, changed, using)
                if other_sql != sql or len(other_params) != len(params):
                    raise ValueError(f"{name} changes the SQL of the query, not only its parameters: make it fixed.")
                places += [
                    (position, name, index)
                    for position, (before, after) in enumerate(zip(params, other_params, strict=True))
                    if before != after
                ]
        return sql, tuple(params), places

    def _sql(self, fixed, values, using):
        queryset = self.build(**fixed, **values)
        return queryset.query.get_compiler(using=using).as_sql()


def _changed(value, index):
    if index is not None:
        return [_changed(item, None) if position == index else item for position, item in enumerate(value)]
    if isinstance(value, datetime.datetime):
        return value + datetime.timedelta(seconds=1)
    if isinstance(value, datetime.date):
        return value + datetime.timedelta(days=1)
    if isinstance(value, str):
        return f"{value}-changed"
    if isinstance(value, int) and not isinstance(value, bool):
        # Below every id, so that no list gains a duplicate (which the ORM would write once).
        return -value - 1
    raise TypeError(f"CompiledQuery takes whole numbers, text, days and times, not {type(value).__name__}.")


def _prepared(value, connection):
    """A value as a lookup on a model field hands it to the database."""
    if isinstance(value, datetime.datetime):
        return connection.ops.adapt_datetimefield_value(value)
    if isinstance(value, datetime.date):
        return connection.ops.adapt_datefield_value(value)
    return value
