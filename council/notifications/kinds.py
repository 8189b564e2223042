"""How each kind of notification reads. Rendered at display time, in the reader's language."""

from datetime import datetime

from flask_babel import format_date, format_time, get_locale, lazy_pgettext, pgettext
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from council.extensions import db
from council.moments import moment as moment_of
from council.notifications.models import Delivery, NotificationKind
from council.notifications.titles import shown_title
from council.plain_text import isolate
from council.services.models import Service

KIND_LABELS = {
    NotificationKind.COAUTHOR_INVITATION: _l("Invitations to co-author a proposal"),
    NotificationKind.NEW_COMMENT: _l("New comments on my proposals and on what I follow"),
    NotificationKind.COMMENT_REPLY: _l("Replies to my comments"),
    NotificationKind.STATE_CHANGE: _l("Changes of state of what I wrote, signed or follow"),
    NotificationKind.REFERRAL_RECEIVED: _l("Questions the city refers to the council"),
    NotificationKind.RECOMMENDATION_RECEIVED: _l("Recommendations sent to my service"),
    NotificationKind.CITY_ANSWER: _l(
        "The city’s answers, revisions, follow-ups and missed deadlines on recommendations "
        "I wrote, co-signed or follow"
    ),
    NotificationKind.PROPOSAL_COSIGNED: _l("Co-signatures of my proposals"),
    NotificationKind.PROXY: _l("Proxies given to me or withdrawn"),
    NotificationKind.MEETING: _l("Meetings scheduled, changed or cancelled, and their agenda"),
    NotificationKind.POLL_OPENED: _l("Votes opened in my meetings"),
    NotificationKind.MINUTES_PUBLISHED: _l("Minutes published"),
    NotificationKind.DEADLINE_SOON: _l("Deadlines coming for my service"),
    NotificationKind.SECRETARIAT_TASK: _l(
        "Work for the secretariat: recommendations to transmit, minutes to approve"
    ),
}

DELIVERY_LABELS = {
    Delivery.IMMEDIATELY: _l("Email me immediately"),
    Delivery.DAILY: _l("Email me once a day (digest)"),
    Delivery.WEEKLY: _l("Email me once a week (digest)"),
    Delivery.NEVER: _l("No email (only on this site)"),
}

# States that other domains report through `state_change` (proposal and referral life cycles).
STATE_LABELS = {
    "draft": _l("draft"),
    "submitted": _l("submitted"),
    "scheduled": _l("scheduled"),
    "adopted": lazy_pgettext("proposal", "adopted"),
    "rejected": lazy_pgettext("proposal", "rejected"),
    "withdrawn": lazy_pgettext("proposal", "withdrawn"),
    "open": lazy_pgettext("referral", "open"),
    "answered": lazy_pgettext("referral", "answered"),
    "closed": lazy_pgettext("referral", "closed"),
}


def _state(params: dict) -> str:
    state = params.get("state", "")
    return str(STATE_LABELS.get(state, state))


def _service_name(params: dict) -> str:
    """The service's name in the reader's language; the name it had when the notification was
    made if the service is gone (or for notifications older than `service_id`)."""
    service = db.session.get(Service, params["service_id"]) if params.get("service_id") else None
    if service is not None:
        return isolate(service.name_in(str(get_locale())))
    return isolate(params["service"]) if params.get("service") else _("a municipal service")


def _actor(params: dict) -> str:
    return isolate(params["actor"]) if params.get("actor") else _("someone")


def _date(params: dict, key: str) -> str:
    """An ISO date or date-time parameter, written the reader's way."""
    value = params.get(key)
    if not value:
        return ""
    try:
        moment = datetime.fromisoformat(value)
    except ValueError:
        return value
    if len(value) <= 10:
        return format_date(moment.date(), "long")
    return moment_of(moment, "long")  # "5 décembre 2026, 18:00": no seconds, no offset


def _meeting_change_text(params: dict, title: str, when: str) -> str:
    """One sentence for one change, however many fields moved: the new date and place and the
    former ones (notifications from before `was_*` was stored show the new date only)."""
    parts = []
    if params.get("was_starts_at"):
        parts.append(
            _("now %(date)s (it was %(before)s)", date=when, before=_date(params, "was_starts_at"))
        )
    elif params.get("ends_at"):
        ends = datetime.fromisoformat(params["ends_at"])
        parts.append(_("it now ends at %(time)s", time=format_time(ends, "short")))
    if "was_place" in params:
        parts.append(
            _(
                "now at %(place)s (it was %(before)s)",
                place=isolate(params["place"]) if params.get("place") else _("online only"),
                before=isolate(params["was_place"]) if params["was_place"] else _("online only"),
            )
        )
    if params.get("new_link"):
        parts.append(_("a new link to join online"))
    if not parts:
        return _("The meeting “%(title)s” has changed: %(date)s.", title=title, date=when)
    return _(
        "The meeting “%(title)s” has changed: %(changes)s.",
        title=title,
        changes=pgettext("between the changes of a meeting", "; ").join(parts),
    )


def _loop_text(kind, params: dict, title: str) -> str | None:
    """The sentences of the kinds that issue 13 added (None for the older kinds)."""
    event = params.get("event", "")
    actor = _actor(params)
    if kind == NotificationKind.CITY_ANSWER:
        service = _service_name(params)
        if event == "revised":
            return _("%(service)s revised its answer to “%(title)s”.", service=service, title=title)
        if event == "follow_up":
            return _("%(service)s posted a follow-up on “%(title)s”.", service=service, title=title)
        if event == "missed":
            return _(
                "%(service)s has not answered “%(title)s” by the deadline (%(date)s).",
                service=service,
                title=title,
                date=_date(params, "deadline"),
            )
        return _("%(service)s answered “%(title)s”.", service=service, title=title)
    if kind == NotificationKind.PROPOSAL_COSIGNED:
        return _("%(actor)s co-signed your proposal “%(title)s”.", actor=actor, title=title)
    if kind == NotificationKind.PROXY:
        if event == "withdrawn":
            return _(
                "%(actor)s withdrew the proxy given to you for “%(title)s”.",
                actor=actor,
                title=title,
            )
        return _(
            "%(actor)s gives you their proxy for “%(title)s” (%(date)s).",
            actor=actor,
            title=title,
            date=_date(params, "starts_at"),
        )
    if kind == NotificationKind.MEETING:
        when = _date(params, "starts_at")
        if event == "cancelled":
            return _("The meeting “%(title)s” of %(date)s is cancelled.", title=title, date=when)
        if event == "changed":
            return _meeting_change_text(params, title, when)
        if event == "agenda":
            return _("The agenda of “%(title)s” (%(date)s) is published.", title=title, date=when)
        return _("A meeting is scheduled: “%(title)s”, %(date)s.", title=title, date=when)
    if kind == NotificationKind.POLL_OPENED:
        return _("A vote is open: “%(title)s”.", title=title)
    if kind == NotificationKind.MINUTES_PUBLISHED:
        return _("The minutes of “%(title)s” are published.", title=title)
    if kind == NotificationKind.DEADLINE_SOON:
        return _(
            "%(service)s must answer “%(title)s” by %(date)s.",
            service=_service_name(params),
            title=title,
            date=_date(params, "deadline"),
        )
    if kind == NotificationKind.SECRETARIAT_TASK:
        if event == "minutes":
            return _("The minutes of “%(title)s” wait to be written and approved.", title=title)
        return _("The recommendation “%(title)s” waits to be transmitted.", title=title)
    return None


def notification_text(notification) -> str:
    """One sentence in the current locale; missing parameters never break the page."""
    params = notification.params or {}
    # Names and titles are isolated inside the sentence (an Arabic title in a French one).
    title = isolate(shown_title(notification))  # in the reader's language (titles.py)
    actor = _actor(params)
    kind = notification.kind
    newer = _loop_text(kind, params, title)
    if newer is not None:
        return newer
    if kind == NotificationKind.COAUTHOR_INVITATION:
        return _("%(actor)s invites you to co-author “%(title)s”.", actor=actor, title=title)
    if kind == NotificationKind.NEW_COMMENT:
        return _("%(actor)s commented on “%(title)s”.", actor=actor, title=title)
    if kind == NotificationKind.COMMENT_REPLY:
        return _("%(actor)s replied to your comment on “%(title)s”.", actor=actor, title=title)
    if kind == NotificationKind.STATE_CHANGE:
        return _("“%(title)s” is now %(state)s.", title=title, state=_state(params))
    service = _service_name(params)
    if kind == NotificationKind.RECOMMENDATION_RECEIVED:
        return _(
            "The council sends a recommendation to %(service)s: “%(title)s”.",
            service=service,
            title=title,
        )
    return _(
        "%(service)s refers a question to the council: “%(title)s”.",
        service=service,
        title=title,
    )
