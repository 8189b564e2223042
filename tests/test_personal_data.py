"""Download my data and erase my account (GDPR articles 15, 17, 20), on a member with a real
history: proposals, comments, a translation, named and secret votes, a proxy, attendance,
notifications and a subscription to the minutes by email."""

import json

import pytest
from sqlalchemy import func, select

from council.accounts.models import User
from council.comments.models import Comment
from council.extensions import db
from council.meetings import operations as meetings
from council.minutes import subscriptions
from council.minutes.models import MinutesSubscriber
from council.notifications.models import Notification
from council.polls import operations as polls
from council.polls.models import Ballot, BallotCast, PollResult, SecretBallot
from council.proceedings import close_poll
from council.proposals.models import Proposal
from council.roles import Role
from council.translations_content.models import ContentTranslation
from tests.conftest import PASSWORD
from tests.meeting_helpers import open_poll, session_with
from tests.proposal_factories import a_submitted
from tests.referral_helpers import comment_on, housing_service, official_of, open_referral
from tests.translation_helpers import translate

AMINA = "amina@example.org"


@pytest.fixture
def history(make_user):
    """Amina, member: what she did, and what others did around her."""
    secretary, members, meeting = session_with(make_user, members=3)
    amina = members[0]
    amina.email, amina.display_name = AMINA, "Amina"
    farid = members[1]
    farid.email, farid.display_name = "farid@example.org", "Farid"
    db.session.commit()
    proposal = a_submitted(amina, [farid, members[2]], title="Des bancs publics", body="Bancs.")
    service = housing_service()
    referral = open_referral(official_of(make_user, service), service)
    comment = comment_on(referral, amina, "Il faut un guide en arabe.")
    comment_on(referral, farid, "D'accord avec Amina.", reply_to=comment)  # notifies Amina
    translate("proposal", proposal, amina, "ar", title="مقاعد عامة")
    named = open_poll(meeting, secretary)
    polls.cast_ballot(named, amina, choice="for")
    polls.cast_ballot(named, farid, choice="against")
    polls.cast_ballot(named, secretary, choice="for")
    named_result = close_poll(named, secretary)
    secret = open_poll(meeting, secretary, secrecy="secret")
    polls.cast_ballot(secret, amina, choice="against")
    polls.cast_ballot(secret, farid, choice="for")
    close_poll(secret, secretary)
    later = meetings.schedule_meeting(
        secretary, kind="plenary", title="Séance de juin", starts_at=meeting.starts_at,
        ends_at=meeting.ends_at, place="Mairie",
    )  # fmt: skip
    meetings.give_proxy(later, amina, giver=amina, holder=farid)
    subscriptions.subscribe(AMINA, "fr")
    db.session.commit()
    return {
        "amina": amina, "farid": farid, "proposal": proposal, "comment": comment,
        "named": named, "named_result": named_result, "secret": secret,
    }  # fmt: skip


def download(client, url, password=PASSWORD):
    return client.submit(url, {"password": password})


def test_download_my_data_holds_all_of_it_and_nobody_elses(client, history):
    client.login(AMINA)
    refused = download(client, "/account/data", password="not my password")
    assert refused.status_code == 200 and "Your password is not correct." in refused.text
    response = download(client, "/account/data")
    assert response.status_code == 200
    assert response.headers["Content-Type"].startswith("application/json")
    assert "attachment" in response.headers["Content-Disposition"]
    assert "no-store" in response.headers["Cache-Control"]
    data = json.loads(response.get_data(as_text=True))
    assert data["account"]["email"] == AMINA and data["account"]["display_name"] == "Amina"
    assert [r["role"] for r in data["account"]["roles"]] == ["member"]
    assert [p["title"] for p in data["proposals_written"]] == ["Des bancs publics"]
    assert [c["body"] for c in data["comments"]] == ["Il faut un guide en arabe."]
    assert [t["text"] for t in data["translations"]] == ["مقاعد عامة"]
    assert [(v["poll_id"], v["choice"]) for v in data["named_votes"]] == [
        (history["named"].id, "for")
    ]
    # Secret poll: that she took part, never what she chose.
    assert [s["poll_id"] for s in data["secret_polls_taken_part_in"]] == [history["secret"].id]
    assert "choice" not in data["secret_polls_taken_part_in"][0]
    assert [(p["given_to"], p["received_from"]) for p in data["proxies"]] == [("Farid", None)]
    assert data["attendance"][0]["status"] == "present"
    assert data["notifications"] and data["minutes_subscription_by_email"][0]["email"] == AMINA
    # Others appear by their public name only: no other email anywhere in the file.
    text = json.dumps(data, ensure_ascii=False)
    assert "farid@example.org" not in text and "secretary@example.org" not in text
    assert "agent@ville.example" not in text
    assert text.count("@") == 2  # her own address, in the account and the subscription


def test_erasing_my_account_wipes_me_and_keeps_the_record(client, make_client, history):
    amina, farid = history["amina"], history["farid"]
    amina_id = amina.id
    ballots_before = db.session.scalar(select(func.count()).select_from(Ballot))
    secret_before = db.session.scalars(select(SecretBallot.choice)).all()
    result_before = db.session.get(PollResult, history["named"].id)
    frozen = (result_before.votes_for, result_before.votes_against, result_before.entitled_ids)
    other_device = make_client()
    other_device.login(AMINA)
    client.login(AMINA)
    # Without the box ticked, or with a wrong password: nothing happens.
    kept = client.submit("/account/erase", {"password": PASSWORD})
    assert "Check this box to confirm." in kept.text
    wrong = client.submit("/account/erase", {"password": "nope", "understood": "y"})
    assert "Your password is not correct." in wrong.text
    assert db.session.get(User, amina_id).erased_at is None
    done = client.submit("/account/erase", {"password": PASSWORD, "understood": "y"})
    assert done.status_code == 302
    db.session.expire_all()
    amina = db.session.get(User, amina_id)
    # Personal fields wiped.
    assert amina.erased_at is not None and not amina.is_active_account
    assert AMINA not in amina.email and amina.stored_display_name == ""
    assert amina.password_hash == "" and amina.locale is None and amina.roles == set()
    assert amina.display_name == "Former member"
    # Sessions end everywhere, and the old password no longer logs in.
    assert other_device.get("/account").status_code == 302
    assert "/login" in client.login(AMINA).request.path or client.get("/account").status_code == 302
    # Contributions stay, signed "Former member".
    proposal = db.session.get(Proposal, history["proposal"].id)
    assert proposal.author_id == amina_id and proposal.title == "Des bancs publics"
    page = client.get(f"/proposals/{proposal.id}").get_data(as_text=True)
    assert "Former member" in page and "Amina" not in page
    assert db.session.get(Comment, history["comment"].id).body == "Il faut un guide en arabe."
    assert db.session.scalar(
        select(func.count()).select_from(ContentTranslation).where(
            ContentTranslation.translator_id == amina_id
        )
    ) == 1  # fmt: skip
    # Ballots still counted, frozen results unchanged, secret ballots untouched.
    assert db.session.scalar(select(func.count()).select_from(Ballot)) == ballots_before
    result = db.session.get(PollResult, history["named"].id)
    assert (result.votes_for, result.votes_against, result.entitled_ids) == frozen
    assert db.session.scalars(select(SecretBallot.choice)).all() == secret_before
    assert db.session.scalar(
        select(func.count()).select_from(BallotCast).where(BallotCast.member_id == amina_id)
    ) == 1  # fmt: skip
    # Her notifications and her subscription by email are gone; others' notifications no
    # longer quote her name.
    assert db.session.scalar(
        select(func.count()).select_from(Notification).where(Notification.user_id == amina_id)
    ) == 0  # fmt: skip
    assert db.session.scalars(select(MinutesSubscriber)).all() == []
    quoted = db.session.scalars(select(Notification.params)).all()
    assert all((params or {}).get("actor") != "Amina" for params in quoted)
    # No row anywhere still holds her email address, and only her contributions and the
    # council's record still point at her account (a new table of credentials would show here).
    assert _rows_holding(AMINA) == []
    assert _references_to(amina_id) <= CONTRIBUTIONS
    assert farid.display_name == "Farid"  # nobody else touched


# What an erased account still signs: the council's record and its contributions.
CONTRIBUTIONS = {
    "proposals.author_id", "proposal_coauthors.user_id", "proposal_cosignatures.member_id",
    "proposal_events.actor_id", "proposal_revisions.editor_id", "comments.author_id",
    "comment_reports.reporter_id", "content_translations.translator_id",
    "content_translations.reviewed_by_id", "ballots.voter_id", "ballots.on_behalf_of_id",
    "ballot_casts.member_id", "ballot_casts.voter_id", "proxies.giver_id", "proxies.holder_id",
    "proxies.recorded_by_id",
    "meeting_attendance.user_id", "meeting_participants.user_id", "meeting_rsvps.user_id",
    "meeting_reminders.user_id", "invitations.user_id", "audit_events.actor_id",
    "security_events.user_id",
}  # fmt: skip


def _references_to(user_id: int) -> set[str]:
    """Every column holding a foreign key to users that still points at this account."""
    found = set()
    for table in db.metadata.sorted_tables:
        for column in table.columns:
            if any(fk.column.table.name == "users" for fk in column.foreign_keys):
                query = select(func.count()).select_from(table).where(column == user_id)
                if db.session.scalar(query):
                    found.add(f"{table.name}.{column.name}")
    return found


def _rows_holding(text: str) -> list[str]:
    found = []
    for table in db.metadata.sorted_tables:
        for column in table.columns:
            if str(column.type).startswith(("VARCHAR", "TEXT", "JSON")):
                query = (
                    select(func.count())
                    .select_from(table)
                    .where(func.cast(column, db.String).contains(text))
                )
                if db.session.scalar(query):
                    found.append(f"{table.name}.{column.name}")
    return found


def test_the_admin_downloads_and_erases_on_request(client, make_user, history):
    admin = make_user(Role.ADMIN, email="admin@example.org")
    client.login(admin.email)
    amina = history["amina"]
    page = client.get(f"/admin/users/{amina.id}").get_data(as_text=True)
    assert f"/admin/users/{amina.id}/data" in page and f"/admin/users/{amina.id}/erase" in page
    data = download(client, f"/admin/users/{amina.id}/data").get_json()
    assert data["account"]["email"] == AMINA
    # The admin confirms with their own password.
    assert (
        "Your password is not correct."
        in client.submit(
            f"/admin/users/{amina.id}/erase", {"password": "x" * 12, "understood": "y"}
        ).text
    )
    done = client.submit(
        f"/admin/users/{amina.id}/erase", {"password": PASSWORD, "understood": "y"}
    )
    assert done.status_code == 302
    db.session.expire_all()
    assert db.session.get(User, amina.id).erased_at is not None
    assert _rows_holding(AMINA) == []


def test_the_last_admin_cannot_erase_themself(client, make_user):
    admin = make_user(Role.ADMIN, email="admin@example.org")
    client.login(admin.email)
    page = client.submit("/account/erase", {"password": PASSWORD, "understood": "y"})
    assert page.status_code == 200
    assert "The last administrator cannot be erased" in page.text
    db.session.expire_all()
    assert db.session.get(User, admin.id).erased_at is None
