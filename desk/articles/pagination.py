"""Pages of the desk's story list, counted only as far as anyone pages."""

from django.core.paginator import Paginator
from django.utils.functional import cached_property

# A hundred pages of a hundred stories: past that, the desk searches or filters.
COUNT_CAP = 10_000


class CappedCountPaginator(Paginator):
    """
    A paginator that counts at most ``COUNT_CAP`` rows, so the story list costs the same on an archive
    of ten thousand stories or ten million; ``capped`` says when there were more.
    """

    @cached_property
    def _bounded_count(self):
        # COUNT over a subquery with LIMIT: the database stops reading at the cap. Only the ids: the
        # columns the list annotates (such as subqueries) are worked out for the page's rows alone.
        return self.object_list.order_by().values("pk")[: COUNT_CAP + 1].count()

    @cached_property
    def count(self):
        return min(self._bounded_count, COUNT_CAP)

    @cached_property
    def capped(self):
        return self._bounded_count > COUNT_CAP
