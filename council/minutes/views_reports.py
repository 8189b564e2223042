"""Search over published minutes (with proposals) and the annual report."""

from flask import abort, render_template, request

from council.extensions import db
from council.meetings import labels as meeting_labels
from council.minutes.blueprint import bp
from council.minutes.pdf import pdf_response
from council.minutes.reports import FIRST_YEAR, LAST_YEAR, OUTCOME_ORDER, year_report
from council.minutes.search import search_minutes
from council.permissions import anyone, requires
from council.proposals import labels as proposal_labels
from council.proposals.queries import Filters, public_list_query
from council.recommendations.labels import RESPONSE_LABELS
from council.referrals.models import ReferralStatus
from council.translations_content.queries import prefetch_translations

MAX_QUERY = 200


def _proposals_matching(query: str) -> list:
    rows = db.session.execute(public_list_query(Filters(query=query)).limit(50)).all()
    prefetch_translations("proposal", [proposal.id for proposal, _support in rows])  # titles
    return [proposal for proposal, _support in rows]


@bp.route("/search")
@requires(anyone)
def search():
    query = request.args.get("q", "")[:MAX_QUERY].strip()
    minutes = search_minutes(query) if query else []
    proposals = _proposals_matching(query) if query else []
    return render_template(
        "minutes/search.html",
        query=query,
        minutes=minutes,
        proposals=proposals,
        proposal_labels=proposal_labels,
    )


def _report_context(year: int) -> dict:
    if not FIRST_YEAR <= year <= LAST_YEAR:
        abort(404)
    return {
        "report": year_report(year),
        "labels": meeting_labels,
        "proposal_labels": proposal_labels,
        "outcome_order": OUTCOME_ORDER,
        "referral_statuses": list(ReferralStatus),
        "response_labels": RESPONSE_LABELS,
    }


@bp.route("/reports/<int:year>")
@requires(anyone)
def report(year: int):
    return render_template("minutes/report.html", **_report_context(year))


@bp.route("/reports/<int:year>.pdf")
@requires(anyone)
def report_pdf(year: int):
    html = render_template("minutes/report_pdf.html", **_report_context(year))
    return pdf_response(html, f"annual-report-{year}.pdf")
