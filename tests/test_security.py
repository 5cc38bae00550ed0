"""Security headers on public and admin pages, and login throttling."""

import base64
import hashlib
import re

import pytest

from tests.factories import ArticleFactory, editor

pytestmark = pytest.mark.django_db


def policy(response):
    directives = {}
    for part in response["Content-Security-Policy"].split(";"):
        name, *values = part.split()
        directives[name] = values
    return directives


@pytest.fixture
def story():
    return ArticleFactory()


@pytest.mark.parametrize("path", ["/", "story", "/authors/"])
def test_public_pages_carry_strict_headers(client, story, path):
    response = client.get(story.get_absolute_url() if path == "story" else path)
    assert response.status_code == 200
    csp = policy(response)
    assert csp["script-src"] == ["'self'"]
    assert "'unsafe-inline'" not in csp["style-src"]
    assert csp["frame-ancestors"] == ["'none'"]
    assert csp["object-src"] == ["'none'"]
    assert response["X-Frame-Options"] == "DENY"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "strict-origin-when-cross-origin"
    assert "geolocation=()" in response["Permissions-Policy"]
    assert "camera=()" in response["Permissions-Policy"]


def test_admin_has_its_own_policy_allowing_only_the_editors_import_map(client):
    client.force_login(editor())
    response = client.get("/admin/articles/article/add/")
    assert response.status_code == 200
    csp = policy(response)
    assert "'unsafe-inline'" not in csp["script-src"]
    html = response.content.decode()
    importmaps = re.findall(r'<script type="importmap">(.*?)</script>', html, re.S)
    assert importmaps, "the rich-text editor renders an import map"
    for body in importmaps:
        digest = base64.b64encode(hashlib.sha256(body.encode()).digest()).decode()
        assert f"'sha256-{digest}'" in csp["script-src"]
    inline_scripts = re.findall(r"<script(?![^>]*\bsrc=)([^>]*)>", html)
    assert all('type="importmap"' in attrs or "application/json" in attrs for attrs in inline_scripts)
    assert response["X-Frame-Options"] == "DENY"


def test_admin_login_page_has_headers(client):
    response = client.get("/admin/login/")
    assert "Content-Security-Policy" in response
    assert response["X-Frame-Options"] == "DENY"


def test_hsts_on_https_in_production(client, settings, story):
    settings.SECURE_HSTS_SECONDS = 31536000
    settings.SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    response = client.get("/", secure=True)
    assert response["Strict-Transport-Security"] == "max-age=31536000; includeSubDomains"


def test_session_and_csrf_cookies_are_httponly_and_samesite(client):
    editor(username="cookie-check")
    response = client.post(
        "/admin/login/?next=/admin/",
        {"username": "cookie-check", "password": "correct-horse-battery"},
    )
    assert response.status_code == 302
    session = response.cookies["sessionid"]
    assert session["httponly"] and session["samesite"] == "Lax"


class TestLoginThrottling:
    def login(self, client, password):
        return client.post("/admin/login/?next=/admin/", {"username": "target", "password": password})

    def test_repeated_failures_lock_the_account_with_a_clear_message(self, client):
        editor(username="target")
        for _ in range(4):
            response = self.login(client, "wrong-password")
            assert response.status_code == 200
            assert b"Please enter the correct username and password" in response.content
        locked = self.login(client, "wrong-password")
        assert locked.status_code == 429
        assert b"Too many failed logins" in locked.content
        assert b"Try again in 15 minutes" in locked.content
        # Even the right password is refused while locked.
        assert self.login(client, "correct-horse-battery").status_code == 429

    def test_success_resets_the_count(self, client):
        editor(username="target")
        for _ in range(3):
            self.login(client, "wrong-password")
        assert self.login(client, "correct-horse-battery").status_code == 302
        client.logout()
        for _ in range(3):
            assert self.login(client, "wrong-password").status_code == 200
