"""People, their roles, invitations and password-reset links."""

from datetime import datetime

from flask_login import UserMixin
from sqlalchemy import JSON, BigInteger, CheckConstraint, ForeignKey, String
from sqlalchemy.ext.hybrid import hybrid_property
from sqlalchemy.orm import Mapped, mapped_column, relationship

from council.db_types import UTCDateTime, enum_type, utcnow
from council.extensions import db
from council.roles import Role

EMAIL_MAX = 254
DISPLAY_NAME_MAX = 80


class User(UserMixin, db.Model):
    __tablename__ = "users"

    id: Mapped[int] = mapped_column(primary_key=True)
    email: Mapped[str] = mapped_column(String(EMAIL_MAX), unique=True)
    # Read through `display_name`, which says "Former member" once the account is erased.
    stored_display_name: Mapped[str] = mapped_column("display_name", String(DISPLAY_NAME_MAX))
    password_hash: Mapped[str] = mapped_column(String(255))
    locale: Mapped[str | None] = mapped_column(String(10))
    is_active_account: Mapped[bool] = mapped_column(default=True)
    # Bumped on logout and password change: every cookie carries it, so old cookies stop working.
    session_version: Mapped[int] = mapped_column(default=1)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    last_login_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    # Second factor (TOTP): the secret is stored encrypted (council/accounts/totp.py); it is
    # being set up while `totp_enabled_at` is empty. `totp_last_step` is the time step of the
    # last accepted code, so that a code cannot be used twice.
    totp_secret: Mapped[str | None] = mapped_column(String(255))
    totp_enabled_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    totp_last_step: Mapped[int | None] = mapped_column(BigInteger)
    # Set when the person's account was erased (GDPR art. 17): personal fields are wiped, the
    # row stays so that their contributions and counted ballots keep their place.
    erased_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    role_rows: Mapped[list["UserRole"]] = relationship(
        back_populates="user", cascade="all, delete-orphan", lazy="selectin"
    )
    services = relationship(
        "Service", secondary="service_officials", back_populates="officials", lazy="selectin"
    )

    __table_args__ = (
        CheckConstraint("session_version >= 1", name="session_version_positive"),
        CheckConstraint(
            "totp_enabled_at IS NULL OR totp_secret IS NOT NULL", name="enabled_totp_has_secret"
        ),
    )

    @property
    def has_two_factor(self) -> bool:
        return self.totp_enabled_at is not None

    @hybrid_property
    def display_name(self) -> str:
        if self.erased_at is not None:
            return former_member()
        return self.stored_display_name

    @display_name.inplace.setter
    def _display_name_setter(self, value: str) -> None:
        self.stored_display_name = value

    @display_name.inplace.expression
    @classmethod
    def _display_name_expression(cls):
        return cls.stored_display_name

    @property
    def is_erased(self) -> bool:
        return self.erased_at is not None

    @property
    def is_active(self) -> bool:
        return self.is_active_account

    def get_id(self) -> str:
        return f"{self.id}:{self.session_version}"

    @property
    def roles(self) -> set[Role]:
        return {row.role for row in self.role_rows}

    def has_role(self, role: Role) -> bool:
        return role in self.roles

    def __repr__(self) -> str:
        return f"<User {self.id}>"


def former_member() -> str:
    """How an erased account signs its contributions, in the reader's language."""
    from flask_babel import gettext

    try:
        return gettext("Former member")
    except (RuntimeError, KeyError):  # no application context (a script): English
        return "Former member"


class UserRole(db.Model):
    __tablename__ = "user_roles"

    user_id: Mapped[int] = mapped_column(
        ForeignKey("users.id", ondelete="CASCADE"), primary_key=True
    )
    role: Mapped[Role] = mapped_column(enum_type(Role, "role"), primary_key=True)
    granted_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    user: Mapped[User] = relationship(back_populates="role_rows")


class Invitation(db.Model):
    """A single-use link that lets a person create their account with the given roles."""

    __tablename__ = "invitations"

    id: Mapped[int] = mapped_column(primary_key=True)
    email: Mapped[str] = mapped_column(String(EMAIL_MAX), index=True)
    roles: Mapped[list[str]] = mapped_column(JSON)
    service_id: Mapped[int | None] = mapped_column(ForeignKey("services.id", ondelete="SET NULL"))
    locale: Mapped[str] = mapped_column(String(10))
    # Only a hash of the token is stored: a leaked database does not leak usable links.
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    invited_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    expires_at: Mapped[datetime] = mapped_column(UTCDateTime)
    accepted_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    revoked_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))

    invited_by = relationship(User, foreign_keys=[invited_by_id])
    service = relationship("Service")

    @property
    def role_set(self) -> set[Role]:
        return {Role(value) for value in self.roles}

    def is_usable(self, now: datetime) -> bool:
        return self.accepted_at is None and self.revoked_at is None and now < self.expires_at


class PasswordReset(db.Model):
    __tablename__ = "password_resets"

    id: Mapped[int] = mapped_column(primary_key=True)
    # Never empty in a stored row: a request for an unknown address writes one without a
    # person inside a savepoint that it rolls back (same work, see emailed_links.py).
    user_id: Mapped[int | None] = mapped_column(
        ForeignKey("users.id", ondelete="CASCADE"), index=True
    )
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    expires_at: Mapped[datetime] = mapped_column(UTCDateTime)
    used_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    user: Mapped[User] = relationship()
