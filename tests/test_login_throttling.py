"""
Login throttling behind a proxy: failures lock one username at one address, and only the
configured proxies may say which address a request comes from.
"""

import datetime

import pytest
import time_machine
from django.test import RequestFactory
from django.utils import timezone

from newsroom.security import client_address
from tests.factories import editor

pytestmark = pytest.mark.django_db

LOGIN = "/admin/login/?next=/admin/"
PROXY = "10.0.0.2"
STRANGER = "198.51.100.7"
EDITOR_HOME = "203.0.113.40"
PASSWORD = "correct-horse-battery"


def sign_in(client, password, forwarded_for=None, remote_addr=PROXY):
    headers = {"REMOTE_ADDR": remote_addr}
    if forwarded_for is not None:
        headers["HTTP_X_FORWARDED_FOR"] = forwarded_for
    return client.post(LOGIN, {"username": "editor", "password": password}, **headers)


def lock_out(client, forwarded_for=None, remote_addr=PROXY):
    """Five wrong passwords for ``editor``: the fifth answers with the lockout page."""
    for attempt in range(1, 6):
        response = sign_in(client, "wrong-password", forwarded_for, remote_addr)
        assert response.status_code == (429 if attempt == 5 else 200)


@pytest.fixture
def behind_one_proxy(settings):
    settings.TRUSTED_PROXY_COUNT = 1


@pytest.fixture
def the_editor():
    return editor(username="editor")


def test_a_strangers_failures_leave_the_editor_free_to_sign_in_from_their_own_address(
    client, behind_one_proxy, the_editor
):
    lock_out(client, forwarded_for=STRANGER)

    response = sign_in(client, PASSWORD, forwarded_for=EDITOR_HOME)
    assert response.status_code == 302
    assert b"Too many failed logins" not in response.content


def test_the_stranger_stays_locked_even_with_the_right_password(client, behind_one_proxy, the_editor):
    lock_out(client, forwarded_for=STRANGER)

    locked = sign_in(client, PASSWORD, forwarded_for=STRANGER)
    assert locked.status_code == 429
    assert b"Too many failed logins" in locked.content


def test_behind_a_proxy_an_address_the_client_prepends_is_ignored(client, behind_one_proxy, the_editor):
    # The client writes the editor's address into the header; the proxy appends the real one.
    lock_out(client, forwarded_for=f"{EDITOR_HOME}, {STRANGER}")

    assert sign_in(client, PASSWORD, forwarded_for=f"{EDITOR_HOME}, {STRANGER}").status_code == 429
    assert sign_in(client, PASSWORD, forwarded_for=EDITOR_HOME).status_code == 302


def test_without_a_proxy_a_spoofed_header_does_not_free_a_locked_client(client, settings, the_editor):
    settings.TRUSTED_PROXY_COUNT = 0
    lock_out(client, forwarded_for=STRANGER, remote_addr="198.51.100.99")

    escape = sign_in(client, PASSWORD, forwarded_for=EDITOR_HOME, remote_addr="198.51.100.99")
    assert escape.status_code == 429
    # The same account from another connection is not affected.
    assert sign_in(client, PASSWORD, remote_addr=EDITOR_HOME).status_code == 302


def test_tries_during_a_lockout_do_not_extend_it(client, behind_one_proxy, the_editor):
    start = timezone.now()
    with time_machine.travel(start, tick=False):
        lock_out(client, forwarded_for=STRANGER)
    for minutes in (5, 10, 14):
        with time_machine.travel(start + datetime.timedelta(minutes=minutes), tick=False):
            assert sign_in(client, "wrong-password", forwarded_for=STRANGER).status_code == 429
    with time_machine.travel(start + datetime.timedelta(minutes=15, seconds=1), tick=False):
        assert sign_in(client, PASSWORD, forwarded_for=STRANGER).status_code == 302


@pytest.mark.parametrize(
    ("proxies", "forwarded_for", "remote_addr", "expected"),
    [
        # No proxy configured: the header is the client's own words and is ignored.
        (0, STRANGER, "198.51.100.99", "198.51.100.99"),
        (0, None, "198.51.100.99", "198.51.100.99"),
        # One proxy: the entry it appended, whatever the client wrote before it.
        (1, STRANGER, PROXY, STRANGER),
        (1, f"{EDITOR_HOME}, {STRANGER}", PROXY, STRANGER),
        (1, f"not-an-address, {STRANGER}", PROXY, STRANGER),
        (1, f"{STRANGER}, {EDITOR_HOME}", PROXY, EDITOR_HOME),
        # The header missing or unreadable: the connection's address, never a guess.
        (1, None, PROXY, PROXY),
        (1, "garbage", PROXY, PROXY),
        # Two proxies: the client is second from the right.
        (2, f"{EDITOR_HOME}, {STRANGER}, 10.0.0.9", PROXY, STRANGER),
        (2, STRANGER, PROXY, PROXY),
        # IPv6 clients come through as written.
        (1, "2001:db8::7", PROXY, "2001:db8::7"),
    ],
)
def test_client_address_trusts_exactly_the_configured_proxies(settings, proxies, forwarded_for, remote_addr, expected):
    settings.TRUSTED_PROXY_COUNT = proxies
    headers = {"REMOTE_ADDR": remote_addr}
    if forwarded_for is not None:
        headers["HTTP_X_FORWARDED_FOR"] = forwarded_for
    assert client_address(RequestFactory().get("/", **headers)) == expected
