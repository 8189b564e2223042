"""Which kinds of notification can reach a person, given their roles.

The settings page offers only these: a member is not asked about their service's deadlines, an
official about proxies. Kept next to the receivers that decide who is told (receivers.py and the
operations that call `notify`): a kind that starts reaching a new role is added here too.
"""

from council.notifications.models import NotificationKind
from council.roles import Role

MEMBER, SECRETARY, OFFICIAL = Role.MEMBER, Role.SECRETARY, Role.OFFICIAL

# None: anyone with an account (they follow pages, or wrote or signed what changed).
REACHES: dict[NotificationKind, frozenset[Role] | None] = {
    NotificationKind.COAUTHOR_INVITATION: frozenset({MEMBER}),
    NotificationKind.NEW_COMMENT: None,
    NotificationKind.COMMENT_REPLY: frozenset({MEMBER, SECRETARY, OFFICIAL}),  # commenters
    NotificationKind.STATE_CHANGE: None,
    NotificationKind.REFERRAL_RECEIVED: frozenset({MEMBER, SECRETARY}),
    NotificationKind.RECOMMENDATION_RECEIVED: frozenset({OFFICIAL}),
    NotificationKind.CITY_ANSWER: None,
    NotificationKind.PROPOSAL_COSIGNED: frozenset({MEMBER}),
    NotificationKind.PROXY: frozenset({MEMBER}),
    NotificationKind.MEETING: frozenset({MEMBER}),
    NotificationKind.POLL_OPENED: frozenset({MEMBER}),
    NotificationKind.MINUTES_PUBLISHED: frozenset({MEMBER}),
    NotificationKind.DEADLINE_SOON: frozenset({OFFICIAL}),
    NotificationKind.SECRETARIAT_TASK: frozenset({SECRETARY}),
}


def kinds_reaching(user) -> list[NotificationKind]:
    """The kinds this person can receive, in the order of NotificationKind."""
    roles = user.roles
    return [kind for kind in NotificationKind if REACHES[kind] is None or REACHES[kind] & roles]
