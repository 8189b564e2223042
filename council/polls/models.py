"""Polls, ballots (named and secret), paper tallies and frozen results.

Shapes follow docs/design.md §4: a named ballot is unique per (poll, member whose vote it is); a
secret poll keeps who voted (`ballot_casts`) apart from what was chosen (`secret_ballots`),
with no timestamp and no sequential key in either, so the two cannot be lined up.
"""

import enum
from datetime import datetime

from sqlalchemy import (
    JSON,
    CheckConstraint,
    ForeignKey,
    LargeBinary,
    String,
    Text,
    UniqueConstraint,
    event,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from council.db_types import UTCDateTime, enum_type, utcnow
from council.extensions import db

QUESTION_MAX = 300
REASON_MAX = 500


class Majority(enum.StrEnum):
    SIMPLE = "simple"  # for > against; abstentions not counted
    ABSOLUTE = "absolute"  # for > half of the members in office
    TWO_THIRDS = "two_thirds"  # for ≥ two thirds of the votes cast


class Secrecy(enum.StrEnum):
    NAMED = "named"
    SECRET = "secret"  # noqa: S105 — a secrecy level, not a password


class PollMode(enum.StrEnum):
    IN_MEETING = "in_meeting"
    ONLINE = "online"


class VotingMethod(enum.StrEnum):
    ELECTRONIC = "electronic"
    PAPER = "paper"  # paper ballots or show of hands: the secretary enters the totals


class PollState(enum.StrEnum):
    PREPARED = "prepared"
    OPEN = "open"
    CLOSED = "closed"
    CANCELLED = "cancelled"


class Choice(enum.StrEnum):
    FOR = "for"
    AGAINST = "against"
    ABSTAIN = "abstain"


class Outcome(enum.StrEnum):
    ADOPTED = "adopted"
    REJECTED = "rejected"
    VOID = "void"  # quorum not reached


# Fixed at `prepared`: refused by the operations and, below, by a flush-time guard.
FROZEN_RULE = ("majority", "secrecy", "mode", "method", "opens_at", "closes_at", "item_id")


class Poll(db.Model):
    __tablename__ = "polls"

    id: Mapped[int] = mapped_column(primary_key=True)
    item_id: Mapped[int] = mapped_column(ForeignKey("agenda_items.id", ondelete="CASCADE"))
    question: Mapped[str] = mapped_column(String(QUESTION_MAX))
    majority: Mapped[Majority] = mapped_column(enum_type(Majority, "poll_majority"))
    secrecy: Mapped[Secrecy] = mapped_column(enum_type(Secrecy, "poll_secrecy"))
    mode: Mapped[PollMode] = mapped_column(enum_type(PollMode, "poll_mode"))
    method: Mapped[VotingMethod] = mapped_column(enum_type(VotingMethod, "voting_method"))
    opens_at: Mapped[datetime | None] = mapped_column(UTCDateTime)  # online polls only
    closes_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    state: Mapped[PollState] = mapped_column(
        enum_type(PollState, "poll_state"), default=PollState.PREPARED
    )
    # Snapshots taken when the poll opens: who may vote, and who was present (quorum).
    entitled_ids: Mapped[list[int] | None] = mapped_column(JSON)
    present_ids: Mapped[list[int] | None] = mapped_column(JSON)
    cancel_reason: Mapped[str | None] = mapped_column(Text)
    prepared_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    opened_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    closed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    item = relationship("AgendaItem", back_populates="polls")
    result: Mapped["PollResult | None"] = relationship(back_populates="poll")
    tallies: Mapped[list["PaperTally"]] = relationship(order_by="PaperTally.version")

    __table_args__ = (
        CheckConstraint(
            "mode = 'online' OR (opens_at IS NULL AND closes_at IS NULL)",
            name="times_only_online",
        ),
        CheckConstraint(
            "mode = 'in_meeting' OR (opens_at IS NOT NULL AND closes_at > opens_at)",
            name="online_has_window",
        ),
        CheckConstraint("method = 'electronic' OR mode = 'in_meeting'", name="paper_in_meeting"),
        CheckConstraint(
            "state = 'prepared' OR state = 'cancelled' OR "
            "(opened_at IS NOT NULL AND entitled_ids IS NOT NULL)",
            name="snapshot_when_opened",
        ),
        CheckConstraint(
            "(state = 'closed') = (closed_at IS NOT NULL)", name="closed_iff_closed_at"
        ),
        CheckConstraint(
            "(state = 'cancelled') = (cancel_reason IS NOT NULL)", name="cancelled_iff_reason"
        ),
    )

    @property
    def meeting(self):
        return self.item.meeting

    @property
    def is_secret(self) -> bool:
        return self.secrecy == Secrecy.SECRET

    @property
    def is_paper(self) -> bool:
        return self.method == VotingMethod.PAPER

    @property
    def current_tally(self) -> "PaperTally | None":
        return self.tallies[-1] if self.tallies else None


class FrozenRuleError(Exception):
    """A change to a poll's rule after it opened reached the flush: a programming error."""


@event.listens_for(Poll, "before_update")
def _refuse_rule_change_once_open(mapper, connection, poll) -> None:
    state = db.inspect(poll)
    previous = state.attrs.state.history.deleted
    was = previous[0] if previous else poll.state
    if was == PollState.PREPARED:
        return
    changed = [name for name in FROZEN_RULE if state.attrs[name].history.has_changes()]
    if changed:
        raise FrozenRuleError(f"poll {poll.id}: {', '.join(changed)} frozen once open")


class Ballot(db.Model):
    """A named ballot. `on_behalf_of_id` is the member whose vote it is (self or proxy giver)."""

    __tablename__ = "ballots"

    id: Mapped[int] = mapped_column(primary_key=True)
    poll_id: Mapped[int] = mapped_column(ForeignKey("polls.id", ondelete="CASCADE"))
    voter_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    on_behalf_of_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    choice: Mapped[Choice] = mapped_column(enum_type(Choice, "ballot_choice"))
    cast_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    changed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    voter = relationship("User", foreign_keys=[voter_id])
    on_behalf_of = relationship("User", foreign_keys=[on_behalf_of_id])

    __table_args__ = (UniqueConstraint("poll_id", "on_behalf_of_id"),)


class BallotCast(db.Model):
    """Who has voted in a secret poll — never what. No timestamp, no row id.

    WITHOUT ROWID on SQLite: rows are stored in key order, not insertion order.
    """

    __tablename__ = "ballot_casts"

    poll_id: Mapped[int] = mapped_column(
        ForeignKey("polls.id", ondelete="CASCADE"), primary_key=True
    )
    member_id: Mapped[int] = mapped_column(ForeignKey("users.id"), primary_key=True)
    voter_id: Mapped[int] = mapped_column(ForeignKey("users.id"))  # differs for a proxy

    __table_args__ = ({"sqlite_with_rowid": False},)


class SecretBallot(db.Model):
    """The ballot box of a secret poll once closed: what was chosen, keyed by the voter's random
    receipt. No timestamp; every row is written by the close, in one transaction, shuffled."""

    __tablename__ = "secret_ballots"

    receipt: Mapped[str] = mapped_column(String(32), primary_key=True)
    poll_id: Mapped[int] = mapped_column(ForeignKey("polls.id", ondelete="CASCADE"), index=True)
    choice: Mapped[Choice] = mapped_column(enum_type(Choice, "ballot_choice"))

    __table_args__ = ({"sqlite_with_rowid": False},)


class SealedBallot(db.Model):
    """A secret ballot while its poll is open: receipt and choice encrypted together
    (council.polls.sealing). Written in the same transaction as the voter's `BallotCast`, so the
    two rows can be lined up (PostgreSQL's xmin, the WAL), but nobody without the key can read
    what this one says. The close opens them all, writes them to `secret_ballots` in a shuffled
    order in one transaction, and deletes them. The key is random: no order of insertion."""

    __tablename__ = "sealed_ballots"

    id: Mapped[str] = mapped_column(String(32), primary_key=True)  # random, not a sequence
    poll_id: Mapped[int] = mapped_column(ForeignKey("polls.id", ondelete="CASCADE"), index=True)
    sealed: Mapped[bytes] = mapped_column(LargeBinary)

    __table_args__ = ({"sqlite_with_rowid": False},)


class PaperTally(db.Model):
    """Totals entered by the secretary; a correction is a new version with a reason."""

    __tablename__ = "paper_tallies"

    id: Mapped[int] = mapped_column(primary_key=True)
    poll_id: Mapped[int] = mapped_column(ForeignKey("polls.id", ondelete="CASCADE"))
    version: Mapped[int]
    votes_for: Mapped[int]
    votes_against: Mapped[int]
    votes_abstain: Mapped[int]
    reason: Mapped[str | None] = mapped_column(String(REASON_MAX))
    entered_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    entered_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    __table_args__ = (
        UniqueConstraint("poll_id", "version"),
        CheckConstraint(
            "votes_for >= 0 AND votes_against >= 0 AND votes_abstain >= 0",
            name="counts_not_negative",
        ),
        CheckConstraint("version = 1 OR reason IS NOT NULL", name="correction_has_reason"),
    )


class PollResult(db.Model):
    """The outcome frozen at close, with everything needed to check it later. Never updated."""

    __tablename__ = "poll_results"

    poll_id: Mapped[int] = mapped_column(
        ForeignKey("polls.id", ondelete="CASCADE"), primary_key=True
    )
    votes_for: Mapped[int]
    votes_against: Mapped[int]
    votes_abstain: Mapped[int]
    majority: Mapped[Majority] = mapped_column(enum_type(Majority, "poll_majority"))
    secrecy: Mapped[Secrecy] = mapped_column(enum_type(Secrecy, "poll_secrecy"))
    mode: Mapped[PollMode] = mapped_column(enum_type(PollMode, "poll_mode"))
    method: Mapped[VotingMethod] = mapped_column(enum_type(VotingMethod, "voting_method"))
    members_in_office: Mapped[int]
    quorum_needed: Mapped[int]  # strictly more than half: members_in_office // 2 + 1
    quorum_count: Mapped[int]  # present (in meeting) or members who voted themself (online)
    quorum_reached: Mapped[bool]
    outcome: Mapped[Outcome] = mapped_column(enum_type(Outcome, "poll_outcome"))
    entitled_ids: Mapped[list[int]] = mapped_column(JSON)
    present_ids: Mapped[list[int]] = mapped_column(JSON)
    proxies: Mapped[list[list[int]]] = mapped_column(JSON)  # [[giver_id, holder_id], …]
    audit_head: Mapped[str] = mapped_column(String(64))
    computed_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    poll: Mapped[Poll] = relationship(back_populates="result")

    __table_args__ = (
        CheckConstraint(
            "votes_for >= 0 AND votes_against >= 0 AND votes_abstain >= 0",
            name="counts_not_negative",
        ),
        CheckConstraint("outcome <> 'void' OR NOT quorum_reached", name="void_iff_no_quorum"),
        CheckConstraint("outcome = 'void' OR quorum_reached", name="quorum_or_void"),
    )

    @property
    def total(self) -> int:
        return self.votes_for + self.votes_against + self.votes_abstain

    def percent(self, count: int) -> float:
        return 100.0 * count / self.total if self.total else 0.0


@event.listens_for(PollResult, "before_update")
def _results_are_written_once(mapper, connection, result) -> None:
    raise FrozenRuleError(f"poll result {result.poll_id} is frozen")
