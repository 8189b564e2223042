"""User Markdown is rendered with a real parser and cleaned by an allow-list sanitiser."""

from council.markdown import render_markdown


def test_markdown_is_rendered():
    html = str(render_markdown("**bold** and *it*\n\n- one\n- two\n\n[site](https://example.org)"))
    assert "<strong>bold</strong>" in html
    assert "<em>it</em>" in html
    assert "<li>one</li>" in html
    assert 'href="https://example.org"' in html
    assert 'rel="nofollow noopener noreferrer ugc"' in html


def test_raw_html_and_scripts_never_pass():
    html = str(
        render_markdown(
            '<script>alert(1)</script><img src=x onerror="alert(1)"><a href="javascript:x">y</a>'
        )
    )
    assert "<script" not in html
    assert "<img" not in html
    assert "<a " not in html
    assert "&lt;script&gt;" in html  # shown as text, harmless


def test_javascript_and_data_links_are_not_links():
    for link in ("javascript:alert(1)", "JaVaScRiPt:alert(1)", "data:text/html,hi", "vbscript:x"):
        assert "href" not in str(render_markdown(f"[click]({link})")), link


def test_images_become_their_description_and_headings_start_at_h3():
    html = str(render_markdown("# Title\n\n![a map of the area](http://tracker.example/x.png)"))
    assert "<h3>Title</h3>" in html
    assert "<h1>" not in html
    assert "tracker.example" not in html
    assert "a map of the area" in html


def test_empty_text_renders_nothing():
    assert render_markdown("") == ""
    assert render_markdown(None) == ""
