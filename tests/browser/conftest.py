"""Fixtures of the browser journeys: one live server and one Chromium for the whole session,
a fresh browser context per test, and the checks that run on every page.

A test that takes the `journey` fixture runs four times: French and Arabic, phone and
desktop. See tests/browser/README.md.
"""

import fcntl
import json
import shutil

import pytest

from council.cli.demo import DEMO_PASSWORD
from tests.browser import checks, council_data
from tests.browser.journey import Journey
from tests.browser.server import start_live_server
from tests.workers import WORKER

CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
]
DEVICES = {
    "phone": {"viewport": {"width": 360, "height": 740}, "is_mobile": True, "has_touch": True},
    "desktop": {"viewport": {"width": 1280, "height": 800}},
}
BROWSER_LOCALES = {"fr": "fr-FR", "ar": "ar"}


def pytest_collection_modifyitems(items):
    """Everything in this folder is a browser test, whether its module says so or not."""
    for item in items:
        if "tests/browser/" in item.nodeid:
            item.add_marker(pytest.mark.browser)


def _missing_tools() -> list[str]:
    missing = []
    if not checks.CHROMIUM.exists():
        missing.append("Chromium: apt-get install --no-install-recommends chromium")
    if shutil.which("java") is None:
        missing.append("Java: apt-get install --no-install-recommends default-jre-headless")
    if not checks.AXE_SCRIPT.exists() or not checks.VNU_JAR.exists():
        missing.append("axe-core and vnu-jar: npm ci (at the repository root)")
    return missing


@pytest.fixture(scope="session")
def browser_tools(testrun_uid):
    missing = _missing_tools()
    if missing:
        pytest.fail(
            "browser tests need: " + "; ".join(missing) + ". `make test` installs them "
            "when run as root; or deselect these tests with -m 'not browser'.",
            pytrace=False,
        )
    _forget_earlier_runs(testrun_uid)


def _forget_earlier_runs(run: str) -> None:
    """Remove the screenshots and pages of earlier runs, once per run: with several workers
    (pytest-xdist, one `testrun_uid` for all) the first to get here cleans, the others keep
    what it has written since."""
    checks.ARTIFACTS.mkdir(exist_ok=True)
    with (checks.ARTIFACTS / ".lock").open("w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        marker = checks.ARTIFACTS / ".run"
        if marker.exists() and marker.read_text() == run:
            return
        for folder in ("screenshots", "html"):
            shutil.rmtree(checks.ARTIFACTS / folder, ignore_errors=True)
        marker.write_text(run)


@pytest.fixture(scope="session")
def live_server(browser_tools, tmp_path_factory):
    server = start_live_server(tmp_path_factory.mktemp("live-server"))
    yield server
    server.stop()


@pytest.fixture(scope="session")
def browser(browser_tools):
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(
            executable_path=str(checks.CHROMIUM), args=CHROMIUM_ARGS
        )
        yield chromium
        chromium.close()


@pytest.fixture(scope="session")
def html_validator(browser_tools):
    """Every saved page is validated at the end of the session, in one run of the checker."""
    validator = checks.HtmlValidator()
    yield validator
    errors = validator.errors()
    (checks.ARTIFACTS / "html").mkdir(parents=True, exist_ok=True)
    name = f"errors-{WORKER}.json" if WORKER else "errors.json"  # each worker its own pages
    (checks.ARTIFACTS / "html" / name).write_text(json.dumps(errors, indent=1))
    if errors:
        report = "\n".join(
            f"{source}:\n  " + "\n  ".join(messages) for source, messages in errors.items()
        )
        pytest.fail(f"the Nu Html Checker found errors:\n{report}", pytrace=False)


@pytest.fixture(scope="session")
def page_weights(browser_tools):
    """Every checked page of this process; tests/conftest.py gathers the workers' lists,
    writes page-weights.json and sums them up at the end of the run."""
    return checks.WEIGHTS


@pytest.fixture(scope="session")
def asset_sizes(live_server, browser):
    context = browser.new_context()
    yield checks.AssetSizes(fetch=lambda url: context.request.get(url).body())
    context.close()


@pytest.fixture(params=list(BROWSER_LOCALES))
def locale(request) -> str:
    return request.param


@pytest.fixture(params=list(DEVICES))
def device(request) -> str:
    return request.param


@pytest.fixture
def open_journey(
    request, browser, live_server, html_validator, asset_sizes, page_weights, locale, device
):
    """Open a fresh browser (no cookies) in the test's language and device."""
    contexts = []

    def open_(*, javascript: bool = True, person: str = "") -> Journey:
        """`person` names a second person of the same journey (their own screenshots)."""
        context = browser.new_context(
            java_script_enabled=javascript,
            locale=BROWSER_LOCALES[locale],
            **DEVICES[device],
        )
        contexts.append(context)
        context.set_default_timeout(10_000)
        # The language a person chose with the switcher, remembered in its cookie.
        context.add_cookies([{"name": "lang", "value": locale, "url": live_server.url}])
        name = request.node.originalname.removeprefix("test_").replace("_", "-")
        name += f"-{person}" if person else ""
        return Journey(
            name=name,
            locale=locale,
            device=device,
            javascript=javascript,
            page=context.new_page(),
            server=live_server,
            validator=html_validator,
            assets=asset_sizes,
            weights=page_weights,
        )

    yield open_
    for context in contexts:
        context.close()


@pytest.fixture
def journey(open_journey) -> Journey:
    return open_journey()


@pytest.fixture
def journey_without_js(open_journey) -> Journey:
    return open_journey(javascript=False)


@pytest.fixture
def demo_password() -> str:
    return DEMO_PASSWORD


@pytest.fixture(scope="session")
def online_poll(live_server) -> dict:
    """An open online poll (named), prepared by the secretary: {"meeting_id", "poll_id"}."""
    return council_data.open_online_poll(live_server)


@pytest.fixture(scope="session")
def reported_comment(live_server) -> str:
    """The body of a demo comment a member reported: the moderation queue shows it."""
    return council_data.report_a_comment(live_server)
