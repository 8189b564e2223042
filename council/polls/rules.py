"""docs/design.md §4 in code: majorities and quorum. Pure functions, tested on their own."""

from council.polls.models import Majority, Outcome
from council.quorum import quorum_needed


def majority_reached(rule: Majority, votes_for: int, against: int, members_in_office: int) -> bool:
    if rule == Majority.SIMPLE:  # abstentions are not counted
        return votes_for > against
    if rule == Majority.ABSOLUTE:  # more than half of the members in office vote for
        return 2 * votes_for > members_in_office
    # Two thirds of the votes cast: abstaining is not casting a vote (for + against).
    return votes_for > 0 and 3 * votes_for >= 2 * (votes_for + against)


def outcome(
    rule: Majority, votes_for: int, against: int, members_in_office: int, quorum_count: int
) -> tuple[bool, Outcome]:
    """(quorum reached, outcome); without quorum the poll is void whatever the counts."""
    reached = quorum_count >= quorum_needed(members_in_office)
    if not reached:
        return False, Outcome.VOID
    adopted = majority_reached(rule, votes_for, against, members_in_office)
    return True, Outcome.ADOPTED if adopted else Outcome.REJECTED
