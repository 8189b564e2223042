"""The page checks themselves: each one must catch what it is there to catch."""

import pytest

from tests.browser import checks

pytestmark = pytest.mark.browser

GOOD_PAGE = """<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Fine</title></head>
<body><main><h1>Fine</h1><p>Short text.</p><a href="/">Home</a></main></body></html>"""


@pytest.fixture
def blank_page(browser):
    context = browser.new_context(viewport={"width": 1280, "height": 800})
    yield context.new_page()
    context.close()


def test_axe_reports_an_image_without_text_and_passes_a_clean_page(blank_page):
    blank_page.set_content(GOOD_PAGE)
    assert checks.axe_violations(blank_page) == []
    blank_page.set_content(GOOD_PAGE.replace("<p>Short text.</p>", '<img src="data:,">'))
    violations = checks.axe_violations(blank_page)
    assert len(violations) == 1
    assert violations[0].startswith("axe image-alt (critical)")
    assert "<img" in violations[0]


def test_axe_runs_when_the_page_has_no_javascript(browser):
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.set_content(GOOD_PAGE.replace('<a href="/">Home</a>', '<a href="/"></a>'))
    violations = checks.axe_violations(page, scripts_enabled=False)
    context.close()
    assert [v.split(" ")[1] for v in violations] == ["link-name"]


def test_the_html_checker_reports_invalid_markup(tmp_path):
    good, bad = tmp_path / "good.html", tmp_path / "bad.html"
    good.write_text(GOOD_PAGE)
    bad.write_text(GOOD_PAGE.replace("<p>Short text.</p>", "<p><div>Block in a p</div></p>"))
    validator = checks.HtmlValidator([good, bad])
    errors = validator.errors()
    assert list(errors) == [str(bad)]
    assert any("“p” element" in message for message in errors[str(bad)])


def test_horizontal_scrolling_is_found_at_320_px_and_200_percent_zoom(blank_page):
    blank_page.set_content(GOOD_PAGE)
    assert checks.horizontal_scrolling(blank_page) == []
    blank_page.set_content(GOOD_PAGE.replace("Short text.", "<code>" + "x" * 120 + "</code>"))
    problems = checks.horizontal_scrolling(blank_page)
    assert len(problems) == 2
    assert "at 320 px width" in problems[0]
    assert "200 % zoom" in problems[1]
    assert blank_page.viewport_size == {"width": 1280, "height": 800}  # restored afterwards


def test_a_bullet_hanging_past_the_edge_is_found(blank_page):
    rtl_page = GOOD_PAGE.replace('lang="en"', 'lang="ar" dir="rtl"').replace(
        "<p>Short text.</p>", '<ul><li dir="ltr">An English item in an Arabic page</li></ul>'
    )
    blank_page.set_content(rtl_page.replace("<ul>", '<ul style="padding: 0">'))
    problems = checks.horizontal_scrolling(blank_page)
    assert problems and '<li dir="ltr">' in problems[0]


def test_a_focus_without_outline_is_reported(blank_page):
    blank_page.set_content(GOOD_PAGE.replace("</title>", "</title><style>a{outline:none}</style>"))
    blank_page.keyboard.press("Tab")
    assert "no visible focus outline" in checks.focus_problem(checks.focused_element(blank_page))
    assert checks.focus_problem(None) == "nothing has the keyboard focus"


def test_page_weight_budget_and_other_hosts():
    assert checks.PageWeight("/", 30_000, 20_000, 5_000).problems() == []
    heavy = checks.PageWeight("/", 40_000, 20_000, 16_000).problems()
    assert len(heavy) == 2
    assert "over the 61440-byte budget" in heavy[0]
    assert "JavaScript 16000 bytes" in heavy[1]
    own = "127.0.0.1:5000"
    urls = [f"http://{own}/a.css", "https://fonts.example.com/f.woff2", "data:,"]
    assert checks.foreign_requests(urls, own) == [
        "request to another host: https://fonts.example.com/f.woff2"
    ]


def test_assets_are_weighed_once_and_counted_on_every_page():
    fetched = []

    def fetch(url):
        fetched.append(url)
        return b"x" * 100

    sizes = checks.AssetSizes(fetch=fetch)
    html = b'<link rel="stylesheet" href="/s.css"><script src="/a.js"></script><p>hi</p>'
    first = sizes.weigh("http://h/page", html)
    second = sizes.weigh("http://h/other", html)
    assert (first.html, first.css, first.js) == (len(html), 100, 100)
    assert second.total == first.total
    assert fetched == ["http://h/s.css", "http://h/a.js"]
