"""
What the site checks need: the demo newsroom's public pages and the outside tools.

The Nu Html Checker (vnu-jar) and axe-core come from npm (``npm ci``), Java and
chromium from the machine. On a laptop without them the checks skip and say
why; with ``CI=true`` a missing tool fails the build instead.
"""

import shutil
from pathlib import Path

import pytest
from django.conf import settings

from articles.models import Correction
from tests.browser import chromium, require_chromium
from tests.tools import require_tool

NODE_MODULES = Path(settings.BASE_DIR) / "node_modules"
VNU_JAR = NODE_MODULES / "vnu-jar" / "build" / "dist" / "vnu.jar"
AXE_SCRIPT = NODE_MODULES / "axe-core" / "axe.min.js"
WCAG_21_AA = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
RUN_AXE = "async (tags) => (await axe.run(document, {runOnly: {type: 'tag', values: tags}})).violations"
SERIOUS = {"serious", "critical"}
SITE_TOOLS = "`make site-tools` installs the npm tools; .ci/run installs them all"


def require(available, what):
    """Skip (or, on CI, fail) when a tool the check needs is missing."""
    require_tool(available, what, SITE_TOOLS)


@pytest.fixture
def vnu_command():
    java = shutil.which("java")
    require(java, "Java (for the Nu Html Checker)")
    require(VNU_JAR.exists(), f"The Nu Html Checker ({VNU_JAR.relative_to(settings.BASE_DIR)})")
    return [java, "-jar", str(VNU_JAR)]


@pytest.fixture
def axe_script():
    require(AXE_SCRIPT.exists(), f"axe-core ({AXE_SCRIPT.relative_to(settings.BASE_DIR)})")
    require_chromium(SITE_TOOLS)
    return AXE_SCRIPT.read_text()


def demo_pages(seed_article):
    """The public pages the checks cover, as (name, path), from the demo newsroom."""
    Correction.objects.create(article=seed_article, text="An earlier version gave the wrong day for the talks.")
    return [
        ("home", "/"),
        ("article", seed_article.get_absolute_url()),
        ("author", "/authors/leonard-david/"),
        ("columnists", "/authors/"),
        ("section", "/sections/policy/"),
        ("tag", "/tags/nasa/"),
        ("search", "/search/?q=nasa"),
        ("corrections", "/corrections/"),
        ("not found", "/no/such/page/"),
    ]


@pytest.fixture
def browser(axe_script):
    """Debian's chromium through Playwright, once the tools the checks need are known to be there."""
    with chromium() as launched:
        yield launched


def axe_findings(page, axe_script, impacts=None):
    """What axe-core finds on the page as drawn, one line a rule with its first places; ``impacts`` filters."""
    page.add_script_tag(content=axe_script)
    return [
        f"{violation['id']} ({violation['impact']}): {violation['help']} at "
        + ", ".join(" ".join(node["target"]) for node in violation["nodes"][:5])
        for violation in page.evaluate(RUN_AXE, WCAG_21_AA)
        if impacts is None or violation["impact"] in impacts
    ]
