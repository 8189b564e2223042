"""The security log: what is recorded, the admin page, the purge."""

from datetime import timedelta

from sqlalchemy import select

from council.api.models import ApiToken
from council.audit.models import AuditEvent
from council.extensions import db
from council.roles import Role
from council.security_events.models import SecurityEvent
from council.services import operations as services
from tests.conftest import PASSWORD
from tests.two_factor_helpers import code_for


def kinds_of(user=None):
    db.session.expire_all()
    query = select(SecurityEvent.kind).order_by(SecurityEvent.id)
    if user is not None:
        query = query.where(SecurityEvent.user_id == user.id)
    return db.session.scalars(query).all()


def test_logins_failures_blocks_and_second_factor_are_recorded(make_client, make_user):
    secretary = make_user(Role.SECRETARY, email="claire@example.org")
    client = make_client()
    client.submit("/login", {"email": "claire@example.org", "password": "wrong wrong wrong"})
    client.submit("/login", {"email": "claire@example.org", "password": PASSWORD})
    client.submit("/login/code", {"code": "000000"})
    client.submit("/login/code", {"code": code_for("claire@example.org")})
    client.logout()
    for _ in range(5):
        client.submit("/login", {"email": "claire@example.org", "password": "nope nope nope"})
    assert kinds_of(secretary) == [
        "two_factor_enabled",
        "login_failed",
        "second_factor_failed",
        "login_succeeded",
        "logout",
        *["login_failed"] * 4,  # the fifth failure of this account at this address…
        "login_blocked",  # …blocks it; the attempt after is refused unchecked
    ]
    success = db.session.scalar(
        select(SecurityEvent).where(SecurityEvent.kind == "login_succeeded")
    )
    assert success.details == {"method": "password", "second_factor": "totp"}
    assert success.address == "127.0.0.1"
    client.submit("/login", {"email": "nobody@example.org", "password": "x" * 12})
    unknown = db.session.scalars(select(SecurityEvent).order_by(SecurityEvent.id.desc())).first()
    assert unknown.user_id is None and unknown.details == {"reason": "unknown_account"}


def test_role_changes_go_to_the_log_and_to_the_audit_chain(client, make_user):
    make_user(Role.ADMIN, email="admin@example.org")
    member = make_user(Role.MEMBER, email="amina@example.org")
    client.login("admin@example.org")
    client.submit(f"/admin/users/{member.id}", {"roles": ["member", "secretary"], "active": "y"})
    event = db.session.scalar(select(SecurityEvent).where(SecurityEvent.kind == "role_changed"))
    assert event.user_id == member.id
    assert event.details["after"]["roles"] == ["member", "secretary"]
    chained = db.session.scalar(select(AuditEvent).where(AuditEvent.kind == "role_changed"))
    assert chained.subject == f"user:{member.id}"
    assert chained.payload["before"]["roles"] == ["member"]


def test_api_tokens_and_refusals_are_recorded(client, make_user):
    admin = make_user(Role.ADMIN, email="admin@example.org")
    member = make_user(Role.MEMBER, email="amina@example.org")
    service = services.create_service("Habitat", "h@ville.example")
    db.session.commit()
    client.login("admin@example.org")
    client.submit(f"/admin/services/{service.id}/tokens", {"label": "GRC"})
    [token_id] = db.session.scalars(select(ApiToken.id)).all()
    client.submit(f"/admin/services/{service.id}/tokens/{token_id}/revoke", {}, form_page="/me")
    assert kinds_of(admin)[-2:] == ["api_token_issued", "api_token_revoked"]
    client.logout()
    client.login("amina@example.org")
    assert client.get("/admin/users").status_code == 403
    refusal = db.session.scalars(
        select(SecurityEvent).where(SecurityEvent.kind == "access_denied")
    ).one()
    assert refusal.user_id == member.id
    assert refusal.details == {"method": "GET", "path": "/admin/users"}


def test_admin_page_filters_by_account_and_kind_and_pages(client, make_user):
    make_user(Role.ADMIN, email="admin@example.org")
    member = make_user(Role.MEMBER, email="amina@example.org", name="Amina")
    from council.security_events.record import record_event

    for _ in range(60):
        record_event("login_failed", member, reason="password")
    db.session.commit()
    client.login("admin@example.org")
    page = client.get("/admin/security/?account=amina@example.org&kind=login_failed")
    text = page.get_data(as_text=True)
    assert page.status_code == 200
    assert "60 events" in text and text.count("Failed login") == 51  # 50 + the filter option
    assert "Older events" in text and "Newer events" not in text
    second = client.get(
        "/admin/security/?account=amina@example.org&kind=login_failed&page=2"
    ).get_data(as_text=True)
    assert second.count("<bdi>Amina</bdi>") == 10 and "Newer events" in second
    unknown = client.get("/admin/security/?account=nobody@example.org").get_data(as_text=True)
    assert "No account has this email address." in unknown and "0 events" in unknown
    odd = client.get("/admin/security/?page=abc&kind=<script>")
    assert odd.status_code == 200 and "<script>" not in odd.get_data(as_text=True)


def test_purge_deletes_events_older_than_the_configured_period(app, make_user):
    from council.db_types import utcnow
    from council.security_events.record import record_event

    member = make_user(Role.MEMBER)
    old = record_event("login_failed", member)
    old.at = utcnow() - timedelta(days=app.config["SECURITY_EVENTS_DAYS"] + 1)
    record_event("login_succeeded", member)
    db.session.commit()
    result = app.test_cli_runner().invoke(args=["security", "purge"])
    assert result.exit_code == 0, result.output
    assert "deleted 1 security events" in result.output
    assert kinds_of() == ["login_succeeded"]
