"""The room's screen, for a projector: the item discussed now, the open poll and how many
ballots are in (never what they say before the close), the result as soon as it is closed,
attendance and quorum. Large type, high contrast, reloaded by the browser every few seconds
(<meta http-equiv="refresh">: no JavaScript). `?lang=fr,ar` shows the interface's words in
several languages side by side, for a room that reads more than one."""

from flask import current_app, render_template, request
from flask_babel import force_locale
from markupsafe import Markup

from council.i18n import BY_CODE, normalise
from council.meetings import labels
from council.meetings import queries as meetings
from council.polls import queries as polls
from council.polls.models import PollState

MAX_LANGUAGES = 3
REFRESH_SECONDS = 5


def screen_languages(current_code: str) -> list:
    """The languages asked by `?lang=fr,ar` (known ones, at most three), else the page's own."""
    asked = [normalise(part) for part in request.args.get("lang", "").split(",")]
    codes = list(dict.fromkeys(code for code in asked if code))[:MAX_LANGUAGES]
    return [BY_CODE[code] for code in codes or [current_code]]


def screen_facts(meeting) -> dict:
    """What the screen shows, read once for every language of the page."""
    current = meetings.item_on_screen(meeting)
    polls_shown = [
        poll for item in meeting.items for poll in item.polls if poll.state == PollState.OPEN
    ]
    if current is not None:
        polls_shown += [poll for poll in current.polls if poll.state == PollState.CLOSED]
    return {
        "meeting": meeting,
        "current": current,
        "polls": [
            (
                poll,
                None if poll.is_paper or poll.state != PollState.OPEN else polls.cast_count(poll),
            )
            for poll in polls_shown
        ],
        "quorum": meetings.live_quorum(meeting),
        "labels": labels,
    }


def _count_of(poll) -> int | None:
    """Ballots cast so far in an open electronic poll (how many, never what)."""
    if poll.is_paper or poll.state != PollState.OPEN:
        return None
    return polls.cast_count(poll)


def render_screen(meeting, current_code: str) -> str:
    facts = screen_facts(meeting)
    panels = []
    for language in screen_languages(current_code):
        with force_locale(language.code):
            # Reviewed Markup: the panel is a template rendered with autoescape on.
            panel = render_template("meetings/_screen_panel.html", **facts)
            panels.append((language, Markup(panel)))  # noqa: S704
    # ROOM_SCREEN_REFRESH_SECONDS: the browser journeys slow it down to check a still page.
    refresh = current_app.config.get("ROOM_SCREEN_REFRESH_SECONDS", REFRESH_SECONDS)
    return render_template("meetings/screen.html", meeting=meeting, panels=panels, refresh=refresh)
