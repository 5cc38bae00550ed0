"""Outside tools some tests need (chromium, Playwright, Java, the npm checkers)."""

import os

import pytest


def require_tool(available, what, hint=".ci/run installs it"):
    """
    Go on when the tool is there. Otherwise skip with a visible reason on a laptop, and fail on CI
    (``CI=true``), where every check must really run.
    """
    if available:
        return
    message = f"{what} is missing: {hint}"
    if os.environ.get("CI", "").lower() == "true":
        pytest.fail(message)
    pytest.skip(message)
