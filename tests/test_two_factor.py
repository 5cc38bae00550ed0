"""
Two-factor sign-in for the desk: who must pass the second step, what an account that has not
passed it can reach (nothing), the code step, setting up an authenticator, and recovery codes.

These tests sign in with the password alone (``password_only``) and take the second step
through its own pages.
"""

import base64
import datetime
import re

import pytest
import time_machine
from axes.models import AccessAttempt
from django.contrib import admin
from django.contrib.auth.models import Group, Permission
from django.test import Client
from django.urls import URLPattern, URLResolver
from django.utils import timezone
from django_otp.plugins.otp_totp.models import TOTPDevice

from articles.models import AuditEntry, Status
from tests.environment import check_deploy, production_env
from tests.factories import ArticleFactory, AuthorFactory, UserFactory, authenticator, code_from, editor, journalist

pytestmark = [pytest.mark.django_db, pytest.mark.password_only]

PASSWORD = "correct-horse-battery"
VERIFY = "/admin/two-factor/"
SETUP = "/admin/two-factor/setup/"
RECOVERY = "/admin/two-factor/recovery-codes/"
DESK_INDEX = "<title>Desk |"  # the admin's front page, the desk


def signed_in(user):
    """A browser that has given ``user``'s password and nothing more."""
    client = Client()
    client.force_login(user)
    return client


def pass_second_step(client, device):
    """Type the code the authenticator app shows now into the code page."""
    response = client.post(VERIFY, {"code": code_from(device.bin_key)})
    assert response.status_code == 302, response.content.decode()
    return response


def desk_is_open(client):
    response = client.get("/admin/")
    return response.status_code == 200 and DESK_INDEX in response.content.decode()


def publisher():
    """An account with the publish right through a group other than Editors."""
    night_desk, _ = Group.objects.get_or_create(name="Night desk")
    night_desk.permissions.add(
        Permission.objects.get(content_type__app_label="articles", codename="publish_article"),
        Permission.objects.get(content_type__app_label="articles", codename="change_article"),
        Permission.objects.get(content_type__app_label="articles", codename="view_article"),
    )
    user = UserFactory(username="night-desk")
    user.groups.add(night_desk)
    return user


PEOPLE = {
    "editor": lambda: editor(username="editor"),
    "superuser": lambda: UserFactory(username="root", is_superuser=True),
    "publisher": publisher,
    "journalist": lambda: journalist(username="writer"),
}
# The step each one takes on their own draft: the desk publishes, a journalist submits.
STEP = {"editor": "publish", "superuser": "publish", "publisher": "publish", "journalist": "submit"}

# who, TWO_FACTOR_FOR_JOURNALISTS, authenticator set up, second step passed -> desk open, or where they are sent
MATRIX = [
    ("editor", False, False, False, SETUP),
    ("editor", False, True, False, VERIFY),
    ("editor", False, True, True, "open"),
    ("superuser", False, False, False, SETUP),
    ("superuser", False, True, False, VERIFY),
    ("superuser", False, True, True, "open"),
    ("publisher", False, False, False, SETUP),
    ("publisher", False, True, True, "open"),
    ("journalist", False, False, False, "open"),
    ("journalist", True, False, False, SETUP),
    ("journalist", True, True, False, VERIFY),
    ("journalist", True, True, True, "open"),
    # A journalist who chose to set one up must use it.
    ("journalist", False, True, False, VERIFY),
    ("journalist", False, True, True, "open"),
]


@pytest.mark.parametrize(("who", "journalists_too", "enrolled", "verified", "outcome"), MATRIX)
def test_who_reaches_the_desk(settings, who, journalists_too, enrolled, verified, outcome):
    settings.TWO_FACTOR_FOR_JOURNALISTS = journalists_too
    user = PEOPLE[who]()
    story = ArticleFactory(status=Status.DRAFT, published_at=None, created_by=user, authors=[AuthorFactory(user=user)])
    client = signed_in(user)
    if enrolled:
        device = authenticator(user)
    if verified:
        pass_second_step(client, device)

    index = client.get("/admin/")
    step = client.post(
        f"/admin/articles/article/{story.pk}/transition/{STEP[who]}/", {"note": "Ready.", "confirm": "yes"}
    )
    story.refresh_from_db()

    if outcome == "open":
        assert index.status_code == 200 and DESK_INDEX in index.content.decode()
        assert story.status != Status.DRAFT
        assert AuditEntry.objects.filter(article=story).count() == 1
    else:
        # Sent to sign in, and from there to the second step; nothing of the desk is served or changed.
        assert index.status_code == 302 and index["Location"] == "/admin/login/?next=/admin/"
        assert DESK_INDEX not in index.content.decode()
        landing = client.get(index["Location"])
        assert landing.status_code == 302 and landing["Location"] == f"{outcome}?next=%2Fadmin%2F"
        assert step.status_code == 302 and step["Location"].startswith("/admin/login/")
        assert story.status == Status.DRAFT
        assert not AuditEntry.objects.filter(article=story).exists()


def test_the_editors_group_needs_the_second_step_whatever_rights_it_carries():
    user = editor()
    Group.objects.get(name="Editors").permissions.clear()
    response = signed_in(user).get("/admin/")
    assert response.status_code == 302 and response["Location"].startswith("/admin/login/")


def test_the_demo_may_skip_the_second_step(settings):
    settings.TWO_FACTOR_REQUIRED = False
    assert desk_is_open(signed_in(editor()))


def example_path(route):
    """An address that an admin URL pattern answers, with 1 for every argument."""
    route = re.sub(r"<(?:\w+:)?\w+>", "1", route)
    route = re.sub(r"\(\?P<\w+>([^)|]*)[^)]*\)", r"\1", route)
    return "/admin/" + route.replace("^", "").replace("$", "")


def admin_patterns(patterns, prefix=""):
    """Every URL pattern of the admin site, with its route from the site's root."""
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            yield from admin_patterns(pattern.url_patterns, prefix + str(pattern.pattern))
        elif isinstance(pattern, URLPattern):
            yield pattern, prefix + str(pattern.pattern)


SECOND_STEP_PAGES = {"two_factor_verify", "two_factor_setup", "two_factor_sign_out", "login"}


def test_every_admin_address_sends_an_unverified_editor_to_sign_in():
    user = editor()
    authenticator(user)
    client = signed_in(user)
    checked = []
    for pattern, route in admin_patterns(admin.site.get_urls()):
        if pattern.name in SECOND_STEP_PAGES or pattern.callback.__name__ == "catch_all_view":
            continue
        url = example_path(route)
        for method in (client.get, client.post):
            response = method(url)
            assert response.status_code == 302, (url, method.__name__, response.status_code)
            # Django's admin sends a log-out it refuses to the front page, which sends on to sign in.
            expected = "/admin/" if pattern.name == "logout" else "/admin/login/?next="
            assert response["Location"].startswith(expected), (url, response["Location"])
        checked.append(url)
    # The custom views too: workflow steps, the picture picker, previews, revisions, autosave.
    assert "/admin/articles/article/1/transition/1/" in checked
    assert "/admin/media/image/picker/" in checked
    assert "/admin/articles/article/1/preview/" in checked
    assert len(checked) > 90


# The code step -----------------------------------------------------------------------------------


def test_the_password_leads_to_the_code_step_and_the_code_to_where_it_was_going():
    user = editor(username="editor")
    device = authenticator(user)
    client = Client()
    response = client.post("/admin/login/?next=/admin/articles/article/", {"username": "editor", "password": PASSWORD})
    assert response.status_code == 302
    assert response["Location"] == f"{VERIFY}?next=%2Fadmin%2Farticles%2Farticle%2F"

    page = client.get(response["Location"])
    html = page.content.decode()
    assert page.status_code == 200
    assert "Enter the six-digit code your authenticator app" in html
    assert 'autocomplete="one-time-code"' in html

    password_session = client.cookies["sessionid"].value
    done = client.post(VERIFY, {"code": code_from(device.bin_key), "next": "/admin/articles/article/"})
    assert done.status_code == 302 and done["Location"] == "/admin/articles/article/"
    # A verified session gets a new key: one picked up before the code step is worth nothing.
    assert client.cookies["sessionid"].value != password_session
    assert client.get("/admin/articles/article/").status_code == 200


def test_an_account_without_an_authenticator_is_sent_from_the_password_to_the_setup_page():
    editor(username="editor")
    response = Client().post("/admin/login/", {"username": "editor", "password": PASSWORD, "next": "/admin/"})
    assert response.status_code == 302 and response["Location"] == f"{SETUP}?next=%2Fadmin%2F"


def test_a_wrong_code_is_refused_and_the_desk_stays_closed():
    user = editor()
    device = authenticator(user)
    client = signed_in(user)
    wrong = f"{(int(code_from(device.bin_key)) + 1) % 1_000_000:06d}"

    response = client.post(VERIFY, {"code": wrong})
    assert response.status_code == 200
    assert "That code is not right" in response.content.decode()
    assert not desk_is_open(client)


def test_wrong_codes_slow_further_tries_down():
    user = editor()
    device = authenticator(user)
    client = signed_in(user)
    now = timezone.now()
    with time_machine.travel(now, tick=False):
        client.post(VERIFY, {"code": "000000" if code_from(device.bin_key) != "000000" else "111111"})
        # Even the right code waits until the pause is over.
        response = client.post(VERIFY, {"code": code_from(device.bin_key)})
        assert "Too many wrong codes in a row. Wait 1 second and try again." in response.content.decode()
        assert not desk_is_open(client)
    with time_machine.travel(now + datetime.timedelta(seconds=2), tick=False):
        pass_second_step(client, device)
        assert desk_is_open(client)


def test_wrong_codes_count_with_wrong_passwords_towards_the_lockout():
    user = editor(username="editor")
    device = authenticator(user)
    client = signed_in(user)
    start = timezone.now()
    # Past django-otp's growing pauses (1, 2, 4, 8 s), so each code is really checked.
    for attempt in range(5):
        with time_machine.travel(start + datetime.timedelta(seconds=60 * attempt), tick=False):
            response = client.post(VERIFY, {"code": "not-a-code"})
    assert response.status_code == 429
    assert "Too many failed logins" in response.content.decode()
    # The log of failed attempts keeps no code, right or wrong.
    assert "not-a-code" not in AccessAttempt.objects.get(username="editor").post_data
    with time_machine.travel(start + datetime.timedelta(minutes=5), tick=False):
        assert client.post(VERIFY, {"code": code_from(device.bin_key)}).status_code == 429
        assert Client().post("/admin/login/", {"username": "editor", "password": PASSWORD}).status_code == 429


def test_the_code_step_goes_only_to_addresses_on_this_site():
    user = editor()
    device = authenticator(user)
    response = signed_in(user).post(VERIFY, {"code": code_from(device.bin_key), "next": "https://evil.example/"})
    assert response["Location"] == "/admin/"


def test_sign_out_from_the_code_step():
    user = editor()
    authenticator(user)
    client = signed_in(user)
    assert 'action="/admin/two-factor/sign-out/"' in client.get(VERIFY).content.decode()
    assert client.post("/admin/two-factor/sign-out/")["Location"] == "/admin/login/"
    assert client.get(VERIFY)["Location"].startswith("/admin/login/")


# Setting up an authenticator, and recovery codes ---------------------------------------------------


def secret_on(page):
    """The key the setup page writes out for typing into an app, as bytes."""
    written = re.search(r'<code class="secret" id="secret">([A-Z2-7 ]+)</code>', page.content.decode()).group(1)
    return base64.b32decode(written.replace(" ", ""))


def codes_on(page):
    return re.findall(r"<li><code>([a-z2-7]{8})</code></li>", page.content.decode())


def set_up(client):
    """Set up an authenticator through the setup page; returns the key and the recovery codes shown."""
    page = client.get(SETUP)
    key = secret_on(page)
    done = client.post(SETUP, {"code": code_from(key), "next": "/admin/"})
    assert done.status_code == 200, done.content.decode()
    return key, codes_on(done)


def test_setup_enrols_an_authenticator_with_a_first_code_and_shows_ten_recovery_codes_once():
    user = editor()
    client = signed_in(user)
    page = client.get(SETUP)
    html = page.content.decode()
    assert page.status_code == 200
    assert 'src="data:image/svg+xml;base64,' in html and "QR code that adds" in html
    key = secret_on(page)
    assert TOTPDevice.objects.get(user=user, confirmed=False).bin_key == key

    done = client.post(SETUP, {"code": code_from(key), "next": "/admin/"})
    codes = codes_on(done)
    assert len(codes) == len(set(codes)) == 10
    assert "They are shown only this once" in done.content.decode()
    assert TOTPDevice.objects.get(user=user).confirmed
    # The setup verified this session; the codes appear nowhere else.
    assert desk_is_open(client)
    assert not set(codes) & set(codes_on(client.get(RECOVERY)))

    # The next sign-in asks for the app's code.
    later = Client()
    response = later.post("/admin/login/", {"username": user.get_username(), "password": PASSWORD})
    assert response["Location"].startswith(VERIFY)


def test_setup_with_a_wrong_code_enrols_nothing():
    user = editor()
    client = signed_in(user)
    key = secret_on(client.get(SETUP))
    response = client.post(SETUP, {"code": f"{(int(code_from(key)) + 1) % 1_000_000:06d}"})
    assert "That code is not right" in response.content.decode()
    # The same key is offered again, still unconfirmed.
    assert secret_on(response) == key
    assert not TOTPDevice.objects.filter(user=user, confirmed=True).exists()
    assert not desk_is_open(client)


def test_a_password_alone_cannot_replace_an_authenticator():
    user = editor()
    device = authenticator(user)
    client = signed_in(user)
    for response in (client.get(SETUP), client.post(SETUP, {"code": "123456"})):
        assert response.status_code == 302 and response["Location"].startswith(VERIFY)
    assert list(TOTPDevice.objects.filter(user=user)) == [device]


def test_a_verified_account_replaces_its_authenticator():
    user = editor()
    old = authenticator(user)
    client = signed_in(user)
    pass_second_step(client, old)
    page = client.get(SETUP)
    assert "replaces the one you use now" in page.content.decode()
    new_key = secret_on(page)
    client.post(SETUP, {"code": code_from(new_key)})
    assert [device.bin_key for device in TOTPDevice.objects.filter(user=user)] == [new_key]


def test_a_recovery_code_works_once():
    user = editor()
    _, codes = set_up(signed_in(user))

    phone_lost = signed_in(user)
    assert phone_lost.post(VERIFY, {"code": codes[0].upper()})["Location"] == "/admin/"
    assert desk_is_open(phone_lost)

    again = signed_in(user)
    response = again.post(VERIFY, {"code": codes[0]})
    assert response.status_code == 200 and "That code is not right" in response.content.decode()
    assert not desk_is_open(again)
    assert "You have <strong>9</strong> unused recovery codes" in phone_lost.get(RECOVERY).content.decode()


def test_new_recovery_codes_cancel_the_old_ones():
    user = editor()
    first = signed_in(user)
    _, old_codes = set_up(first)
    response = first.post(RECOVERY)
    new_codes = codes_on(response)
    assert len(new_codes) == 10 and not set(new_codes) & set(old_codes)

    other = signed_in(user)
    assert other.post(VERIFY, {"code": old_codes[1]}).status_code == 200
    assert not desk_is_open(other)
    # After the pause a wrong code earns, the new set works.
    with time_machine.travel(timezone.now() + datetime.timedelta(seconds=2)):
        assert other.post(VERIFY, {"code": new_codes[1]}).status_code == 302
        assert desk_is_open(other)


def test_recovery_codes_need_the_second_step():
    user = editor()
    authenticator(user)
    client = signed_in(user)
    for response in (client.get(RECOVERY), client.post(RECOVERY)):
        assert response.status_code == 302 and response["Location"].startswith("/admin/login/")


def test_a_journalist_may_choose_to_set_one_up(settings):
    settings.TWO_FACTOR_FOR_JOURNALISTS = False
    writer = journalist()
    client = signed_in(writer)
    assert desk_is_open(client)
    assert "Two-factor sign-in" in client.get("/admin/").content.decode()
    assert client.get(RECOVERY)["Location"].startswith(SETUP)
    assert "so a stolen password alone cannot open your account" in client.get(SETUP).content.decode()
    set_up(client)
    assert not desk_is_open(signed_in(writer))


def test_a_superuser_removes_a_lost_authenticator_without_seeing_its_secret():
    root = UserFactory(username="root", is_superuser=True)
    colleague = editor(username="colleague")
    lost = authenticator(colleague)
    admin_client = signed_in(root)
    pass_second_step(admin_client, authenticator(root))

    page = admin_client.get(f"/admin/otp_totp/totpdevice/{lost.pk}/change/")
    assert page.status_code == 200 and lost.key not in page.content.decode()
    admin_client.post(f"/admin/otp_totp/totpdevice/{lost.pk}/delete/", {"post": "yes"})

    response = Client().post("/admin/login/", {"username": "colleague", "password": PASSWORD, "next": "/admin/"})
    assert response["Location"].startswith(SETUP)


def test_production_warns_when_the_second_step_is_switched_off(tmp_path):
    env = production_env(tmp_path)
    env["TWO_FACTOR_REQUIRED"] = "0"
    code, output = check_deploy(env)
    assert code != 0
    assert "accounts.W001" in output
