"""
The framework's ceiling: one view that returns a constant, behind the site's own middleware.

Served by gunicorn with ``bench.ceiling_settings`` (never through the
product's URLs), it shows how many requests a second Django itself can answer
on this machine, to compare the cached article page with.
"""

from django.http import HttpResponse
from django.urls import path


def constant(request):
    return HttpResponse("The Orbital Desk\n", content_type="text/plain")


urlpatterns = [path("", constant)]
