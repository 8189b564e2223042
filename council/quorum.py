"""Quorum (DESIGN.md §4), one rule for the live count of a meeting, a poll's frozen result and
the minutes: strictly more than half of the members in office."""


def quorum_needed(members_in_office: int) -> int:
    return members_in_office // 2 + 1
