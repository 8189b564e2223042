"""PDF with WeasyPrint: the page's own HTML and the site stylesheet (its `@media print` part).

Fonts come from the system through fontconfig (Noto for Arabic script, shaped by HarfBuzz) and
are embedded as subsets. Nothing is fetched: no URL is followed while rendering.

The PDF is tagged (PDF/UA-1: a structure tree from the HTML's headings, lists, tables and
paragraphs, the document's language from `<html lang>`, its title shown instead of the file
name), so that a screen reader reads it in order and in the right voice.
"""

from pathlib import Path

from flask import Response, current_app
from weasyprint import CSS, HTML, URLFetcher


class NoFetching(URLFetcher):
    def fetch(self, url, headers=None):
        raise ValueError(f"not fetched while rendering a PDF: {url}")


def stylesheet_path() -> Path:
    return Path(current_app.static_folder) / "css" / "council.css"


def render_pdf(html: str) -> bytes:
    fetcher = NoFetching()
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
