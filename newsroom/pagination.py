"""
Pages of lists too long to count: the reader's listings and search results, and the desk's story list.

Django's paginator counts the whole list to number its pages; over a twenty-year archive that count
is a scan. This one is Django's, with two economies:

- ``count_cap=N`` counts at most N rows and ``capped`` says when there were more (the desk's list:
  "More than 10,000 articles").
- ``counted=False`` counts nothing (a section, a tag, an author, the corrections log). A page reads
  the ids of its rows and one more, so it knows whether an older page follows, which the date index
  answers on its own; then those rows with everything the template needs (or what ``read`` makes of
  the ids). It says "Page 3", newer and older, but not "of 4,812", and costs the same on page 1 of a
  new site and of the archive.

A page that is not there, past the end or not a whole number, is a 404 for the reader (``page_or_404``).
"""

from django.core import paginator
from django.core.paginator import EmptyPage, InvalidPage, PageNotAnInteger
from django.http import Http404
from django.utils.functional import cached_property

# Far past the end of any archive, and small enough for the database's OFFSET.
MAX_PAGE = 1_000_000


class Paginator(paginator.Paginator):
    """
    Django's paginator that counts at most ``count_cap`` rows, or with ``counted=False`` none; then a
    page's rows are ``read(ids)`` when given (in the order of the ids, some perhaps left out).
    """

    def __init__(
        self,
        object_list,
        per_page,
        orphans=0,
        allow_empty_first_page=True,
        *,
        count_cap=None,
        counted=True,
        read=None,
    ):
        super().__init__(object_list, per_page, orphans, allow_empty_first_page)
        self.count_cap = count_cap
        self.counted = counted
        self.read = read

    @cached_property
    def count(self):
        if not self.counted:
            raise TypeError("An uncounted list has no count: its pages know only whether another follows.")
        if self.count_cap is None:
            return super().count
        return min(self._bounded_count, self.count_cap)

    @cached_property
    def _bounded_count(self):
        # COUNT over a subquery with LIMIT: the database stops reading at the cap. Only the ids: the
        # columns the list annotates (such as subqueries) are worked out for the page's rows alone.
        return self.object_list.order_by().values("pk")[: self.count_cap + 1].count()

    @cached_property
    def capped(self):
        """Whether the list holds more rows than it counted."""
        return self.count_cap is not None and self._bounded_count > self.count_cap

    def validate_number(self, number):
        if self.counted:
            return super().validate_number(number)
        try:
            number = int(number)
        except (TypeError, ValueError):
            raise PageNotAnInteger(self.error_messages["invalid_page"]) from None
        if not 1 <= number <= MAX_PAGE:
            raise EmptyPage(self.error_messages["no_results"])
        return number

    def page(self, number):
        if self.counted:
            return super().page(number)
        number = self.validate_number(number)
        start = (number - 1) * self.per_page
        in_order = self.object_list.prefetch_related(None).values_list("pk", flat=True)
        ids = list(in_order[start : start + self.per_page + 1])
        if not ids and not (number == 1 and self.allow_empty_first_page):
            raise EmptyPage(self.error_messages["no_results"])
        shown = ids[: self.per_page]
        return UncountedPage(self._rows(shown), number, self, more=len(ids) > self.per_page)

    def _rows(self, ids):
        if not ids:
            return []
        if self.read is not None:
            return self.read(ids)
        rows = {row.pk: row for row in self.object_list.filter(pk__in=ids)}
        return [rows[pk] for pk in ids if pk in rows]


class UncountedPage(paginator.Page):
    """A page of an uncounted list: the row it read past its end tells whether an older page follows."""

    def __init__(self, object_list, number, paginator, *, more):
        super().__init__(object_list, number, paginator)
        self.more = more

    def has_next(self):
        return self.more


def page_or_404(pages, number):
    """Page ``number`` of ``pages`` (the query string's text; none is page 1); one that is not there is a 404."""
    try:
        return pages.page(number or 1)
    except InvalidPage:
        raise Http404("No such page") from None
