"""
The reference every share is taken against: a bare Django view behind ``startproject``'s middleware.

Served by gunicorn with ``bench.bare_settings`` (no project code, no project middleware), it shows
how many requests a second a freshly started Django project answers on this machine; the reader's
pages are stated as shares of it, measured in the same run, so the goals hold on any machine.
"""

from django.http import HttpResponse
from django.urls import path

PAGE = (
    '<!doctype html>\n<html lang="en">\n<head><meta charset="utf-8"><title>The Orbital Desk</title></head>\n'
    "<body><h1>The Orbital Desk</h1><p>Space exploration news and analysis.</p></body>\n</html>\n"
)


def constant(request):
    return HttpResponse(PAGE)


urlpatterns = [path("", constant)]
