"""Nobody can lock a member out; emailed links (reset, sign-in) are throttled and do the same
work whether the account exists or not."""

import re

from sqlalchemy import select

from council.accounts.auth_models import SignInLink
from council.accounts.models import PasswordReset
from council.db_types import utcnow
from council.extensions import db
from council.roles import Role
from tests.conftest import PASSWORD, link_in, outbox
from tests.query_counter import count_queries
from tests.two_factor_helpers import code_for

ATTACKER = {"REMOTE_ADDR": "203.0.113.66"}
MEMBER_HOME = {"REMOTE_ADDR": "198.51.100.7"}


def try_login(client, email, password, address):
    return client.submit("/login", {"email": email, "password": password}, environ_base=address)


def test_an_attacker_at_one_address_cannot_lock_the_member_out(make_client, make_user):
    make_user(Role.MEMBER, email="amina@example.org")
    attacker = make_client()
    for _ in range(12):
        try_login(attacker, "amina@example.org", "guess-guess-guess", ATTACKER)
    blocked = try_login(attacker, "amina@example.org", PASSWORD, ATTACKER)
    assert blocked.status_code == 429  # the attacker is slowed down, even with the password
    member = make_client()
    response = try_login(member, "amina@example.org", PASSWORD, MEMBER_HOME)
    assert response.status_code == 302 and response.headers["Location"] == "/me"


def ask_link(client, email, address=MEMBER_HOME):
    return client.submit("/login/link", {"email": email}, environ_base=address)


def test_many_addresses_block_the_account_until_an_emailed_sign_in_link(make_client, make_user):
    make_user(Role.MEMBER, email="farid@example.org")
    for number in range(11):  # a botnet: 5 tries from each of 11 addresses (50 per hour)
        client = make_client()
        for _ in range(5):
            try_login(
                client,
                "farid@example.org",
                "guess-guess-guess",
                {"REMOTE_ADDR": f"192.0.2.{number}"},
            )
    member = make_client()
    assert try_login(member, "farid@example.org", PASSWORD, MEMBER_HOME).status_code == 429
    page = member.get("/login").get_data(as_text=True)
    assert "Email me a sign-in link" in page
    assert ask_link(member, "farid@example.org").status_code == 302
    path = link_in(outbox()[-1].body)
    assert path.startswith("/login/link/")
    assert "15 minutes" in outbox()[-1].body
    # Opening the link (or a mail scanner fetching it) does not spend it.
    assert "Press the button" in member.get(path).get_data(as_text=True)
    response = member.submit(path, {}, environ_base=MEMBER_HOME)
    assert response.headers["Location"] == "/me"
    assert member.get("/me").status_code == 200
    member.logout()
    assert try_login(member, "farid@example.org", PASSWORD, MEMBER_HOME).status_code == 302
    again = make_client().submit(path, {}, form_page="/login")  # single use
    assert "no longer valid" in again.get_data(as_text=True)


def test_a_password_reset_lifts_the_block(make_client, make_user):
    make_user(Role.MEMBER, email="gul@example.org")
    member = make_client()
    for _ in range(5):
        try_login(member, "gul@example.org", "guess-guess-guess", MEMBER_HOME)
    assert try_login(member, "gul@example.org", PASSWORD, MEMBER_HOME).status_code == 429
    member.submit("/password/forgot", {"email": "gul@example.org"}, environ_base=MEMBER_HOME)
    path = link_in(outbox()[-1].body)
    new = "a brand new passphrase"
    member.submit(
        path, {"password": new, "confirm": new}, form_page="/password/forgot",
        environ_base=MEMBER_HOME,
    )  # fmt: skip
    assert try_login(member, "gul@example.org", new, MEMBER_HOME).status_code == 302


def test_a_sign_in_link_still_asks_the_second_factor_and_expires(client, make_user):
    make_user(Role.SECRETARY, email="claire@example.org")
    ask_link(client, "claire@example.org")
    path = link_in(outbox()[-1].body)
    response = client.submit(path, {})
    assert response.headers["Location"] == "/login/code"
    assert client.get("/me").status_code == 302
    client.submit("/login/code", {"code": code_for("claire@example.org")})
    assert client.get("/me").status_code == 200
    client.logout()
    ask_link(client, "claire@example.org")
    link = db.session.scalars(select(SignInLink).order_by(SignInLink.id.desc())).first()
    assert link.expires_at - link.created_at <= SignInLinkMinutes.limit()
    link.expires_at = utcnow()
    db.session.commit()
    assert "no longer valid" in client.get(link_in(outbox()[-1].body)).get_data(as_text=True)


class SignInLinkMinutes:
    @staticmethod
    def limit():
        from datetime import timedelta

        return timedelta(minutes=15)


def test_password_reset_requests_are_throttled_per_address_and_per_account(make_client, make_user):
    make_user(Role.MEMBER, email="elif@example.org")
    client = make_client()
    for _ in range(3):
        response = client.submit("/password/forgot", {"email": "elif@example.org"})
        assert response.status_code == 302
    refused = client.submit("/password/forgot", {"email": "elif@example.org"})
    assert refused.status_code == 429
    assert "Too many links were asked for" in refused.get_data(as_text=True)
    assert len(outbox()) == 3
    # The same answer for an address that has no account: the count says nothing.
    for _ in range(3):
        client.submit("/password/forgot", {"email": "nobody@example.org"})
    assert client.submit("/password/forgot", {"email": "nobody@example.org"}).status_code == 429
    # Per address: one address asking for many accounts is stopped too.
    spray = make_client()
    statuses = [
        spray.submit(
            "/password/forgot", {"email": f"p{n}@example.org"}, environ_base=ATTACKER
        ).status_code
        for n in range(11)
    ]
    assert statuses == [302] * 10 + [429]


def statements_of(client, email):
    with count_queries() as queries:
        response = client.submit("/password/forgot", {"email": email})
    assert response.status_code == 302
    shapes = []
    for statement in queries:
        words = statement.split()
        verb = words[0].upper()
        table = next(
            (w for w in words if w.strip('"') in {"users", "password_resets", "outbox_messages"}),
            "",
        )
        shapes.append((verb, table.strip('"')))
    return shapes


def test_a_reset_for_an_unknown_address_does_the_same_work(client, make_user, monkeypatch):
    """Not a timing test: both paths must run the same statements and the same hashing."""
    import council.accounts.emailed_links as emailed_links
    from council import tokens

    make_user(Role.MEMBER, email="olena@example.org")
    hashed = []
    real_new_token = tokens.new_token
    monkeypatch.setattr(emailed_links, "new_token", lambda: hashed.append(1) or real_new_token())
    known = statements_of(client, "olena@example.org")
    unknown = statements_of(client, "nobody@example.org")
    normalise = {"RELEASE": "END SAVEPOINT", "ROLLBACK": "END SAVEPOINT"}
    assert [(normalise.get(v, v), t) for v, t in known] == [
        (normalise.get(v, v), t) for v, t in unknown
    ]
    assert ("INSERT", "password_resets") in unknown and ("INSERT", "outbox_messages") in unknown
    assert hashed == [1, 1]
    assert [m.recipient for m in outbox()] == ["olena@example.org"]  # nobody else is mailed
    assert (
        db.session.scalar(
            select(db.func.count())
            .select_from(PasswordReset)
            .where(PasswordReset.user_id.is_(None))
        )
        == 0
    )
    assert re.search(r"/password/reset/\S+", outbox()[0].body)
