"""`flask retention purge` deletes what has served its time, and only that."""

from datetime import timedelta

from sqlalchemy import func, select

from council.accounts.models import Invitation, PasswordReset
from council.db_types import utcnow
from council.extensions import db
from council.mail.models import OutboxMessage, OutboxStatus
from council.minutes.models import MinutesSubscriber
from council.roles import Role
from tests.conftest import link_in, outbox


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


def test_the_purge_deletes_email_follows_never_confirmed_once_their_link_expired(app, monkeypatch):
    """Public follows by email (no account) that nobody confirmed go after the period, never
    while their confirmation link still works, even with a shorter period configured; a
    confirmed follow stays until its owner stops it. The same holds for the minutes."""
    from council.notifications import public_follows
    from council.notifications.models import PublicFollow

    monkeypatch.setitem(app.config, "RETENTION_UNCONFIRMED_SUBSCRIPTION_DAYS", 1)
    for email in ("stale@example.org", "fresh@example.org", "reader@example.org"):
        public_follows.follow_by_email(email, "fr", "meetings", 0, "Séances")
    db.session.commit()
    token = link_in(outbox()[-1].body).rsplit("/", 1)[-1]  # reader's link
    assert public_follows.confirm(token) is not None
    rows = {row.email: row for row in db.session.scalars(select(PublicFollow))}
    rows["stale@example.org"].created_at = utcnow() - timedelta(days=8)  # link expired
    rows["fresh@example.org"].created_at = utcnow() - timedelta(days=3)  # link still works
    rows["reader@example.org"].created_at = utcnow() - timedelta(days=400)
    db.session.add_all(
        [
            MinutesSubscriber(email="old@example.org", locale="fr", confirm_token_hash="d" * 64,
                              unsubscribe_key="k3", created_at=utcnow() - timedelta(days=8)),
            MinutesSubscriber(email="new@example.org", locale="fr", confirm_token_hash="e" * 64,
                              unsubscribe_key="k4", created_at=utcnow() - timedelta(days=3)),
        ]
    )  # fmt: skip
    db.session.commit()
    result = app.test_cli_runner().invoke(args=["retention", "purge"])
    assert result.exit_code == 0, result.output
    assert "unconfirmed_follows: 1" in result.output
    assert "unconfirmed_subscriptions: 1" in result.output
    db.session.expire_all()
    kept = sorted(row.email for row in db.session.scalars(select(PublicFollow)))
    assert kept == ["fresh@example.org", "reader@example.org"]
    assert [s.email for s in db.session.scalars(select(MinutesSubscriber))] == ["new@example.org"]
    again = app.test_cli_runner().invoke(args=["retention", "purge"])
    assert "unconfirmed_follows: 0" in again.output


def test_the_privacy_page_states_how_long_an_unconfirmed_follow_is_kept(client):
    page = client.get("/privacy?lang=fr").get_data(as_text=True)
    assert "Suivi par e-mail" in page and "jamais confirmé, 7 jours" in page
