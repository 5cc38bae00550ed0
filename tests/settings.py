"""Settings for the test suite: the real settings, with a test key and a fast password hasher."""

import os

os.environ.setdefault("SECRET_KEY", "tests-only-key-not-for-production-0123456789abcdefghijklmnop")
# The tests' addresses name the default origin, whatever PORT the shell holds for a development server.
os.environ.setdefault("SITE_URL", "http://127.0.0.1:8000")

from newsroom.settings import *  # noqa: F403

# Hashing passwords slowly protects real accounts; tests make hundreds of them.
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
# Tests render templates without running collectstatic first.
STORAGES = {**STORAGES, "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}}  # noqa: F405
# Static files come straight from the app folders; collectstatic has its own test.
STATIC_ROOT = None
WHITENOISE_USE_FINDERS = True
# The page cache has its own tests (tests/test_page_cache.py), which switch it on.
PAGE_CACHE_SECONDS = 0
# The API's rate limits have their own tests (tests/api/test_keys_and_limits.py), which set them low.
API_ANONYMOUS_REQUESTS_PER_MINUTE = 100_000
