"""What an irreversible button will do, said on a page of its own before it is pressed, with
a warning when something looks wrong (GOV.UK's "check before you act"): opening a meeting long
before its time, closing a poll most of the room has not voted in, ending a meeting with a poll
still open, removing an agenda item.

Each function returns the page's words; `confirm_page` draws them. The page is the GET of the
button's own route, so each route keeps one permission (the policy test walks them all)."""

from datetime import timedelta

from flask import render_template
from flask_babel import gettext as _
from flask_babel import ngettext

from council.db_types import utcnow
from council.meetings import queries as meeting_queries
from council.moments import moment
from council.polls import queries as poll_queries
from council.polls.models import PollMode, PollState

EARLY = timedelta(hours=1)


def confirm_page(*, title, subject, back, action, button, consequences=(), warnings=(), blocked=()):
    """`blocked`: links (label, url) to what must be done first; the button is then not shown."""
    return render_template(
        "confirm.html",
        title=title,
        subject=subject,
        back=back,
        action=action,
        button=button,
        consequences=consequences,
        warnings=warnings,
        blocked=blocked,
    )


def start_warnings(meeting) -> list[str]:
    if utcnow() < meeting.starts_at - EARLY:
        return [
            _(
                "This meeting is planned for %(when)s, more than an hour from now. Start it "
                "only if the members are in the room.",
                when=moment(meeting.starts_at),
            )
        ]
    return []


def open_polls_of(meeting) -> list:
    return [poll for item in meeting.items for poll in item.polls if poll.state == PollState.OPEN]


def close_meeting_warnings(meeting) -> list[str]:
    still_open = open_polls_of(meeting)
    if not still_open:
        return []
    return [
        ngettext(
            "%(num)d poll is still open: close or cancel it before ending the meeting.",
            "%(num)d polls are still open: close or cancel them before ending the meeting.",
            len(still_open),
        )
    ]


def close_poll_figures(poll) -> tuple[int, int | None]:
    """(ballots cast, members who could vote now): present members for a poll in the room,
    entitled members for an online one; None for a paper poll (no ballots to count)."""
    if poll.is_paper:
        return 0, None
    cast = poll_queries.cast_count(poll)
    if poll.mode == PollMode.ONLINE:
        return cast, len(poll.entitled_ids or [])
    entitled = set(poll.entitled_ids or [])
    return cast, len(set(meeting_queries.present_ids(poll.meeting)) & entitled)


def close_poll_lines(poll) -> tuple[list[str], list[str]]:
    """(what the close does, warnings)."""
    consequences = [_("The result is frozen: no ballot can be cast or changed afterwards.")]
    cast, could = close_poll_figures(poll)
    warnings = []
    if could is not None:
        consequences.append(
            ngettext(
                "%(num)d ballot cast; %(could)s members could vote.",
                "%(num)d ballots cast; %(could)s members could vote.",
                cast,
                could=could,
            )
        )
        if cast * 2 < could:
            warnings.append(
                _("Fewer than half of those who could vote have voted. Wait before closing?")
            )
    return consequences, warnings
