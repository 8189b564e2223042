"""Named signals: what happened in the council, for whoever wants to react.

Every signal is declared here, once, with its sender and its keyword arguments. Operations send
them *after* their flush, inside the caller's transaction: a receiver sees the new rows, may add
rows of its own (an outbox mail, a webhook delivery, a notification), and is rolled back with
the rest if the request fails. A receiver never commits.

Side effects that may fail or be added later (notifications, mail, webhooks, caches) hang on
these signals. Rules that must hold in the same transaction — a closed poll deciding its
proposal, an adopted proposal becoming a recommendation, minutes approved by a vote — are
explicit calls (council/proceedings.py), never receivers: their order matters.

Connecting, in a module that the app imports at start-up:

    from council import signals

    @signals.response_posted.connect
    def tell_the_authors(recommendation, *, service, version, by, **extra):
        ...

Every signal is sent with the object as sender and `by` (the acting user, or None for the cron
and for a service's API token) as a keyword argument; receivers take `**extra` so that a
keyword added later breaks none of them.

Every signal declared here is sent by an operation.
"""

from blinker import Namespace

_council = Namespace()


def _signal(name: str, doc: str):
    return _council.signal(name, doc=doc)


# --- meetings and their agenda ------------------------------------------------------------

meeting_scheduled = _signal(
    "meeting-scheduled",
    "sender: Meeting. After `meetings.operations.schedule_meeting`.",
)
meeting_changed = _signal(
    "meeting-changed",
    "sender: Meeting; changes: dict of field → (before, after), only the date, time, place and "
    "link (`meetings.changes.change_meeting`; one signal per saved change, however many fields).",
)
meeting_cancelled = _signal(
    "meeting-cancelled",
    "sender: Meeting; reason: str. After `proceedings.cancel_meeting` (its polls are cancelled "
    "and its proposals given back first).",
)
meeting_closed = _signal(
    "meeting-closed",
    "sender: Meeting; minutes: Minutes (the draft). After `proceedings.close_meeting`.",
)
agenda_published = _signal(
    "agenda-published",
    "sender: Meeting. The secretary published the agenda (`meetings.changes.publish_agenda`, "
    "once per press of the button).",
)
proxy_given = _signal(
    "proxy-given",
    "sender: Proxy (giver, holder, meeting). After `meetings.operations.give_proxy`.",
)
proxy_withdrawn = _signal(
    "proxy-withdrawn",
    "sender: Proxy, deleted (read its meeting_id, giver_id, holder_id). After "
    "`meetings.operations.revoke_proxy`.",
)

# --- polls --------------------------------------------------------------------------------

poll_opened = _signal(
    "poll-opened",
    "sender: Poll. After `polls.operations.open_poll`.",
)
poll_closed = _signal(
    "poll-closed",
    "sender: Poll; result: PollResult. After `proceedings.close_poll`, once the proposal, "
    "the recommendation and the minutes have followed the result (by is None from the cron).",
)

# --- minutes ------------------------------------------------------------------------------

minutes_approved = _signal(
    "minutes-approved",
    "sender: Minutes; via: 'poll' or 'bureau'. After approval by a vote or by the bureau.",
)
minutes_published = _signal(
    "minutes-published",
    "sender: Minutes. After `minutes.operations.publish_minutes`; the subscribers' mail "
    "listens (minutes/subscriptions.py).",
)

# --- proposals ----------------------------------------------------------------------------

proposal_submitted = _signal(
    "proposal-submitted",
    "sender: Proposal. After `proposals.operations.submit_proposal`.",
)
proposal_cosigned = _signal(
    "proposal-cosigned",
    "sender: Proposal. After `proposals.support.cosign_proposal` (by is the co-signer).",
)
proposal_scheduled = _signal(
    "proposal-scheduled",
    "sender: Proposal. An agenda item put it on a meeting (`schedule_proposal`); the item is "
    "`meetings.queries.current_item_of(proposal)`.",
)
proposal_adopted = _signal(
    "proposal-adopted",
    "sender: Proposal. After `proposals.operations.adopt_proposal` (a closed poll).",
)
proposal_rejected = _signal(
    "proposal-rejected",
    "sender: Proposal. After `proposals.operations.reject_proposal` (a closed poll).",
)

# --- recommendations and the city's answers -----------------------------------------------

recommendation_adopted = _signal(
    "recommendation-adopted",
    "sender: Recommendation. After `recommendations.operations.create_recommendation`.",
)
recommendation_transmitted = _signal(
    "recommendation-transmitted",
    "sender: Recommendation; service_ids: list[int]; deadline: date. After "
    "`recommendations.operations.transmit_recommendation` (webhooks listen).",
)
response_posted = _signal(
    "response-posted",
    "sender: Recommendation; service_id: int; version: ResponseVersion. Every new version of "
    "a service's response, the first (version.number == 1) and the revisions "
    "(`respond_to_recommendation`; by is None for a service's API token).",
)
response_revised = _signal(
    "response-revised",
    "sender: Recommendation; service_id: int; version: ResponseVersion. Sent after "
    "`response_posted` when the version is a revision (number > 1): connect to one of the two.",
)
follow_up_posted = _signal(
    "follow-up-posted",
    "sender: Recommendation; service_id: int; follow_up: FollowUp. After `post_follow_up`.",
)
deadline_near = _signal(
    "deadline-near",
    "sender: Recommendation; service_id: int; deadline: date. 7 days before the deadline, "
    "once per service (`flask recommendations remind`; by is None). Webhooks listen.",
)
deadline_reached = _signal(
    "deadline-reached",
    "sender: Recommendation; service_id: int; deadline: date. The deadline came and the "
    "service has not answered, once per service (`flask recommendations remind`; by is None).",
)

# --- referrals and comments ---------------------------------------------------------------

referral_created = _signal(
    "referral-created",
    "sender: Referral. After `referrals.operations.create_referral`.",
)
comment_posted = _signal(
    "comment-posted",
    "sender: Comment; subject: SubjectType; obj: what it is about. After `post_comment` "
    "(by is the author; a resent duplicate sends nothing).",
)
