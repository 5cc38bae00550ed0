"""
Short lists read together with the row they belong to.

A story page needs a handful of small lists (a story's tags, each author's
links, the names on a related story's byline). Fetched one by one, each costs a
query. ``JSONRows`` reads such a list as one JSON text column of its parent's
query instead (``json_agg`` on PostgreSQL, ``json_group_array`` on SQLite); the
page turns what ``rows`` returns into objects and keeps them in a plain list
attribute, as ``Prefetch(to_attr=...)`` would (``public.pages``).

Only short lists of plain values belong here, as the whole list travels in one
column: numbers and text, and days and times, which JSON carries as text (read
them with ``day`` and ``moment``); no decimals.
"""

import datetime
import json

from django.db import NotSupportedError
from django.db.models import F, Func, Subquery, TextField
from django.utils import timezone
from django.utils.dateparse import parse_date, parse_datetime

TEMPLATES = {
    "postgresql": "(SELECT COALESCE(json_agg(json_build_object({pairs}))::text, '[]') FROM {rows} AS json_rows)",
    "sqlite": "(SELECT COALESCE(json_group_array(json_object({pairs})), '[]') FROM {rows} AS json_rows)",
}


class JSONRows(Subquery):
    """
    The rows of ``queryset`` as a JSON array of objects, one key per keyword argument.

    ``JSONRows(AuthorLink.objects.filter(author=OuterRef("author_id")), label="label", url="url")``
    annotates each row with ``'[{"label": …, "url": …}, …]'``; read it with ``rows``.
    The order of the array is not defined: sort what ``rows`` returns.
    """

    def __init__(self, queryset, **fields):
        if not fields:
            raise ValueError("JSONRows needs at least one field.")
        self.keys = list(fields)
        # Private column names: the keys may repeat a field's own name ("id", "name").
        columns = {self._column(key): F(path) if isinstance(path, str) else path for key, path in fields.items()}
        super().__init__(queryset.order_by().values(**columns), output_field=TextField())

    @staticmethod
    def _column(key):
        return f"json_row_{key}"

    def as_sql(self, compiler, connection, template=None, **extra_context):
        try:
            outer = TEMPLATES[connection.vendor]
        except KeyError:
            raise NotSupportedError(f"JSONRows does not support {connection.vendor}.") from None
        rows, params = super().as_sql(compiler, connection, **extra_context)
        quote = connection.ops.quote_name
        pairs = ", ".join(f"'{key}', json_rows.{quote(self._column(key))}" for key in self.keys)
        return outer.format(pairs=pairs, rows=rows), params


ITEM_TEMPLATES = {
    "postgresql": "(SELECT json_array_elements_text(({expression})::json))",
    "sqlite": "(SELECT value FROM json_each({expression}))",
}


class JSONItems(Func):
    """
    The items of a JSON array of text held in a column (``json.dumps(["a", "b"])``), as a subquery for
    ``__in``: ``KeyVersion.objects.filter(key__in=JSONItems(OuterRef("keys")))`` looks each item up
    by the index, as a list of values would.
    """

    arity = 1
    output_field = TextField()

    def as_sql(self, compiler, connection, **extra_context):
        try:
            template = ITEM_TEMPLATES[connection.vendor]
        except KeyError:
            raise NotSupportedError(f"JSONItems does not support {connection.vendor}.") from None
        expression, params = compiler.compile(self.source_expressions[0])
        return template.format(expression=expression), params


def rows(value):
    """The list of dicts a ``JSONRows`` column holds (an empty list for none)."""
    return json.loads(value) if value else []


def day(value):
    """A date a ``JSONRows`` column (or a raw row) carried as text, or None; a date stays as it is."""
    if not value or isinstance(value, datetime.date):
        return value or None
    return parse_date(value)


def moment(value):
    """
    A time a ``JSONRows`` column (or a raw row) carried, or None: PostgreSQL writes its offset, SQLite
    writes none (Django keeps its times there in UTC); a time PostgreSQL's driver read stays as it is.
    """
    if not value:
        return None
    parsed = value if isinstance(value, datetime.datetime) else parse_datetime(value)
    return timezone.make_aware(parsed, datetime.UTC) if timezone.is_naive(parsed) else parsed
