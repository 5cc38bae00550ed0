"""404 and 500 pages come in the site's layout, and the 500 page needs no database."""

import pytest
from django.urls import path

import newsroom.urls
from newsroom.urls import handler404, handler500  # noqa: F401  (a URLconf's error handlers)


def broken_view(request):
    raise RuntimeError("the printing press jammed")


urlpatterns = [path("broken/", broken_view), *newsroom.urls.urlpatterns]


@pytest.mark.django_db
def test_404_page_is_in_the_layout_with_search(client):
    response = client.get("/no/such/page/")
    assert response.status_code == 404
    html = response.content.decode()
    assert "<h1>We could not find that page</h1>" in html
    assert 'class="masthead"' in html and 'class="site-footer"' in html
    assert 'action="/search/"' in html
    assert '<meta name="robots" content="noindex">' in html


@pytest.mark.django_db
def test_500_page_is_in_the_layout(client, settings, django_assert_num_queries):
    settings.ROOT_URLCONF = __name__
    client.raise_request_exception = False
    with django_assert_num_queries(0):
        response = client.get("/broken/")
    assert response.status_code == 500
    html = response.content.decode()
    assert "<h1>Something went wrong on our side</h1>" in html
    assert 'class="masthead"' in html and 'class="site-footer"' in html
    assert "printing press" not in html
