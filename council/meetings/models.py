"""Meetings, their agenda, RSVPs, attendance, proxies and sent reminders."""

import enum
from datetime import datetime

from sqlalchemy import (
    CheckConstraint,
    Column,
    ForeignKey,
    String,
    Table,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from council.db_types import UTCDateTime, enum_type, utcnow
from council.extensions import db

TITLE_MAX = 200
PLACE_MAX = 300
URL_MAX = 500
TEXT_MAX = 5000


class MeetingKind(enum.StrEnum):
    PLENARY = "plenary"
    BUREAU = "bureau"
    WORKING_GROUP = "working_group"


class MeetingState(enum.StrEnum):
    PLANNED = "planned"
    IN_SESSION = "in_session"
    CLOSED = "closed"
    CANCELLED = "cancelled"


class AgendaItemKind(enum.StrEnum):
    # A `proposal` item links the proposal debated and voted, a `referral` item the question
    # from the city (CHECK constraints below); the bridge module is the only code using them.
    PROPOSAL = "proposal"
    REFERRAL = "referral"
    INFORMATION = "information"
    MINUTES_APPROVAL = "minutes_approval"
    OTHER = "other"


class RsvpAnswer(enum.StrEnum):
    ATTENDING = "attending"
    EXCUSED = "excused"


class AttendanceStatus(enum.StrEnum):
    PRESENT = "present"
    EXCUSED = "excused"
    ABSENT = "absent"


meeting_participants = Table(
    "meeting_participants",
    db.metadata,
    Column("meeting_id", ForeignKey("meetings.id", ondelete="CASCADE"), primary_key=True),
    Column("user_id", ForeignKey("users.id", ondelete="CASCADE"), primary_key=True),
)


class Meeting(db.Model):
    __tablename__ = "meetings"

    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[MeetingKind] = mapped_column(enum_type(MeetingKind, "meeting_kind"))
    title: Mapped[str] = mapped_column(String(TITLE_MAX))
    starts_at: Mapped[datetime] = mapped_column(UTCDateTime, index=True)
    ends_at: Mapped[datetime] = mapped_column(UTCDateTime)
    place: Mapped[str] = mapped_column(String(PLACE_MAX), default="")
    online_url: Mapped[str] = mapped_column(String(URL_MAX), default="")
    interpretation: Mapped[bool] = mapped_column(default=False)
    step_free: Mapped[bool] = mapped_column(default=False)
    accessibility_notes: Mapped[str] = mapped_column(Text, default="")
    state: Mapped[MeetingState] = mapped_column(
        enum_type(MeetingState, "meeting_state"), default=MeetingState.PLANNED
    )
    cancel_reason: Mapped[str | None] = mapped_column(Text)
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    started_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    closed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    # When the secretary last said the agenda is ready (members were told); None: in preparation.
    agenda_published_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    # RFC 5545 SEQUENCE: raised when the date or place changes, so calendars take the update.
    sequence: Mapped[int] = mapped_column(default=0, server_default="0")

    participants = relationship("User", secondary=meeting_participants, lazy="selectin")
    items: Mapped[list["AgendaItem"]] = relationship(
        back_populates="meeting",
        order_by="(AgendaItem.position, AgendaItem.id)",
        cascade="all, delete-orphan",
    )

    __table_args__ = (
        CheckConstraint("ends_at > starts_at", name="ends_after_start"),
        CheckConstraint("place <> '' OR online_url <> ''", name="has_place_or_link"),
        CheckConstraint(
            "(state = 'cancelled') = (cancel_reason IS NOT NULL)", name="cancelled_iff_reason"
        ),
        CheckConstraint(
            "state = 'planned' OR state = 'cancelled' OR started_at IS NOT NULL",
            name="started_when_in_session",
        ),
        CheckConstraint(
            "(state = 'closed') = (closed_at IS NOT NULL)", name="closed_iff_closed_at"
        ),
    )

    @property
    def is_open_for_business(self) -> bool:
        return self.state in (MeetingState.PLANNED, MeetingState.IN_SESSION)


class AgendaItem(db.Model):
    __tablename__ = "agenda_items"

    id: Mapped[int] = mapped_column(primary_key=True)
    meeting_id: Mapped[int] = mapped_column(ForeignKey("meetings.id", ondelete="CASCADE"))
    position: Mapped[int]
    kind: Mapped[AgendaItemKind] = mapped_column(enum_type(AgendaItemKind, "agenda_item_kind"))
    title: Mapped[str] = mapped_column(String(TITLE_MAX))
    description: Mapped[str] = mapped_column(Text, default="")
    proposal_id: Mapped[int | None] = mapped_column(ForeignKey("proposals.id"), index=True)
    referral_id: Mapped[int | None] = mapped_column(ForeignKey("referrals.id"), index=True)
    # When the secretary put it on the room's screen: the current item is the last one shown.
    shown_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    meeting: Mapped[Meeting] = relationship(back_populates="items")
    polls = relationship("Poll", back_populates="item", order_by="Poll.id")
    proposal = relationship("Proposal", lazy="joined")
    referral = relationship("Referral", lazy="joined")

    __table_args__ = (
        CheckConstraint("position >= 1", name="position_positive"),
        CheckConstraint(
            "(kind = 'proposal') = (proposal_id IS NOT NULL)", name="proposal_iff_kind"
        ),
        CheckConstraint(
            "(kind = 'referral') = (referral_id IS NOT NULL)", name="referral_iff_kind"
        ),
    )


class Rsvp(db.Model):
    __tablename__ = "meeting_rsvps"

    meeting_id: Mapped[int] = mapped_column(
        ForeignKey("meetings.id", ondelete="CASCADE"), primary_key=True
    )
    user_id: Mapped[int] = mapped_column(
        ForeignKey("users.id", ondelete="CASCADE"), primary_key=True
    )
    answer: Mapped[RsvpAnswer] = mapped_column(enum_type(RsvpAnswer, "rsvp_answer"))
    answered_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class Attendance(db.Model):
    __tablename__ = "meeting_attendance"

    meeting_id: Mapped[int] = mapped_column(
        ForeignKey("meetings.id", ondelete="CASCADE"), primary_key=True
    )
    user_id: Mapped[int] = mapped_column(
        ForeignKey("users.id", ondelete="CASCADE"), primary_key=True
    )
    status: Mapped[AttendanceStatus] = mapped_column(
        enum_type(AttendanceStatus, "attendance_status")
    )
    arrived_at: Mapped[datetime | None] = mapped_column(UTCDateTime)  # set when late
    left_at: Mapped[datetime | None] = mapped_column(UTCDateTime)  # set when leaving early
    recorded_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    recorded_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    user = relationship("User", foreign_keys=[user_id])

    __table_args__ = (
        CheckConstraint(
            "status = 'present' OR (arrived_at IS NULL AND left_at IS NULL)",
            name="times_only_when_present",
        ),
        CheckConstraint(
            "arrived_at IS NULL OR left_at IS NULL OR left_at > arrived_at",
            name="leaves_after_arriving",
        ),
    )

    def is_present_at(self, moment: datetime) -> bool:
        if self.status != AttendanceStatus.PRESENT:
            return False
        if self.arrived_at is not None and self.arrived_at > moment:
            return False
        return self.left_at is None or self.left_at > moment


class Proxy(db.Model):
    """Member `giver` lets member `holder` vote for them during one meeting."""

    __tablename__ = "proxies"

    id: Mapped[int] = mapped_column(primary_key=True)
    meeting_id: Mapped[int] = mapped_column(ForeignKey("meetings.id", ondelete="CASCADE"))
    giver_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))
    holder_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))
    recorded_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    giver = relationship("User", foreign_keys=[giver_id])
    holder = relationship("User", foreign_keys=[holder_id])

    __table_args__ = (
        UniqueConstraint("meeting_id", "giver_id"),  # one proxy given per member per meeting
        UniqueConstraint("meeting_id", "holder_id"),  # at most one proxy held
        CheckConstraint("giver_id <> holder_id", name="not_to_oneself"),
    )


class ReminderSent(db.Model):
    """One row per reminder mailed: the cron job may run any number of times."""

    __tablename__ = "meeting_reminders"

    meeting_id: Mapped[int] = mapped_column(
        ForeignKey("meetings.id", ondelete="CASCADE"), primary_key=True
    )
    user_id: Mapped[int] = mapped_column(
        ForeignKey("users.id", ondelete="CASCADE"), primary_key=True
    )
    days_before: Mapped[int] = mapped_column(primary_key=True, autoincrement=False)
    sent_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    __table_args__ = (CheckConstraint("days_before IN (1, 3)", name="known_reminder"),)
