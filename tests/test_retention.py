"""`flask retention purge` deletes what has served its time, and only that."""

from datetime import timedelta

from sqlalchemy import func, select

from council.accounts.models import Invitation, PasswordReset
from council.db_types import utcnow
from council.extensions import db
from council.mail.models import OutboxMessage, OutboxStatus
from council.minutes.models import MinutesSubscriber
from council.roles import Role


def count(model) -> int:
    return db.session.scalar(select(func.count()).select_from(model))


def test_the_purge_keeps_what_still_serves(app, make_user):
    admin = make_user(Role.ADMIN, email="admin@example.org")
    long_ago, recently = utcnow() - timedelta(days=400), utcnow() - timedelta(days=1)

    def invitation(n, **fields):
        return Invitation(
            email=f"guest{n}@example.org", roles=["member"], locale="fr", token_hash=f"{n:064d}",
            invited_by_id=admin.id, **{"expires_at": utcnow() + timedelta(days=7), **fields},
        )  # fmt: skip

    db.session.add_all(
        [
            invitation(1, accepted_at=long_ago, created_at=long_ago),
            invitation(2, revoked_at=long_ago),
            invitation(3, expires_at=long_ago),
            invitation(4),  # still usable: kept
            invitation(5, accepted_at=recently),  # used yesterday: kept for now
            PasswordReset(user_id=admin.id, token_hash="a" * 64, expires_at=long_ago),
            PasswordReset(user_id=admin.id, token_hash="b" * 64, expires_at=utcnow()),
            OutboxMessage(recipient="x@example.org", subject="s", body="b", locale="fr",
                          status=OutboxStatus.SENT, sent_at=long_ago, created_at=long_ago),
            OutboxMessage(recipient="y@example.org", subject="s", body="b", locale="fr",
                          created_at=long_ago),  # still waiting: never deleted
            MinutesSubscriber(email="never@example.org", locale="fr", confirm_token_hash="c" * 64,
                              unsubscribe_key="k1", created_at=long_ago),
            MinutesSubscriber(email="reader@example.org", locale="fr", unsubscribe_key="k2",
                              created_at=long_ago, confirmed_at=long_ago),
        ]
    )  # fmt: skip
    db.session.commit()
    result = app.test_cli_runner().invoke(args=["retention", "purge"])
    assert result.exit_code == 0, result.output
    assert "invitations: 3" in result.output and "outbox: 1" in result.output
    db.session.expire_all()
    assert sorted(i.email for i in db.session.scalars(select(Invitation))) == [
        "guest4@example.org",
        "guest5@example.org",
    ]
    assert [r.token_hash[0] for r in db.session.scalars(select(PasswordReset))] == ["b"]
    assert [m.recipient for m in db.session.scalars(select(OutboxMessage))] == ["y@example.org"]
    assert [s.email for s in db.session.scalars(select(MinutesSubscriber))] == [
        "reader@example.org"
    ]
    again = app.test_cli_runner().invoke(args=["retention", "purge"])
    assert "invitations: 0" in again.output  # idempotent, safe to run from cron
