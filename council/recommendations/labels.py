"""How states read, in the reader's language, and the template filters that use them."""

from datetime import date

from flask_babel import lazy_gettext as _l
from flask_babel import lazy_pgettext

from council.recommendations.blueprint import bp
from council.recommendations.models import FollowUpStatus, RecommendationState, ResponseStatus
from council.recommendations.queries import Standing, standing

STATE_LABELS = {
    RecommendationState.ADOPTED: _l("adopted, not yet transmitted"),
    RecommendationState.TRANSMITTED: _l("transmitted, awaiting responses"),
    RecommendationState.ANSWERED: _l("answered"),
}

# A service's answer, never the council's vote ("adopted" / "rejected" in the context
# "proposal" or "vote outcome"): readers must see who decided.
RESPONSE_LABELS = {
    ResponseStatus.ACCEPTED: lazy_pgettext("response", "accepted"),
    ResponseStatus.PARTIALLY_ACCEPTED: lazy_pgettext("response", "partially accepted"),
    ResponseStatus.REJECTED: lazy_pgettext("response", "rejected"),
    ResponseStatus.UNDER_STUDY: lazy_pgettext("response", "under study"),
}

# A commitment's progress: the context keeps "planned" apart from a planned meeting (the
# words take a different gender in French, Arabic, Russian and Ukrainian).
FOLLOW_UP_LABELS = {
    FollowUpStatus.PLANNED: lazy_pgettext("commitment", "planned"),
    FollowUpStatus.IN_PROGRESS: lazy_pgettext("commitment", "in progress"),
    FollowUpStatus.DONE: lazy_pgettext("commitment", "done"),
    FollowUpStatus.ABANDONED: lazy_pgettext("commitment", "abandoned"),
}

STANDING_LABELS = {
    Standing.AWAITING: _l("awaiting a response"),
    Standing.OVERDUE: _l("overdue"),
    Standing.ON_TIME: _l("answered on time"),
    Standing.LATE: _l("answered late"),
}


@bp.app_template_filter("recommendation_label")
def recommendation_label(value) -> str:
    """The translated label of any recommendation state, response, follow-up or standing."""
    for table in (STATE_LABELS, RESPONSE_LABELS, FOLLOW_UP_LABELS, STANDING_LABELS):
        if value in table:
            return str(table[value])
    return str(value)


@bp.app_template_global("standing_of")
def standing_of(recommendation, service, today):
    return standing(recommendation, service, today)


@bp.app_template_filter("iso_date")
def iso_date(value: str) -> date:
    return date.fromisoformat(value)
