"""
Pages of a story listing (a section, a tag, an author, the corrections log) that cost the same on
page 1 of a new site and on page 1 of a twenty-year archive.

A listing page reads its rows in two short queries and never counts the
archive: first the ids of the page, one more than it shows (so it knows whether
an older page exists), which the date index answers on its own; then those rows
with everything the template needs. The page says "Page 3", newer and older,
but not "of 4,812".
"""

from dataclasses import dataclass

from django.http import Http404

# Far past the end of any archive, and small enough for the database's OFFSET.
MAX_PAGE = 1_000_000


@dataclass
class ListingPage:
    """One page of a listing: the rows, its number and whether there are newer and older pages."""

    object_list: list
    number: int
    per_page: int
    has_next: bool

    def __iter__(self):
        return iter(self.object_list)

    def __len__(self):
        return len(self.object_list)

    def has_previous(self):
        return self.number > 1

    def has_other_pages(self):
        return self.has_previous() or self.has_next

    def previous_page_number(self):
        return self.number - 1

    def next_page_number(self):
        return self.number + 1

    def start_index(self):
        """The position of the page's first row in the whole listing, counting from 1."""
        return (self.number - 1) * self.per_page + 1 if self.object_list else 0


def page_number(raw):
    """The page asked for: a whole number from 1 to ``MAX_PAGE``; anything else is a 404, not page 1."""
    try:
        number = int(raw or 1)
    except (TypeError, ValueError):
        raise Http404("No such page") from None
    if not 1 <= number <= MAX_PAGE:
        raise Http404("No such page")
    return number


def listing_page(queryset, raw_number, per_page):
    """
    Page ``raw_number`` of an ordered ``queryset``: its ids first, then its rows, in the queryset's order.

    An empty first page is a page (a new section); an empty later page is a 404.
    """
    number = page_number(raw_number)
    start = (number - 1) * per_page
    ids = list(queryset.prefetch_related(None).values_list("pk", flat=True)[start : start + per_page + 1])
    if not ids and number > 1:
        raise Http404("No such page")
    shown = ids[:per_page]
    rows = {row.pk: row for row in queryset.filter(pk__in=shown)} if shown else {}
    return ListingPage([rows[pk] for pk in shown if pk in rows], number, per_page, has_next=len(ids) > per_page)
