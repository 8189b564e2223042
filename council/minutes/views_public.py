"""Public pages: the minutes of a meeting (HTML, Markdown, PDF) and the Atom feed."""

from flask import Response, g, render_template

from council.minutes.blueprint import bp
from council.minutes.feed import build_feed
from council.minutes.pdf import pdf_response
from council.minutes.presentation import load_readable, minutes_context
from council.permissions import anyone, requires
from council.translations_content.reading import counted_read


@bp.route("/meetings/<int:meeting_id>/minutes")
@requires(anyone)
def show(meeting_id: int):
    _, minutes = load_readable(meeting_id)
    page = render_template("minutes/show.html", **minutes_context(minutes))
    return counted_read("minutes", minutes.id, page)


@bp.route("/meetings/<int:meeting_id>/minutes.md")
@requires(anyone)
def markdown(meeting_id: int):
    _, minutes = load_readable(meeting_id)
    text = render_template("minutes/minutes.md", **minutes_context(minutes))
    return Response(
        text,
        mimetype="text/markdown",
        headers={"Content-Disposition": f'attachment; filename="minutes-{meeting_id}.md"'},
    )


@bp.route("/meetings/<int:meeting_id>/minutes.pdf")
@requires(anyone)
def pdf(meeting_id: int):
    _, minutes = load_readable(meeting_id)
    html = render_template("minutes/pdf.html", **minutes_context(minutes))
    return pdf_response(html, f"minutes-{meeting_id}.pdf")


@bp.route("/feeds/minutes.atom")
@requires(anyone)
def feed():
    return Response(build_feed(g.locale_code), mimetype="application/atom+xml")
