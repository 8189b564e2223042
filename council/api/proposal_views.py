"""Public proposals: only those in a public state (a draft's existence stays private)."""

from flask import jsonify, request
from flask_babel import gettext as _

from council.api.attachment_serialise import attachments
from council.api.blueprint import bp
from council.api.errors import ApiError
from council.api.params import choice_arg, get_or_404, int_arg, invalid, page
from council.api.serialise import current_locale, translations, when
from council.attachments.models import OwnerKind
from council.i18n import LOCALE_CODES
from council.links import absolute_url_for
from council.permissions import anyone, requires
from council.proposals.labels import state_label
from council.proposals.models import Proposal
from council.proposals.permissions import is_public
from council.proposals.queries import (
    Filters,
    public_count_query,
    public_list_query,
    public_states,
)

QUERY_MAX = 200


def proposal_json(row: Proposal) -> dict:
    locale = current_locale()
    return {
        "id": row.id,
        "title": row.title,
        "body": row.body,
        "summary": row.summary,
        "language": row.language,
        "state": row.state.value,
        "state_label": state_label(row.state),
        "theme": {"id": row.theme.id, "name": row.theme.name_in(locale)},
        "services": [{"id": s.id, "name": s.name_in(locale)} for s in row.services],
        "author": row.author.display_name if row.author else None,
        "coauthors": [c.user.display_name for c in row.confirmed_coauthors if c.user],
        "submitted_at": when(row.submitted_at),
        "decided_at": when(row.decided_at),
        **translations("proposal", row),
        "links": {
            "self": absolute_url_for("api.proposal", proposal_id=row.id),
            "html": absolute_url_for("proposals.show", proposal_id=row.id),
        },
    }


def _filters() -> Filters:
    query = request.args.get("q", "")
    if len(query) > QUERY_MAX:
        raise invalid("q", _("Use at most %(max)d characters.", max=QUERY_MAX))
    return Filters(
        state=choice_arg("state", [s.value for s in public_states()]) or "",
        theme_id=int_arg("theme_id", 0, 1, 2**31 - 1) or None,
        service_id=int_arg("service_id", 0, 1, 2**31 - 1) or None,
        language=choice_arg("language", LOCALE_CODES) or "",
        query=query.strip(),
    )


@bp.route("/proposals")
@requires(anyone)
def proposals():
    filters = _filters()
    return jsonify(
        page(public_list_query(filters), proposal_json, kind="proposal",
             count_query=public_count_query(filters))
    )  # fmt: skip


@bp.route("/proposals/<int:proposal_id>")
@requires(anyone)
def proposal(proposal_id: int):
    row = get_or_404(Proposal, proposal_id)
    if not is_public(row):
        raise ApiError(404)
    return jsonify({**proposal_json(row), "attachments": attachments(OwnerKind.PROPOSAL, row)})
