"""Members follow themes (housing, health…) to hear of the city's questions on them.

Who is told of a referral from the city (issue 13: "a referral on a theme I follow"):
- every secretary: the bureau puts the city's questions on the agendas;
- a member who follows the referral's theme;
- a member who follows no theme at all: until they choose themes they hear of every referral,
  so that a new member is not left out of the city's questions without knowing it;
- every member when the referral has no theme (the city did not say what it is about).
A theme is followed with a `Follow` row (subject_kind "theme"), like any followed page.
"""

from flask_babel import get_locale
from sqlalchemy import select

from council.accounts.models import User, UserRole
from council.extensions import db
from council.notifications.models import Follow
from council.notifications.operations import follow, unfollow
from council.proposals.models import Theme
from council.proposals.themes import all_themes
from council.roles import Role

THEME = "theme"


def followed_theme_ids(user) -> set[int]:
    return set(
        db.session.scalars(
            select(Follow.subject_id).where(Follow.user_id == user.id, Follow.subject_kind == THEME)
        )
    )


def follow_theme(user, theme: Theme) -> None:
    follow(user, THEME, theme.id)


def unfollow_theme(user, theme: Theme) -> None:
    unfollow(user, THEME, theme.id)


def themes_for(user) -> list[tuple[Theme, bool]] | None:
    """Every theme (sorted in the page's language) with whether this person follows it; None
    for whoever is not a member (the city's questions reach secretaries anyway)."""
    if not (user.is_authenticated and user.has_role(Role.MEMBER)):
        return None
    followed = followed_theme_ids(user)
    return [(theme, theme.id in followed) for theme in all_themes(str(get_locale()))]


def _active_with(role: Role) -> list[User]:
    return list(
        db.session.scalars(
            select(User)
            .where(User.is_active_account, User.role_rows.any(UserRole.role == role))
            .order_by(User.id)
        )
    )


def referral_audience(referral) -> list[User]:
    """The secretaries, and the members concerned by this referral's theme (see above)."""
    members = _active_with(Role.MEMBER)
    if referral.theme_id is not None:
        themes_of: dict[int, set[int]] = {}
        for user_id, theme_id in db.session.execute(
            select(Follow.user_id, Follow.subject_id).where(Follow.subject_kind == THEME)
        ):
            themes_of.setdefault(user_id, set()).add(theme_id)
        members = [
            member
            for member in members
            if not themes_of.get(member.id) or referral.theme_id in themes_of[member.id]
        ]
    people = {person.id: person for person in [*_active_with(Role.SECRETARY), *members]}
    return [people[key] for key in sorted(people)]
