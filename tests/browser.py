"""
Debian's chromium, driven by Playwright: the one place that checks it is there and starts it, for the
browser journeys, the site checks and the picture library's scripts.

Start it only after the test's database work: while Playwright's sync API runs, the test's own thread
sits inside an event loop, where Django refuses database work. The live server answers from its own thread.
"""

import contextlib
from pathlib import Path

from tests.tools import require_tool

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking"]


def require_chromium(hint=".ci/run installs it"):
    """Skip (on CI, fail) when chromium or Playwright for Python is missing."""
    require_tool(CHROMIUM.exists(), "Debian's chromium (/usr/bin/chromium)", hint)
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError:
        require_tool(False, "Playwright for Python (requirements-dev.txt)", hint)


@contextlib.contextmanager
def chromium():
    """A headless chromium (Playwright's ``Browser``), closed on the way out."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS, headless=True)
        try:
            yield browser
        finally:
            browser.close()
