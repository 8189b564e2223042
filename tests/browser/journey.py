"""A person's path through the site, checked page after page.

A journey test drives `journey.page` (a Playwright page) like a person would, and calls
`journey.visit(...)`, `journey.follow(...)` or `journey.check(...)` at each step: the page then
gets every check of `checks.py` (axe, valid HTML, weight, other hosts, reflow, console errors)
and a screenshot. See tests/browser/README.md for how to add a journey.
"""

import os
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

from babel.messages.pofile import read_po
from flask_babel import gettext, ngettext, pgettext

from council.extensions import db
from tests.browser import checks
from tests.two_factor_helpers import TOTP_SECRET, code_for

SLUG = re.compile(r"[^a-z0-9]+")
CATALOG = (
    Path(__file__).resolve().parents[2] / "translations" / "fr" / "LC_MESSAGES" / "messages.po"
)
_known_messages: set = set()


def known_message(context: str | None, text: str) -> None:
    """Refuse a string the site no longer shows: without this, `t("Answer")` silently returns
    the English after the site gave "Answer" a context, and the journey looks for a word that
    is on no page."""
    if not _known_messages:
        with CATALOG.open("rb") as source:
            for message in read_po(source):
                msgid = message.id[0] if isinstance(message.id, tuple) else message.id
                _known_messages.add((message.context, msgid))
    if (context, text) not in _known_messages:
        hint = "" if context else " (has it been given a context? use tp())"
        raise AssertionError(f"{text!r} (context {context!r}) is not in the catalogs{hint}")


# `make screenshots` sets it: the journeys then refresh the pictures of the README and guides.
DOC_SCREENSHOTS = Path(__file__).resolve().parents[2] / "docs" / "screenshots"


@dataclass
class Journey:
    name: str
    locale: str
    device: str
    javascript: bool
    page: object  # playwright.sync_api.Page
    server: object  # tests.browser.server.LiveServer
    validator: checks.HtmlValidator
    assets: checks.AssetSizes
    weights: list[dict]
    steps: int = 0
    requests: list[str] = field(default_factory=list)
    console_errors: list[str] = field(default_factory=list)
    document: object | None = None  # the last main-frame HTML response

    def __post_init__(self) -> None:
        self.page.on("request", lambda request: self.requests.append(request.url))
        self.page.on("response", self._remember_document)
        self.page.on("console", self._remember_console_error)
        self.page.on("pageerror", lambda error: self.console_errors.append(f"script: {error}"))

    # --- what tests call -------------------------------------------------------------------

    def t(self, text: str, **values) -> str:
        """`text` as the site shows it in this journey's language (finds links by their name)."""
        known_message(None, text)
        with self.server.app.test_request_context(f"/?lang={self.locale}"):
            return gettext(text, **values)

    def tp(self, context: str, text: str, **values) -> str:
        """A word the site shows with a context (`pgettext`): "Vote" the verb, not the noun."""
        known_message(context, text)
        with self.server.app.test_request_context(f"/?lang={self.locale}"):
            return pgettext(context, text, **values)

    def tn(self, singular: str, plural: str, num: int, **values) -> str:
        """A count sentence as the site shows it (`ngettext`, with `num`)."""
        known_message(None, singular)
        with self.server.app.test_request_context(f"/?lang={self.locale}"):
            return ngettext(singular, plural, num, **values)

    def date(self, value) -> str:
        """A date as the site shows it in this journey's language (the `dateformat` filter)."""
        with self.server.app.test_request_context(f"/?lang={self.locale}"):
            return self.server.app.jinja_env.filters["dateformat"](value)

    def visit(self, path: str, step: str, *, status: int = 200, axe_exempt=frozenset()):
        """Open a URL of the site (as typed or bookmarked), then check the page."""
        response = self.page.goto(self.server.url + path)
        assert response.status == status, f"{path}: HTTP {response.status}, wanted {status}"
        return self.check(step, axe_exempt=axe_exempt)

    def follow(self, locator, step: str, *, key: str | None = None):
        """Click a link or button (or press `key` on it) and check the page it leads to."""
        with self.page.expect_navigation():
            if key:
                locator.press(key)
            else:
                locator.click()
        return self.check(step)

    def submit(self, step: str, name: str | None = None):
        """Press the form's button (by its visible name, or the only button in <main>)."""
        main = self.page.locator("main")
        button = (
            main.get_by_role("button", name=name, exact=True)
            if name
            else main.locator("button[type=submit]")
        )
        return self.follow(button, step)

    def login(self, email: str, password: str):
        """The password, then (admins, secretaries, officials) the authenticator app's code,
        computed as a phone would from the demo secret."""
        self.visit("/login", "login")
        main = self.page.locator("main")
        main.get_by_label(self.t("Email address")).fill(email)
        main.get_by_label(self.t("Password"), exact=True).fill(password)
        with self.page.expect_navigation():
            main.get_by_role("button", name=self.t("Log in"), exact=True).click()
        if urlsplit(self.page.url).path != "/login/code":
            return self.check("logged-in")
        self.check("second-factor")
        main.get_by_label(self.t("Code"), exact=True).fill(self.second_factor_code(email))
        return self.submit("logged-in", self.t("Continue"))

    def second_factor_code(self, email: str, secret: str = TOTP_SECRET) -> str:
        """The code the person's app shows now, not yet used (see tests/two_factor_helpers)."""
        with self.server.app.app_context():
            try:
                return code_for(email, secret)
            finally:
                db.session.remove()

    def menu(self, text: str):
        """The link of the main menu whose visible name is `text` (English, translated here).
        On a phone the header has a "Menu" link instead: the journey follows it first."""
        self.open_menu()
        nav = self.page.get_by_role("navigation", name=self.t("Main menu"))
        return nav.get_by_role("link", name=self.t(text), exact=True)

    def open_menu(self) -> None:
        """On a phone, go to the menu page (the header's own menu is not drawn there)."""
        if self.page.locator("body > header .main-nav").is_visible():
            return
        header = self.page.locator("body > header")
        self.follow(header.get_by_role("link", name=self.t("Menu"), exact=True), "menu")

    def choose_language(self, native_name: str):
        """The header's list of languages, or on a phone its "Language" link and that page."""
        switcher = self.page.get_by_role("navigation", name=self.t("Choose your language"))
        if not self.page.locator("body > header .language-switcher").is_visible():
            header = self.page.locator("body > header")
            language = header.get_by_role("link", name=self.t("Language"))
            self.follow(language, "languages")
            switcher = self.page.locator("main")
        return self.follow(switcher.get_by_role("link", name=native_name), "language-switched")

    def account_area(self):
        """Where the account's links and the log-out button are: the header on a wide screen,
        the menu page on a phone."""
        if self.page.locator("body > header .account-area").is_visible():
            return self.page.locator("body > header")
        self.open_menu()
        return self.page.locator("main")

    def log_out(self):
        area = self.account_area()
        return self.follow(area.get_by_role("button", name=self.t("Log out")), "logged-out")

    def check(self, step: str, *, axe_exempt: frozenset = frozenset()):
        """Every check on the page as it is now; all problems are reported together.
        `axe_exempt`: axe rules a page breaks on purpose, each with its reason at the call."""
        self.steps += 1
        label = f"{self.locale}-{self.device}-{self.steps:02d}-{SLUG.sub('-', step.lower())}"
        self.page.wait_for_load_state("load")
        folder = checks.ARTIFACTS / "screenshots" / self.name
        folder.mkdir(parents=True, exist_ok=True)
        self.page.screenshot(path=folder / f"{label}.png", full_page=True)
        problems = []
        found = checks.axe_violations(self.page, scripts_enabled=self.javascript)
        problems += [p for p in found if not any(p.startswith(f"axe {r} ") for r in axe_exempt)]
        problems += self._save_and_weigh(label)
        problems += checks.foreign_requests(self.requests, self.server.origin_host)
        self.requests.clear()
        problems += checks.horizontal_scrolling(self.page)
        problems += checks.words_broken_in_cells(self.page)
        problems += checks.header_too_tall(self.page)
        problems += self.console_errors
        self.console_errors.clear()
        where = f"{self.name} {self.locale} {self.device} step {step!r} ({self.page.url})"
        assert not problems, f"{where}:\n  " + "\n  ".join(problems)
        return self.page

    def picture(self, name: str, *, locale: str = "fr", device: str = "phone") -> None:
        """The visible part of the page as docs/screenshots/<name>.png, for the README and the
        guides: only in the run of that language and device, and only under `make
        screenshots` (the pictures carry today's dates; a test run leaves the docs alone).
        Saved with a 256-colour palette, which keeps text sharp in a few tens of KB."""
        if not os.environ.get("COUNCIL_DOC_SCREENSHOTS"):
            return
        if (self.locale, self.device) != (locale, device):
            return
        from io import BytesIO

        from PIL import Image

        self.page.wait_for_load_state("load")
        # The page's own content at the top of the picture, below the menu.
        self.page.locator("main").evaluate("main => main.scrollIntoView()")
        shot = Image.open(BytesIO(self.page.screenshot(full_page=False)))
        self.page.evaluate("() => window.scrollTo(0, 0)")
        small = shot.convert("RGB").quantize(colors=256, method=Image.Quantize.MEDIANCUT)
        DOC_SCREENSHOTS.mkdir(parents=True, exist_ok=True)
        small.save(DOC_SCREENSHOTS / f"{name}.png", optimize=True)

    def link_to(self, pattern: str):
        """The first link in <main> whose path matches `pattern` (e.g. r"/proposals/\\d+")."""
        hrefs = self.page.eval_on_selector_all(
            "main a[href]", "links => links.map(link => link.getAttribute('href'))"
        )
        matching = [href for href in hrefs if re.fullmatch(pattern, href.split("?")[0])]
        assert matching, f"no link to {pattern} in <main> of {self.page.url}"
        return self.page.locator(f'main a[href="{matching[0]}"]').first

    def expect_text(self, text: str, within: str = "main") -> None:
        """The visible text of `within` contains `text` (after whitespace folding)."""
        shown = " ".join(self.page.locator(within).first.inner_text().split())
        text = " ".join(text.split())  # no-break spaces (French « : ») fold like the page's
        assert text in shown, f"{text!r} not shown in {within}: {shown[:500]!r}"

    # --- internals -------------------------------------------------------------------------

    def _remember_document(self, response) -> None:
        request = response.request
        if request.resource_type == "document" and response.frame == self.page.main_frame:
            if not 300 <= response.status < 400:  # the page itself; `visit` checks its status
                self.document = response
        elif response.status >= 400:
            self.console_errors.append(f"{response.url} answered HTTP {response.status}")

    def _remember_console_error(self, message) -> None:
        # Failed loads are reported with their URL by _remember_document instead.
        if message.type == "error" and not message.text.startswith("Failed to load resource"):
            self.console_errors.append(f"console: {message.text}")

    def _save_and_weigh(self, label: str) -> list[str]:
        assert self.document is not None, "no page was loaded"
        html = self.document.body()
        folder = checks.ARTIFACTS / "html" / self.name
        folder.mkdir(parents=True, exist_ok=True)
        saved: Path = folder / f"{label}.html"
        saved.write_bytes(html)
        self.validator.add(saved)
        weight = self.assets.weigh(self.document.url, html)
        self.weights.append({"journey": self.name, "page": label, **weight.__dict__})
        return weight.problems()


JourneyFactory = Callable[..., Journey]
