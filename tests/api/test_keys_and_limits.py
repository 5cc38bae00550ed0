"""
Partners' keys and the rate limits: made in the admin and shown once, stored as a digest, revocable at
once, their last use recorded; limits per key or address, answered with 429 and Retry-After, counted in
the shared cache.
"""

import hashlib
import re
import uuid

import pytest
import redis
from django.core.cache import caches
from django.test import override_settings
from django.utils import timezone

from api import keys
from api.models import PartnerKey
from tests.api.stories import API
from tests.factories import ArticleFactory, editor, journalist

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin_client(client, django_user_model):
    admin = django_user_model.objects.create_superuser("keymaker", "keys@example.org", "pw")
    client.force_login(admin)
    return client


def issued_key(admin_client, name="Mobile app", rate=600):
    answer = admin_client.post(
        "/admin/api/partnerkey/add/", {"name": name, "requests_per_minute": rate, "note": "iOS and Android"}
    )
    assert answer.status_code == 200, answer.content
    return answer, re.search(r'value="(nk_[^"]+)"', answer.content.decode()).group(1)


def test_an_admin_makes_a_key_and_sees_it_once(admin_client):
    answer, key = issued_key(admin_client)
    assert "it is shown only on this page" in answer.content.decode()
    assert "no-store" in answer["Cache-Control"]
    partner_key = PartnerKey.objects.get()
    assert partner_key.digest == hashlib.sha256(key.encode()).hexdigest()
    assert partner_key.prefix == key[:10]
    assert partner_key.created_by.username == "keymaker"
    # Nowhere is the key itself kept: not in its row, not on its page.
    row = PartnerKey.objects.filter(pk=partner_key.pk).values().get()
    assert all(key not in str(value) for value in row.values())
    assert key not in admin_client.get(f"/admin/api/partnerkey/{partner_key.pk}/change/").content.decode()
    assert key not in admin_client.get("/admin/api/partnerkey/").content.decode()


@pytest.mark.parametrize("make_user", [editor, journalist])
def test_the_desk_does_not_manage_keys(client, make_user):
    client.force_login(make_user())
    assert client.get("/admin/api/partnerkey/").status_code == 403
    assert (
        client.post("/admin/api/partnerkey/add/", {"name": "Sneaky", "requests_per_minute": 10**6}).status_code == 403
    )
    assert not PartnerKey.objects.exists()


def test_a_key_is_recorded_when_used_and_refused_once_revoked(admin_client, client):
    _answer, key = issued_key(admin_client)
    story = ArticleFactory()
    assert client.get(f"{API}/stories/{story.pk}/", headers={"X-API-Key": key}).status_code == 200
    partner_key = PartnerKey.objects.get()
    assert partner_key.last_used_at is not None
    admin_client.post("/admin/api/partnerkey/", {"action": "revoke", "_selected_action": [partner_key.pk]})
    partner_key.refresh_from_db()
    assert partner_key.revoked_at is not None
    refused = client.get(f"{API}/stories/{story.pk}/", headers={"X-API-Key": key})
    assert refused.status_code == 401
    assert refused.json() == {"detail": "This API key is not valid, or it was revoked."}


def test_a_wrong_key_is_refused_rather_than_treated_as_anonymous(client):
    assert client.get(f"{API}/stories/", headers={"X-API-Key": "nk_guessed"}).status_code == 401


@override_settings(API_ANONYMOUS_REQUESTS_PER_MINUTE=2)
def test_guessing_keys_is_as_slow_as_the_anonymous_limit_and_fills_no_cache(client, django_assert_num_queries):
    for _ in range(2):
        # Looked up each time: a made-up key is never remembered.
        with django_assert_num_queries(1):
            assert client.get(f"{API}/sections/", headers={"X-API-Key": "nk_same_guess"}).status_code == 401
    guessed = client.get(f"{API}/sections/", headers={"X-API-Key": "nk_another_guess"})
    assert guessed.status_code == 429
    assert client.get(f"{API}/sections/").status_code == 429


@override_settings(API_ANONYMOUS_REQUESTS_PER_MINUTE=3)
def test_an_anonymous_address_is_limited_with_retry_after(client, time_machine):
    time_machine.move_to(timezone.now().replace(second=10), tick=False)
    for remaining in (2, 1, 0):
        answer = client.get(f"{API}/sections/")
        assert answer.status_code == 200
        assert answer["RateLimit-Remaining"] == str(remaining)
    refused = client.get(f"{API}/sections/")
    assert refused.status_code == 429
    assert refused["Retry-After"] == "50"
    assert "Too many requests: 3 a minute." in refused.json()["detail"]
    # Another address has its own allowance, and the next minute a new one.
    assert client.get(f"{API}/sections/", REMOTE_ADDR="192.0.2.9").status_code == 200
    time_machine.move_to(timezone.now().replace(second=0) + timezone.timedelta(minutes=1), tick=False)
    assert client.get(f"{API}/sections/").status_code == 200


@override_settings(API_ANONYMOUS_REQUESTS_PER_MINUTE=1)
def test_a_key_has_its_own_higher_limit(client, time_machine):
    time_machine.move_to(timezone.now().replace(second=5), tick=False)
    partner_key = PartnerKey(name="Partner", requests_per_minute=5)
    key = keys.issue(partner_key)
    client.get(f"{API}/sections/")
    assert client.get(f"{API}/sections/").status_code == 429
    statuses = [client.get(f"{API}/sections/", headers={"X-API-Key": key}).status_code for _ in range(6)]
    assert statuses == [200] * 5 + [429]


@override_settings(API_ANONYMOUS_REQUESTS_PER_MINUTE=2, PAGE_CACHE_SECONDS=300)
def test_answers_from_the_page_cache_count_too(client):
    story = ArticleFactory()
    assert client.get(f"{API}/stories/{story.pk}/")["X-Page-Cache"] == "miss"
    assert client.get(f"{API}/stories/{story.pk}/")["X-Page-Cache"] == "hit"
    assert client.get(f"{API}/stories/{story.pk}/").status_code == 429


def test_the_counts_live_in_the_shared_cache_for_every_worker(client, settings):
    prefix = f"test-{uuid.uuid4().hex[:8]}"
    settings.CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": "redis://127.0.0.1:6379/5",
            "KEY_PREFIX": prefix,
        }
    }
    settings.API_ANONYMOUS_REQUESTS_PER_MINUTE = 4
    server = redis.Redis.from_url("redis://127.0.0.1:6379/5")
    try:
        server.ping()
    except redis.ConnectionError:
        pytest.skip("needs Redis on 127.0.0.1:6379")
    try:
        for _ in range(3):
            client.get(f"{API}/sections/")
        counters = server.keys(f"{prefix}:*api:rate:address:127.0.0.1:*")
        assert len(counters) == 1 and int(server.get(counters[0])) == 3
        # Another worker's request, counted in the same place, reaches the limit for this one too.
        server.incr(counters[0])
        assert client.get(f"{API}/sections/").status_code == 429
    finally:
        for name in server.keys(f"{prefix}:*"):
            server.delete(name)
        caches["default"].close()
