"""What a poll means, in words, for the meeting and poll pages; the voting block they show."""

from flask_babel import gettext as _
from flask_login import current_user
from markupsafe import Markup
from sqlalchemy import select

from council.accounts.models import User
from council.extensions import db
from council.polls import queries
from council.polls.models import Outcome, PollState
from council.polls.operations import refusal, voting_rights
from council.proposals.permissions import can_view_proposal
from council.translations_content.reading import in_sentence, isolated, passage


def poll_decision(poll) -> Markup | None:
    """What the poll means for its proposal, in one sentence (None for other items), the
    proposal's title shown by the one language rule and isolated inside the sentence."""
    proposal = poll.item.proposal
    if proposal is None:
        return None
    title = (
        isolated(passage("proposal", proposal, "title"))
        if can_view_proposal(current_user, proposal)
        else ""
    )
    # Each sentence is translated without values, then filled: the title stays markup.
    if poll.state != PollState.CLOSED or poll.result is None:
        return in_sentence(_("This vote decides on the proposal “%(title)s”."), title=title)
    outcome = poll.result.outcome
    if outcome == Outcome.ADOPTED:
        return in_sentence(_("The proposal “%(title)s” is adopted."), title=title)
    if outcome == Outcome.REJECTED:
        return in_sentence(_("The proposal “%(title)s” is rejected."), title=title)
    return in_sentence(
        _(
            "The vote is void (no quorum): no decision was taken, so the proposal “%(title)s” "
            "is submitted again and can be put on another agenda."
        ),
        title=title,
    )


def voting_status(poll, user, rights) -> str | None:
    """One plain line for the person looking at an open poll: may they vote, for whom, or
    why not (excused, proxy given, left, not a member of this meeting)."""
    if poll.state != PollState.OPEN or not user.is_authenticated or poll.is_paper:
        return None
    if not rights:
        if (
            poll.is_secret
            and user.id in (poll.entitled_ids or [])
            and queries.has_cast(poll, user.id)
        ):
            return _("Your secret ballot is cast. It cannot be changed.")
        return refusal(poll, user, user.id)
    own = any(not is_proxy for _member, is_proxy in rights)
    proxies = [member for member, is_proxy in rights if is_proxy]
    if own and proxies:
        return _("You can vote for yourself and, by proxy, for %(name)s.", name=proxies[0])
    if proxies:
        return _("You can vote by proxy for %(name)s.", name=proxies[0])
    return _("You can vote.")


def ballot_panel(poll, user, rights=None) -> dict:
    """What the voting block shows: one row of buttons per member `user` votes for, with the
    ballot already cast for them (named polls), and the status line. A fixed number of queries
    (`rights`: `voting_rights(poll, user)` when the caller has it already)."""
    rights = voting_rights(poll, user) if rights is None else rights
    member_ids = [member_id for member_id, _proxy in rights]
    people = {u.id: u for u in db.session.scalars(select(User).where(User.id.in_(member_ids)))}
    current = {} if poll.is_secret or not rights else queries.ballots_of(poll, member_ids)
    names = [(people[m].display_name, is_proxy) for m, is_proxy in rights]
    return {
        "poll": poll,
        "rights": [(people[m], is_proxy, current.get(m)) for m, is_proxy in rights],
        "status": voting_status(poll, user, names),
    }
