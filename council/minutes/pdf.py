"""PDF with WeasyPrint: the page's own HTML and the site stylesheet (its `@media print` part).

Fonts come from the system through fontconfig (Noto for Arabic script, shaped by HarfBuzz) and
are embedded as subsets. Nothing is fetched: no URL is followed while rendering.

The PDF is tagged (PDF/UA-1: a structure tree from the HTML's headings, lists, tables and
paragraphs, the document's language from `<html lang>`, its title shown instead of the file
name), so that a screen reader reads it in order and in the right voice.
"""

from functools import cache
from pathlib import Path

from flask import Response, current_app

# WeasyPrint (with Pango, fontTools and Pillow) is imported on the first PDF, not when the app
# starts: it takes 1.4 s and about 15 MiB in each worker, and most workers never make a PDF.


@cache
def _no_fetching():
    from weasyprint import URLFetcher

    class NoFetching(URLFetcher):
        def fetch(self, url, headers=None):
            raise ValueError(f"not fetched while rendering a PDF: {url}")

    return NoFetching


def stylesheet_path() -> Path:
    return Path(current_app.static_folder) / "css" / "council.css"


def render_pdf(html: str) -> bytes:
    from weasyprint import CSS, HTML

    fetcher = _no_fetching()()
    css = CSS(filename=str(stylesheet_path()), url_fetcher=fetcher)
    return HTML(string=html, url_fetcher=fetcher).write_pdf(
        stylesheets=[css], pdf_variant="pdf/ua-1"
    )


def pdf_response(html: str, filename: str) -> Response:
    return Response(
        render_pdf(html),
        mimetype="application/pdf",
        headers={"Content-Disposition": f'attachment; filename="{filename}"'},
    )
