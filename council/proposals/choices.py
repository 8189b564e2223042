"""The lists a proposal form or the search form offers, in the reader's language."""

from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import select

from council.accounts.models import User
from council.extensions import db
from council.forms import locale_choices
from council.proposals.labels import state_label
from council.proposals.models import Theme
from council.proposals.queries import Filters, public_states
from council.proposals.themes import all_themes
from council.referrals.models import Referral, ReferralStatus
from council.roles import Role
from council.services.models import Service


def _services(locale: str) -> list[Service]:
    services = db.session.scalars(select(Service)).all()
    return sorted(services, key=lambda service: service.name_in(locale).casefold())


def fill_proposal_choices(form, locale: str, proposal=None) -> None:
    form.theme_id.choices = [(None, _("Choose a theme"))] + [
        (theme.id, theme.name_in(locale)) for theme in all_themes(locale)
    ]
    form.service_ids.choices = [(s.id, s.name_in(locale)) for s in _services(locale)]
    form.referral_id.choices = [("", _("No question"))] + _referral_choices(proposal)


def _referral_choices(proposal) -> list[tuple[int, str]]:
    """Open questions, and the one the proposal answers already (even if no longer open)."""
    condition = Referral.status == ReferralStatus.OPEN
    if proposal is not None and proposal.referral_id is not None:
        condition = condition | (Referral.id == proposal.referral_id)
    rows = db.session.scalars(
        select(Referral).where(condition).order_by(Referral.wished_answer_date, Referral.id)
    )
    return [(referral.id, referral.question) for referral in rows]


def fill_filter_choices(form, locale: str) -> None:
    form.state.choices = [("", _("All states"))] + [
        (state.value, state_label(state)) for state in public_states()
    ]
    form.theme.choices = [(None, _("All themes"))] + [
        (theme.id, theme.name_in(locale)) for theme in all_themes(locale)
    ]
    form.service.choices = [(None, _("All services"))] + [
        (service.id, service.name_in(locale)) for service in _services(locale)
    ]
    form.language.choices = locale_choices(with_empty=_("All languages"))


def filters_from(form) -> Filters:
    return Filters(
        state=form.state.data or "",
        theme_id=form.theme.data,
        service_id=form.service.data,
        language=form.language.data or "",
        query=form.q.data or "",
        sort=form.sort.data or "newest",
    )


def chosen_theme(form) -> Theme:
    return db.session.get(Theme, form.theme_id.data)


def chosen_services(form) -> list[Service]:
    ids = form.service_ids.data or []
    if not ids:
        return []
    return db.session.scalars(select(Service).where(Service.id.in_(ids))).all()


def coauthor_candidates(proposal) -> list[tuple[int | None, str]]:
    """Members who could be invited: not the lead author, not already invited or co-author."""
    taken = {proposal.author_id} | {
        row.user_id for row in proposal.coauthors if row.status.value != "declined"
    }
    members = db.session.scalars(
        select(User)
        .where(User.role_rows.any(role=Role.MEMBER), User.is_active_account.is_(True))
        .order_by(User.display_name)
    ).all()
    people = [(user.id, user.display_name) for user in members if user.id not in taken]
    if current_user.is_authenticated:
        people = [(uid, name) for uid, name in people if uid != current_user.id]
    return [(None, _("Choose a member"))] + people
