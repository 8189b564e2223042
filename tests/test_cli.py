"""Command-line tools an operator uses."""

from sqlalchemy import func, select

from council.accounts.models import User
from council.extensions import db
from council.roles import Role
from council.services.models import Service


def run(app, *args, input=None):
    return app.test_cli_runner().invoke(args=list(args), input=input)


def test_users_create_reads_the_password_from_stdin(app):
    result = run(
        app,
        "services",
        "create",
        "Habitat",
        "--email",
        "h@ville.example",
        "--translation",
        "en=Housing",
    )
    assert result.exit_code == 0, result.output
    result = run(
        app,
        "users",
        "create",
        "Agent@Ville.example",
        "--role",
        "official",
        "--role",
        "member",
        "--name",
        "Agent",
        "--service",
        "Habitat",
        "--password-stdin",
        input="a long enough passphrase\n",
    )
    assert result.exit_code == 0, result.output
    user = db.session.scalar(select(User).where(User.email == "agent@ville.example"))
    assert user.roles == {Role.OFFICIAL, Role.MEMBER}
    assert [s.name for s in user.services] == ["Habitat"]
    assert "a long enough passphrase" not in user.password_hash


def test_users_create_refuses_weak_passwords_and_duplicates(app):
    weak = run(
        app,
        "users",
        "create",
        "a@example.org",
        "--role",
        "admin",
        "--name",
        "A",
        "--password-stdin",
        input="password\n",
    )
    assert weak.exit_code != 0
    assert "Use at least 12 characters." in weak.output
    ok = run(
        app,
        "users",
        "create",
        "a@example.org",
        "--role",
        "admin",
        "--name",
        "A",
        "--password-stdin",
        input="a long enough passphrase\n",
    )
    assert ok.exit_code == 0
    again = run(
        app,
        "users",
        "create",
        "a@example.org",
        "--role",
        "admin",
        "--name",
        "A",
        "--password-stdin",
        input="a long enough passphrase\n",
    )
    assert again.exit_code != 0
    assert "An account already exists for this email address." in again.output
    no_stdin = run(app, "users", "create", "b@example.org", "--role", "admin", "--name", "B")
    assert no_stdin.exit_code != 0
    assert db.session.scalar(select(func.count()).select_from(User)) == 1


def test_demo_data_is_lifelike_and_idempotent(app, client):
    assert run(app, "demo-data").exit_code == 0
    counts = (
        db.session.scalar(select(func.count()).select_from(User)),
        db.session.scalar(select(func.count()).select_from(Service)),
    )
    members = db.session.scalar(
        select(func.count(User.id)).where(User.role_rows.any(role=Role.MEMBER))
    )
    assert counts == (26, 3)
    assert members >= 20
    assert run(app, "demo-data").exit_code == 0
    assert "not loaded" in run(app, "demo-data", "--if-empty").output
    assert db.session.scalar(select(func.count()).select_from(User)) == 26
    response = client.login("secretaire@council.example", "conseil-demo-2026")
    assert response.status_code == 302
    home = client.get("/me").get_data(as_text=True)
    assert 'id="secretary-heading"' in home and 'id="member-heading"' in home
