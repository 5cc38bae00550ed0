"""
Two-factor sign-in in chromium: an editor types the code their authenticator app shows, and a new
editor sets one up from the setup page, then keeps the recovery codes.
"""

import base64
import datetime
import re

import pytest
import time_machine

from tests.factories import code_from, editor

from .conftest import PASSWORD, expect, fresh_code

pytestmark = pytest.mark.browser


def sign_in_with_password(page, username):
    page.goto("/admin/")
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()


def test_an_editor_reaches_the_desk_with_the_code_from_their_app(newsroom, browser):
    with browser() as chrome:
        page = chrome.window().new_page()
        sign_in_with_password(page, newsroom.editor.get_username())

        page.wait_for_url("**/admin/two-factor/?next=*")
        expect(page.get_by_role("heading", name="Second step")).to_be_visible()
        expect(page.get_by_text("Signed in as edie")).to_be_visible()
        # Nothing of the desk shows before the code.
        expect(page.get_by_role("link", name="Articles")).to_have_count(0)
        chrome.screenshot(page, "code step")

        page.get_by_label("Code").fill("000000" if code_from(newsroom.editor_key) != "000000" else "111111")
        page.get_by_role("button", name="Verify").click()
        expect(page.locator(".errorlist")).to_contain_text("That code is not right")
        chrome.screenshot(page, "wrong code")

        # django-otp asks for a pause after a wrong code; a person takes longer than that to look again.
        # The server runs in this process: its clock moves on two seconds, the app's with it.
        with time_machine.travel(datetime.timedelta(seconds=2)):
            page.get_by_label("Code").fill(fresh_code(newsroom.editor_key))
            page.get_by_role("button", name="Verify").click()
            page.wait_for_url(re.compile(r".*/admin/$"))
            expect(page).to_have_title(re.compile(r"^Desk \|"))
            expect(page.locator("#content").get_by_role("link", name="Articles")).to_be_visible()
            chrome.screenshot(page, "the desk")


def test_a_new_editor_sets_up_an_authenticator_and_keeps_the_recovery_codes(transactional_db, browser):
    newcomer = editor(username="nova", first_name="Nova", last_name="Reyes")

    with browser() as chrome:
        page = chrome.window().new_page()
        sign_in_with_password(page, newcomer.get_username())

        page.wait_for_url("**/admin/two-factor/setup/?next=*")
        expect(page.get_by_role("img", name=re.compile("QR code that adds"))).to_be_visible()
        chrome.screenshot(page, "setup page")

        # What a person types into their app by hand, instead of scanning.
        key = base64.b32decode(page.locator("#secret").inner_text().replace(" ", ""))
        page.get_by_label("Code").fill(code_from(key))
        page.get_by_role("button", name="Confirm and continue").click()

        codes = page.locator("#recovery-codes li")
        expect(codes).to_have_count(10)
        expect(page.get_by_text("They are shown only this once")).to_be_visible()
        chrome.screenshot(page, "recovery codes")

        page.get_by_role("link", name="I have kept them: continue to the desk").click()
        page.wait_for_url(re.compile(r".*/admin/$"))
        expect(page).to_have_title(re.compile(r"^Desk \|"))
