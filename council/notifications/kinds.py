"""How each kind of notification reads. Rendered at display time, in the reader's language."""

from flask_babel import get_locale, lazy_pgettext
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from council.extensions import db
from council.notifications.models import Delivery, NotificationKind
from council.services.models import Service

KIND_LABELS = {
    NotificationKind.COAUTHOR_INVITATION: _l("Invitations to co-author a proposal"),
    NotificationKind.NEW_COMMENT: _l("New comments on my proposals and on what I follow"),
    NotificationKind.COMMENT_REPLY: _l("Replies to my comments"),
    NotificationKind.STATE_CHANGE: _l("Changes of state of what I wrote, signed or follow"),
    NotificationKind.REFERRAL_RECEIVED: _l("Questions the city refers to the council"),
    NotificationKind.RECOMMENDATION_RECEIVED: _l("Recommendations sent to my service"),
}

DELIVERY_LABELS = {
    Delivery.IMMEDIATELY: _l("Email me immediately"),
    Delivery.DAILY: _l("Email me once a day (digest)"),
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
        return service.name_in(str(get_locale()))
    return params.get("service") or _("a municipal service")


def notification_text(notification) -> str:
    """One sentence in the current locale; missing parameters never break the page."""
    params = notification.params or {}
    title = notification.subject_title
    actor = params.get("actor") or _("someone")
    kind = notification.kind
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
