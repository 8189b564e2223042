"""What every page visited by a journey must satisfy, whatever the journey.

Each check returns a list of problems (plain sentences), so that one failing step reports
everything that is wrong with the page at once.
"""

import functools
import json
import subprocess
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urljoin, urlsplit

ROOT = Path(__file__).resolve().parents[2]
NODE_MODULES = ROOT / "node_modules"
AXE_SCRIPT = NODE_MODULES / "axe-core" / "axe.min.js"
VNU_JAR = NODE_MODULES / "vnu-jar" / "build" / "dist" / "vnu.jar"
CHROMIUM = Path("/usr/bin/chromium")
ARTIFACTS = ROOT / "test-artifacts"

WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
PAGE_BUDGET = 60 * 1024  # HTML + CSS + JS, uncompressed: cheap phones on prepaid data
SCRIPT_BUDGET = 15 * 1024

# WCAG 1.4.10 (reflow): no horizontal scrolling at 320 CSS px. Browser zoom at 200 % on a
# 1280-px window lays the page out in a 640-CSS-px viewport (media queries, rem and % all
# follow the CSS viewport); the device pixel ratio only changes rasterisation, not layout.
REFLOW_VIEWPORTS = {"at 320 px width": 320, "at 200 % zoom (1280 px / 2)": 640}

# Every checked page of this process (journey, page, path, bytes): see weights_summary.
WEIGHTS: list[dict] = []


def weights_summary(weights: list[dict]) -> str:
    """Write page-weights.json and say which page of the run was the heaviest."""
    (ARTIFACTS / "page-weights.json").write_text(json.dumps(weights, indent=1))
    heaviest = max(weights, key=lambda weight: weight["html"] + weight["css"] + weight["js"])
    total = heaviest["html"] + heaviest["css"] + heaviest["js"]
    return (
        f"browser: {len(weights)} pages checked; heaviest {heaviest['path']} "
        f"({heaviest['page']}): {total} bytes = HTML {heaviest['html']} + CSS "
        f"{heaviest['css']} + JS {heaviest['js']} (budget {PAGE_BUDGET}); "
        f"details in {ARTIFACTS.name}/page-weights.json"
    )


# --- axe-core -------------------------------------------------------------------------------

RUN_AXE = """tags => axe.run(document, {runOnly: {type: 'tag', values: tags},
                                       resultTypes: ['violations']})
                 .then(results => results.violations)"""


# With the page's JavaScript disabled, Chromium runs no timer callbacks, and axe waits on
# setTimeout between its rules: these stand-ins run the callbacks as microtasks instead. The
# page's own scripts never ran, so nothing a person would see changes.
TIMERS_WITHOUT_SCRIPTS = """() => {
  window.setTimeout = (callback, delay, ...args) => {
    Promise.resolve().then(() => callback(...args));
    return 0;
  };
  window.clearTimeout = () => {};
  window.requestAnimationFrame = callback => {
    Promise.resolve().then(() => callback(performance.now()));
    return 0;
  };
  window.requestIdleCallback = undefined;
}"""


def axe_violations(page, *, scripts_enabled: bool = True) -> list[str]:
    # Evaluated through the DevTools protocol rather than with add_script_tag: an injected
    # <script> would be refused by the app's strict CSP (`script-src 'self'`), which the tests
    # keep on so that an inline script or style in a template shows up as a console error.
    if not page.evaluate("typeof window.axe !== 'undefined'"):
        if not scripts_enabled:
            page.evaluate(TIMERS_WITHOUT_SCRIPTS)
        page.evaluate(_axe_source())
    return [_describe_violation(v) for v in page.evaluate(RUN_AXE, WCAG_TAGS)]


@functools.cache
def _axe_source() -> str:
    # Wrapped in a function so that Playwright calls it instead of returning its value.
    return "() => {" + AXE_SCRIPT.read_text(encoding="utf-8") + "\n}"


def _describe_violation(violation: dict) -> str:
    lines = [f"axe {violation['id']} ({violation.get('impact')}): {violation['help']}"]
    for node in violation["nodes"][:8]:
        lines.append(f"    at {' '.join(map(str, node['target']))}: {node['html'][:160]}")
        summary = (node.get("failureSummary") or "").replace("\n", " ")
        if summary:
            lines.append(f"      {summary[:300]}")
    lines.append(f"    see {violation['helpUrl']}")
    return "\n".join(lines)


# --- reflow ---------------------------------------------------------------------------------

# The culprits are the innermost elements sticking out of the viewport (on either side: in
# right-to-left pages the overflow goes to the left); their ancestors stick out because of them.
MEASURE_OVERFLOW = """() => {
  const root = document.documentElement;
  const width = root.clientWidth;
  const sticksOut = el => {
    const box = el.getBoundingClientRect();
    return box.width > 0 && (box.right > width + 1 || box.left < -1);
  };
  const elements = [...document.body.querySelectorAll('*')];
  let culprits = elements.filter(el => sticksOut(el) && ![...el.children].some(sticksOut));
  if (!culprits.length) {
    // What sticks out is not a box (a list bullet, a glyph): find the innermost element
    // whose removal ends the scrolling.
    culprits = elements.reverse().filter(el => {
      const hadStyle = el.hasAttribute('style');
      const display = el.style.display;
      el.style.display = 'none';
      const fixed = root.scrollWidth <= width;
      el.style.display = display;
      el.getAttribute('style');  // Chromium writes the attribute back lazily: flush it first
      if (!hadStyle) el.removeAttribute('style');
      return fixed;
    });
  }
  return {
    scroll: root.scrollWidth, client: width,
    culprits: culprits.slice(0, 3).map(el => el.outerHTML.slice(0, 160)),
  };
}"""


def horizontal_scrolling(page) -> list[str]:
    """Lay the page out at each reflow width; report any width that scrolls sideways."""
    original = page.viewport_size
    problems = []
    try:
        for label, width in REFLOW_VIEWPORTS.items():
            page.set_viewport_size({"width": width, "height": original["height"]})
            measure = page.evaluate(MEASURE_OVERFLOW)
            if measure["scroll"] > measure["client"]:
                problems.append(
                    f"horizontal scrolling {label}: content is {measure['scroll']} px wide "
                    f"for {measure['client']} px; sticking out: {measure['culprits']}"
                )
    finally:
        page.set_viewport_size(original)
    return problems


# --- focus ----------------------------------------------------------------------------------

FOCUS_STYLE = """() => {
  const el = document.activeElement;
  if (!el || el === document.body) return null;
  const style = getComputedStyle(el);
  return {
    tag: el.tagName.toLowerCase(), text: (el.innerText || el.value || el.name || '').trim(),
    focusVisible: el.matches(':focus-visible'),
    outlineStyle: style.outlineStyle, outlineWidth: parseFloat(style.outlineWidth) || 0,
    boxShadow: style.boxShadow,
  };
}"""


def focused_element(page) -> dict | None:
    return page.evaluate(FOCUS_STYLE)


def focus_problem(focus: dict | None) -> str | None:
    """A keyboard user must see where the focus is: :focus-visible with a real outline."""
    if focus is None:
        return "nothing has the keyboard focus"
    if not focus["focusVisible"]:
        return f"<{focus['tag']}> {focus['text']!r} has the focus but does not match :focus-visible"
    if focus["outlineStyle"] == "none" or focus["outlineWidth"] < 2:
        return f"<{focus['tag']}> {focus['text']!r} has no visible focus outline: {focus}"
    return None


# --- page weight ----------------------------------------------------------------------------


class _Assets(HTMLParser):
    """Stylesheets and scripts a page loads, read from the HTML the server sent."""

    def __init__(self) -> None:
        super().__init__()
        self.stylesheets: list[str] = []
        self.scripts: list[str] = []

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        if tag == "link" and "stylesheet" in (attributes.get("rel") or "").split():
            self.stylesheets.append(attributes.get("href") or "")
        elif tag == "script" and attributes.get("src"):
            self.scripts.append(attributes["src"])


@dataclass
class PageWeight:
    path: str
    html: int
    css: int
    js: int

    @property
    def total(self) -> int:
        return self.html + self.css + self.js

    def problems(self) -> list[str]:
        found = []
        if self.total > PAGE_BUDGET:
            found.append(
                f"page weight {self.total} bytes (HTML {self.html} + CSS {self.css} + "
                f"JS {self.js}) is over the {PAGE_BUDGET}-byte budget"
            )
        if self.js > SCRIPT_BUDGET:
            found.append(f"JavaScript {self.js} bytes is over the {SCRIPT_BUDGET}-byte budget")
        return found


@dataclass
class AssetSizes:
    """Uncompressed size of each stylesheet and script, fetched once per session.

    Counted for every page that links them, cached or not: the budget is what a first visit
    to that page costs.
    """

    fetch: object  # url -> bytes
    sizes: dict[str, int] = field(default_factory=dict)

    def size(self, url: str) -> int:
        if url not in self.sizes:
            self.sizes[url] = len(self.fetch(url))
        return self.sizes[url]

    def weigh(self, url: str, html: bytes) -> PageWeight:
        assets = _Assets()
        assets.feed(html.decode("utf-8", errors="replace"))
        css = sum(self.size(urljoin(url, href)) for href in assets.stylesheets)
        js = sum(self.size(urljoin(url, src)) for src in assets.scripts)
        return PageWeight(urlsplit(url).path, len(html), css, js)


def foreign_requests(urls: list[str], own_host: str) -> list[str]:
    """Requests to any host but the app's own (no CDN, fonts, analytics: see DESIGN §5)."""
    foreign = sorted(
        {
            url
            for url in urls
            if urlsplit(url).scheme not in ("data", "blob") and urlsplit(url).netloc != own_host
        }
    )
    return [f"request to another host: {url}" for url in foreign]


# --- Nu Html Checker ------------------------------------------------------------------------


@dataclass
class HtmlValidator:
    """Collects the HTML of every visited page; validates them all with one Java start-up."""

    files: list[Path] = field(default_factory=list)

    def add(self, path: Path) -> None:
        self.files.append(path)

    def errors(self) -> dict[str, list[str]]:
        if not self.files:
            return {}
        command = ["java", "-jar", str(VNU_JAR), "--errors-only", "--format", "json"]
        completed = subprocess.run(  # noqa: S603 — fixed command, our own files
            [*command, *map(str, self.files)], capture_output=True, text=True, check=False
        )
        # vnu writes its JSON report on stderr and exits 1 when it found errors.
        try:
            report = json.loads(completed.stderr)
        except json.JSONDecodeError as error:
            raise RuntimeError(f"the Nu Html Checker failed: {completed.stderr[:2000]}") from error
        found: dict[str, list[str]] = {}
        for message in report["messages"]:
            if message["type"] not in ("error", "non-document-error"):
                continue
            source = message.get("url", "?").removeprefix("file:")
            where = f"line {message.get('lastLine', '?')}"
            extract = (message.get("extract") or "").replace("\n", " ")
            found.setdefault(source, []).append(f"{where}: {message['message']} [{extract}]")
        return found


# --- Latin runs inside right-to-left text ---------------------------------------------------

# A run of Latin text inside Arabic, Dari or Pashto (https://, <token>, API (OpenAPI), .ics)
# must be drawn left to right as one piece; unless it is isolated (<bdi>, or U+2068 … U+2069
# in the catalog) its punctuation jumps to the wrong end ("//:https", "(API (OpenAPI").
# Measured, not guessed: each character's box must lie to the right of the previous one on
# the same line. Mirrors tests/bidi.py (which checks the catalogs).
MISDRAWN_LATIN_RUNS = r"""() => {
  const RUN = /[!-~\u00c0-\u024f\u2026]+(?: [!-~\u00c0-\u024f\u2026]+)*/g;
  const END = '.,;:!?*_', RISKY = /[()\[\]<>:\/=*\u2026]/;
  const PAIRS = {')': '(', ']': '[', '>': '<', '(': ')', '[': ']', '<': '>'};
  const count = (text, c) => text.split(c).length - 1;
  const unmatched = (c, run) => c in PAIRS && count(run, c) !== count(run, PAIRS[c]);
  const trim = (text, start) => {
    let changed = true;
    while (text && changed) {
      changed = false;
      const lead = text.length - text.trimStart().length;
      text = text.trim(); start += lead;
      if (!text) break;
      const last = text[text.length - 1], first = text[0];
      if ((END.includes(last) && !text.endsWith('://')) || unmatched(last, text)) {
        text = text.slice(0, -1); changed = true;
      } else if (END.includes(first) || unmatched(first, text)) {
        text = text.slice(1); start += 1; changed = true;
      }
    }
    return [text, start];
  };
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  const problems = [];
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    const parent = node.parentElement;
    if (!parent || getComputedStyle(parent).direction !== 'rtl') continue;
    if (!parent.getClientRects().length) continue;  // not drawn
    for (const match of node.data.matchAll(RUN)) {
      const [run, start] = trim(match[0], match.index);
      if (!/[A-Za-z]/.test(run)) continue;
      if (/^[A-Za-z0-9]/.test(run) && /[A-Za-z0-9]$/.test(run) && !RISKY.test(run)) continue;
      const boxOf = i => {
        const range = document.createRange();
        range.setStart(node, i); range.setEnd(node, i + 1);
        return range.getBoundingClientRect();
      };
      const inOrder = (from, to) => {
        let previous = null;
        for (let i = from; i < to; i++) {
          if (node.data[i] === ' ') continue;
          const box = boxOf(i);
          if (!box.width) continue;
          if (previous && Math.abs(box.top - previous.top) < 2 && box.left < previous.left - 0.5) {
            return false;
          }
          previous = box;
        }
        return true;
      };
      // "(ar, desktop)" after an Arabic word: the brackets belong to the Arabic sentence and
      // are mirrored around a Latin run drawn in order. That is right; only the inside must
      // read left to right, with one bracket on each side of it.
      const enclosed = PAIRS[run[0]] === run[run.length - 1] && '([<'.includes(run[0]);
      let right = inOrder(start, start + run.length);
      if (!right && enclosed) {
        const first = boxOf(start), last = boxOf(start + run.length - 1);
        const inside = [start + 1, start + run.length - 1];
        const a = boxOf(inside[0]), b = boxOf(inside[1] - 1);
        const lo = Math.min(a.left, b.left), hi = Math.max(a.right, b.right);
        const outside = box => box.right <= lo + 0.5 || box.left >= hi - 0.5;
        // Wrapped over two lines (a narrow cell on a phone), each line is read on its own.
        const wrapped = Math.abs(a.top - b.top) >= 2;
        right = inOrder(...inside) && (wrapped || (outside(first) && outside(last)
          && (first.left < lo) !== (last.left < lo)));
      }
      if (!right) {
        problems.push(`"${run}" is drawn out of order in "${node.data.trim().slice(0, 120)}"`);
      }
    }
  }
  return problems;
}"""


def misdrawn_latin_runs(page) -> list[str]:
    return page.evaluate(MISDRAWN_LATIN_RUNS)


# --- the meeting room on a phone (issue 14) --------------------------------------------------

HEADER_MAX_PX = 120  # at 360 px: the page's own content starts within the first screen
PHONE_WIDTH = 360

# A word (no space inside) drawn on two lines in a cell of a table or a form: "Ah/ma/d" in a
# squeezed column. A word wider than the whole screen (an address, a hash) may still be cut.
BROKEN_WORDS = """() => {
  const limit = document.documentElement.clientWidth - 32;
  const cells = document.querySelectorAll('td, th, label, legend, button, summary');
  const broken = [];
  for (const cell of cells) {
    // Not drawn, or drawn for screen readers only (a 1-px box: every word breaks there).
    if (!cell.getClientRects().length || cell.getBoundingClientRect().width < 2) continue;
    if (cell.closest('.visually-hidden')) continue;
    const walker = document.createTreeWalker(cell, NodeFilter.SHOW_TEXT);
    let node;
    while ((node = walker.nextNode())) {
      const words = /[^\\s\\-\u2010]+/g;  // a name may break after its hyphen
      let m;
      while ((m = words.exec(node.textContent))) {
        const range = document.createRange();
        range.setStart(node, m.index);
        range.setEnd(node, m.index + m[0].length);
        const rects = Array.from(range.getClientRects()).filter((r) => r.width > 0);
        const lines = new Set(rects.map((r) => Math.round(r.bottom)));
        const width = rects.reduce((sum, r) => sum + r.width, 0);
        if (lines.size > 1 && width <= limit) broken.push(`${cell.tagName.toLowerCase()}: ${m[0]}`);
      }
    }
  }
  return broken.slice(0, 8);
}"""


def words_broken_in_cells(page) -> list[str]:
    broken = page.evaluate(BROKEN_WORDS)
    return [f"a word breaks inside a table or form cell: {', '.join(broken)}"] if broken else []


def header_too_tall(page) -> list[str]:
    """Only at phone width: a wide screen's header shows the menu itself."""
    if page.viewport_size["width"] != PHONE_WIDTH:
        return []
    height = page.evaluate(
        "() => { const h = document.querySelector('body > header');"
        " return h ? h.getBoundingClientRect().height : 0; }"
    )
    if height > HEADER_MAX_PX:
        return [f"the header is {height:.0f} px high at {PHONE_WIDTH} px (at most {HEADER_MAX_PX})"]
    return []
