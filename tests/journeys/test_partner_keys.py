"""An administrator gives a partner an API key in the desk, the partner reads with it, and the key is revoked."""

import json
import re
import urllib.error
import urllib.request

import pytest

from tests.factories import ArticleFactory, UserFactory, authenticator
from tests.journeys.conftest import expect, log_in

pytestmark = pytest.mark.browser


def api_status(url, key):
    request = urllib.request.Request(url, headers={"X-API-Key": key})
    try:
        with urllib.request.urlopen(request, timeout=10) as answer:
            return answer.status, answer.headers.get("RateLimit-Limit"), json.loads(answer.read())
    except urllib.error.HTTPError as error:
        return error.code, None, json.loads(error.read())


def test_an_administrator_issues_and_revokes_a_partners_key(transactional_db, browser, live_server):
    administrator = UserFactory(username="ada", is_staff=True, is_superuser=True)
    key_secret = authenticator(administrator).bin_key
    ArticleFactory(headline="Launch window opens")
    with browser() as chrome:
        desk = chrome.window()
        page = log_in(desk, administrator, authenticator_key=key_secret)
        page.goto("/admin/api/partnerkey/add/")
        page.get_by_label("Name").fill("Mobile app (iOS)")
        page.get_by_label("Requests a minute").fill("900")
        page.get_by_label("Note").fill("Contact: apps@partner.example")
        chrome.screenshot(page, "a new key for a partner")
        page.get_by_role("button", name="Save", exact=True).click()
        key = page.get_by_label("API key").input_value()
        assert re.fullmatch(r"nk_[A-Za-z0-9_-]{40,}", key)
        expect(page.get_by_text("it is shown only on this page")).to_be_visible()
        chrome.screenshot(page, "the key shown once")

        status, limit, stories = api_status(f"{live_server.url}/api/v1/stories/", key)
        assert (status, limit) == (200, "900")
        assert [story["headline"] for story in stories["items"]] == ["Launch window opens"]

        page.goto("/admin/api/partnerkey/")
        assert key not in page.content()
        page.get_by_role("row", name=re.compile("Mobile app")).get_by_role("checkbox").check()
        page.locator("select[name=action]").select_option(label="Revoke the selected keys (they stop working at once)")
        page.get_by_role("button", name="Go").click()
        expect(page.get_by_text("1 key revoked.")).to_be_visible()
        expect(
            page.get_by_role("row", name=re.compile("Mobile app")).get_by_text(re.compile("^Revoked"))
        ).to_be_visible()
        chrome.screenshot(page, "the key revoked")

        status, _limit, refused = api_status(f"{live_server.url}/api/v1/stories/", key)
        assert status == 401 and "revoked" in refused["detail"]
