"""Settings come from the environment, with safe defaults; production passes check --deploy."""

import json
import shutil
import subprocess
import sys

import pytest

from tests.environment import ROOT, check_deploy, clean_env, production_env

PRINT_SETTINGS = """
import json, django
from django.conf import settings
django.setup()
print(json.dumps({
    "DEBUG": settings.DEBUG,
    "ENGINE": settings.DATABASES["default"]["ENGINE"],
    "NAME": str(settings.DATABASES["default"]["NAME"]),
    "CACHE": settings.CACHES["default"]["BACKEND"],
    "CACHE_LOCATION": settings.CACHES["default"].get("LOCATION"),
    "ALLOWED_HOSTS": settings.ALLOWED_HOSTS,
    "CSRF_TRUSTED_ORIGINS": settings.CSRF_TRUSTED_ORIGINS,
    "MEDIA_ROOT": str(settings.MEDIA_ROOT),
    "USE_TZ": settings.USE_TZ,
    "TIME_ZONE": settings.TIME_ZONE,
    "EMAIL_BACKEND": settings.EMAIL_BACKEND,
    "STATICFILES": settings.STORAGES["staticfiles"]["BACKEND"],
    "SESSION_COOKIE_SECURE": settings.SESSION_COOKIE_SECURE,
    "TRUSTED_PROXY_COUNT": settings.TRUSTED_PROXY_COUNT,
    "TWO_FACTOR_REQUIRED": settings.TWO_FACTOR_REQUIRED,
    "SITE_URL": settings.SITE_URL,
}))
"""


def load_settings(tmp_path, **overrides):
    env = clean_env(VAR_DIR=str(tmp_path / "var"), **overrides)
    result = subprocess.run(
        [sys.executable, "-c", PRINT_SETTINGS], cwd=ROOT, env=env, capture_output=True, text=True, check=False
    )
    return result


def test_defaults_are_laptop_safe(tmp_path):
    result = load_settings(tmp_path, SECRET_KEY="x" * 60)
    assert result.returncode == 0, result.stderr
    values = json.loads(result.stdout)
    assert values["DEBUG"] is False
    assert values["ENGINE"] == "django.db.backends.sqlite3"
    assert values["NAME"] == str(tmp_path / "var" / "newsroom.sqlite3")
    assert values["CACHE"] == "django.core.cache.backends.locmem.LocMemCache"
    assert values["ALLOWED_HOSTS"] == []
    assert values["MEDIA_ROOT"] == str(tmp_path / "var" / "uploads")
    assert values["USE_TZ"] is True
    assert values["TIME_ZONE"] == "America/New_York"
    assert values["EMAIL_BACKEND"] == "django.core.mail.backends.console.EmailBackend"
    assert values["STATICFILES"] == "whitenoise.storage.CompressedManifestStaticFilesStorage"
    assert values["SESSION_COOKIE_SECURE"] is False
    assert values["TRUSTED_PROXY_COUNT"] == 0, "X-Forwarded-For is ignored unless a proxy is configured"
    assert values["TWO_FACTOR_REQUIRED"] is True
    assert values["SITE_URL"] == "http://127.0.0.1:8000"


@pytest.mark.skipif(shutil.which("make") is None, reason="make is not installed")
def test_make_run_on_another_port_names_that_port_in_absolute_addresses(tmp_path):
    """With no SITE_URL, canonical links, feeds and sitemaps name the port `make run PORT=` serves on."""
    dry_run = subprocess.run(
        ["make", "--dry-run", "run", "PORT=8123"], cwd=ROOT, env=clean_env(), capture_output=True, text=True, check=True
    )
    serving = [line.split() for line in dry_run.stdout.splitlines() if " runserver " in line]
    assert serving and serving[0][-1] == "127.0.0.1:8123"
    passed = dict(word.split("=", 1) for word in serving[0] if "=" in word)
    result = load_settings(tmp_path, SECRET_KEY="x" * 60, PORT=passed["PORT"])
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout)["SITE_URL"] == "http://127.0.0.1:8123"


def test_site_url_names_the_public_origin_whatever_the_port(tmp_path):
    result = load_settings(tmp_path, SECRET_KEY="x" * 60, PORT="8123", SITE_URL="https://news.example/")
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout)["SITE_URL"] == "https://news.example"


@pytest.mark.parametrize(
    ("env", "proxies"), [({"BEHIND_PROXY": "1"}, 1), ({"BEHIND_PROXY": "1", "TRUSTED_PROXY_COUNT": "2"}, 2)]
)
def test_the_proxies_in_front_are_configured_from_the_environment(tmp_path, env, proxies):
    result = load_settings(tmp_path, SECRET_KEY="x" * 60, **env)
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout)["TRUSTED_PROXY_COUNT"] == proxies


def test_secret_key_is_required_when_debug_is_off(tmp_path):
    result = load_settings(tmp_path)
    assert result.returncode != 0
    assert "SECRET_KEY must be set when DEBUG is off" in result.stderr


def test_debug_generates_and_keeps_a_laptop_key(tmp_path):
    first = load_settings(tmp_path, DEBUG="1")
    assert first.returncode == 0, first.stderr
    key_file = tmp_path / "var" / "secret_key"
    key = key_file.read_text()
    assert len(key) >= 50
    assert oct(key_file.stat().st_mode & 0o777) == "0o600"
    second = load_settings(tmp_path, DEBUG="1")
    assert second.returncode == 0
    assert key_file.read_text() == key
    assert json.loads(second.stdout)["ALLOWED_HOSTS"] == ["localhost", "127.0.0.1", "[::1]"]
    assert json.loads(second.stdout)["TWO_FACTOR_REQUIRED"] is False, "the demo signs in with a password alone"


def test_environment_overrides(tmp_path):
    result = load_settings(
        tmp_path,
        SECRET_KEY="y" * 60,
        DATABASE_URL="postgres://reporter:secret@db.example:5433/newsroom",
        REDIS_URL="redis://127.0.0.1:6379/3",
        ALLOWED_HOSTS="news.example, www.news.example",
        CSRF_TRUSTED_ORIGINS="https://news.example",
        EMAIL_HOST="smtp.example",
        TIME_ZONE="Europe/Paris",
        HTTPS="1",
    )
    assert result.returncode == 0, result.stderr
    values = json.loads(result.stdout)
    assert values["ENGINE"] == "django.db.backends.postgresql"
    assert values["NAME"] == "newsroom"
    assert values["CACHE"] == "django.core.cache.backends.redis.RedisCache"
    assert values["CACHE_LOCATION"] == "redis://127.0.0.1:6379/3"
    assert values["ALLOWED_HOSTS"] == ["news.example", "www.news.example"]
    assert values["CSRF_TRUSTED_ORIGINS"] == ["https://news.example"]
    assert values["EMAIL_BACKEND"] == "django.core.mail.backends.smtp.EmailBackend"
    assert values["TIME_ZONE"] == "Europe/Paris"
    assert values["SESSION_COOKIE_SECURE"] is True


def test_check_deploy_is_clean_in_production(tmp_path):
    code, output = check_deploy(production_env(tmp_path))
    assert code == 0, output
    assert "System check identified no issues" in output


@pytest.mark.parametrize("missing", ["HTTPS"])
def test_check_deploy_warns_without_https(tmp_path, missing):
    env = production_env(tmp_path)
    env.pop(missing)
    code, output = check_deploy(env)
    assert code != 0
    assert "security.W012" in output


def test_collectstatic_writes_hashed_names(tmp_path):
    env = production_env(tmp_path)
    env["STATIC_ROOT"] = str(tmp_path / "static")
    result = subprocess.run(
        [sys.executable, "manage.py", "collectstatic", "--noinput"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    manifest = json.loads((tmp_path / "static" / "staticfiles.json").read_text())
    hashed = manifest["paths"]["css/site.css"]
    assert hashed != "css/site.css" and hashed.startswith("css/site.")
    assert (tmp_path / "static" / hashed).exists()


ACCOUNT_SETTINGS = """
import json, django
from django.conf import settings
django.setup()
print(json.dumps({
    "session_secure": settings.SESSION_COOKIE_SECURE,
    "csrf_secure": settings.CSRF_COOKIE_SECURE,
    "session_httponly": settings.SESSION_COOKIE_HTTPONLY,
    "session_samesite": settings.SESSION_COOKIE_SAMESITE,
    "csrf_samesite": settings.CSRF_COOKIE_SAMESITE,
    "session_age": settings.SESSION_COOKIE_AGE,
    "hsts": settings.SECURE_HSTS_SECONDS,
    "ssl_redirect": settings.SECURE_SSL_REDIRECT,
    "validators": [v["NAME"].rsplit(".", 1)[-1] for v in settings.AUTH_PASSWORD_VALIDATORS],
    "axes_limit": settings.AXES_FAILURE_LIMIT,
}))
"""


def test_production_accounts_and_cookies_are_locked_down(tmp_path):
    result = subprocess.run(
        [sys.executable, "-c", ACCOUNT_SETTINGS],
        cwd=ROOT,
        env=production_env(tmp_path),
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    values = json.loads(result.stdout)
    assert values["session_secure"] and values["csrf_secure"] and values["session_httponly"]
    assert values["session_samesite"] == values["csrf_samesite"] == "Lax"
    assert 0 < values["session_age"] <= 60 * 60 * 12, "sessions expire within a working day"
    assert values["hsts"] >= 31536000 and values["ssl_redirect"]
    required = {"MinimumLengthValidator", "CommonPasswordValidator", "NumericPasswordValidator"}
    assert required <= set(values["validators"])
    assert values["axes_limit"] == 5


@pytest.mark.django_db
def test_weak_passwords_are_refused(client):
    from tests.factories import UserFactory

    UserFactory(username="root-admin", is_superuser=True)
    client.force_login(UserFactory(username="root-admin"))
    response = client.post(
        "/admin/auth/user/add/",
        {"username": "newreporter", "password1": "password", "password2": "password", "usable_password": "true"},
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert "This password is too common." in html or "too short" in html


def test_management_commands_work_without_a_key_but_serving_does_not(tmp_path):
    env = clean_env(VAR_DIR=str(tmp_path / "var"))
    command = subprocess.run(
        [sys.executable, "manage.py", "check"], cwd=ROOT, env=env, capture_output=True, text=True, check=False
    )
    assert command.returncode == 0, command.stderr
    assert (tmp_path / "var" / "secret_key").exists()
    serving = subprocess.run(
        [sys.executable, "-c", "import newsroom.wsgi"], cwd=ROOT, env=env, capture_output=True, text=True, check=False
    )
    assert serving.returncode != 0
    assert "SECRET_KEY must be set when DEBUG is off" in serving.stderr
