"""Issue 12, "a record that can be verified": `flask audit verify` recounts every poll from its
ballots and from the chain, and compares with the frozen result and the published heads. Each
test tampers with the database as someone with write access would, on SQLite and PostgreSQL,
and sees verify fail with a message that names the poll."""

import json
import re

import pytest
from sqlalchemy import func, select, text

from council.audit.chain import compute_hash, verify_chain
from council.audit.models import GENESIS_HASH, AuditEvent
from council.audit.recount import recount_polls
from council.extensions import db
from council.minutes.queries import minutes_of
from council.polls import operations as polls
from council.polls.models import Poll, SecretBallot
from council.proceedings import close_meeting
from tests.meeting_helpers import open_poll
from tests.minutes_helpers import approve_and_publish
from tests.record_helpers import closed_polls

pytestmark = pytest.mark.faults  # part of the fault suite (pytest -m faults)


def run(app, *args):
    return app.test_cli_runner().invoke(args=["audit", "verify", *args])


def sql(statement: str, **params) -> None:
    db.session.execute(text(statement), params)
    db.session.commit()


@pytest.fixture
def record(make_user):
    return closed_polls(make_user)


def test_an_untouched_record_verifies_and_recounts_every_poll(app, record):
    result = run(app)
    assert result.exit_code == 0, result.output
    assert "3 polls recounted" in result.output
    assert recount_polls() == (3, [])


def broken(app, *args) -> str:
    result = run(app, *args)
    assert result.exit_code == 1, result.output
    assert "audit record BROKEN" in result.output
    return result.output


def test_a_named_ballot_flipped_in_the_database_is_caught(app, record):
    member = record["people"][0].id
    sql(
        "UPDATE ballots SET choice = 'against' WHERE poll_id = :p AND on_behalf_of_id = :m",
        p=record["named"],
        m=member,
    )
    output = broken(app)
    named = record["named"]
    assert (
        f"poll {named}: the ballot of member {member} says against (cast by member {member}), "
        f"the audit chain says for" in output
    )
    assert (
        f"poll {named}: the frozen result says for=4 against=1 abstain=0, the ballots count "
        "for=3 against=2 abstain=0" in output
    )


def test_a_secret_ballot_deleted_is_caught(app, record):
    receipt = next(r for r, choice in record["receipts"].items() if choice == "for")
    sql("DELETE FROM secret_ballots WHERE receipt = :r", r=receipt)
    output = broken(app)
    secret = record["secret"]
    assert f"poll {secret}: the ballot box holds 3 ballots, the audit chain records 4" in output
    assert f"poll {secret}: the ballot box does not match the receipts hash" in output
    assert f"poll {secret}: the frozen result says for=2 against=1 abstain=1" in output


def test_a_secret_choice_changed_in_the_box_is_caught_by_the_receipts_hash(app, record):
    receipt = next(r for r, choice in record["receipts"].items() if choice == "abstain")
    sql("UPDATE secret_ballots SET choice = 'for' WHERE receipt = :r", r=receipt)
    output = broken(app)
    assert f"poll {record['secret']}: the ballot box does not match the receipts hash" in output


@pytest.mark.parametrize("poll_key", ["named", "secret", "paper"])
def test_frozen_counts_raised_are_caught(app, record, poll_key):
    poll_id = record[poll_key]
    sql("UPDATE poll_results SET votes_for = votes_for + 1 WHERE poll_id = :p", p=poll_id)
    output = broken(app)
    assert re.search(rf"poll {poll_id}: the frozen result says for=\d+ .*, the ballots", output)
    assert f"poll {poll_id}: the frozen result says" in output
    assert "its closing event says" in output


def test_the_newest_events_deleted_are_caught(app, record):
    newest = db.session.scalar(select(func.max(AuditEvent.seq)))
    sql("DELETE FROM audit_events WHERE seq > :s", s=newest - 2)  # the paper poll's tally, close
    output = broken(app)
    paper = record["paper"]
    assert f"poll {paper}: recorded chain head" in output and "is missing" in output
    assert f"poll {paper}: closed, with 0 closing events in the audit chain" in output


def test_ballots_of_an_open_poll_without_their_events_are_caught(app, record):
    secretary, people = record["secretary"], record["people"]
    poll = open_poll(record["meeting"], secretary, secrecy="secret", question="Open?")
    polls.cast_ballot(poll, people[0], choice="for")
    db.session.commit()
    newest = db.session.scalar(select(func.max(AuditEvent.seq)))
    sql("DELETE FROM audit_events WHERE seq = :s", s=newest)  # the ballot's event
    output = broken(app)
    assert (
        f"poll {poll.id}: member {people[0].id} is recorded as having voted, with no event"
        in output
    )
    assert f"poll {poll.id}: 1 sealed ballots for 0 ballots in the audit chain" in output


def rewrite_chain(changes: dict) -> dict[str, str]:
    """What someone with write access does to hide a change: edit events, then recompute every
    hash after the first edited one. Returns {old hash: new hash}."""
    start = min(changes)
    previous = db.session.scalar(select(AuditEvent.hash).where(AuditEvent.seq == start - 1))
    previous = previous or GENESIS_HASH
    renamed = {}
    events = db.session.scalars(
        select(AuditEvent).where(AuditEvent.seq >= start).order_by(AuditEvent.seq)
    ).all()
    for event in events:
        if event.seq in changes:
            event.payload = changes[event.seq](dict(event.payload))
        event.prev_hash = previous
        new = compute_hash(event)
        renamed[event.hash], event.hash, previous = new, new, new
    db.session.commit()
    return renamed


def flip_a_named_vote_everywhere(record) -> None:
    """Member 0's "for" becomes "against" in the ballot row, its event, the closing event and
    the frozen counts, with every hash and head recomputed: the database agrees with itself."""
    named, member = record["named"], record["people"][0].id
    events = {
        e.kind: e
        for e in db.session.scalars(select(AuditEvent).where(AuditEvent.subject == f"poll:{named}"))
        if e.kind == "poll.closed" or e.payload.get("on_behalf_of_id") == member
    }

    def flip_ballot(payload):
        return {**payload, "choice": "against"}

    def flip_counts(payload):
        return {**payload, "for": payload["for"] - 1, "against": payload["against"] + 1}

    renamed = rewrite_chain(
        {events["ballot.cast"].seq: flip_ballot, events["poll.closed"].seq: flip_counts}
    )
    sql(
        "UPDATE ballots SET choice = 'against' WHERE poll_id = :p AND on_behalf_of_id = :m",
        p=named,
        m=member,
    )
    sql(
        "UPDATE poll_results SET votes_for = 3, votes_against = 2 WHERE poll_id = :p",
        p=named,
    )
    for old, new in renamed.items():
        sql("UPDATE poll_results SET audit_head = :n WHERE audit_head = :o", n=new, o=old)


def test_a_chain_rewritten_with_its_head_is_caught_by_the_record_saved_from_the_page(
    app, record, client, tmp_path
):
    named = record["named"]
    saved = tmp_path / f"poll-{named}.json"
    saved.write_bytes(client.get(f"/polls/{named}/record.json").data)  # a reader kept it
    flip_a_named_vote_everywhere(record)
    db.session.expire_all()
    # The rewrite is consistent: the chain and the recount alone cannot see it...
    assert verify_chain().ok and recount_polls()[1] == []
    # ...but the head published at the close, which a reader saved, no longer matches.
    output = broken(app, "--anchors", str(saved))
    assert f"poll {named}: the chain head at its close is" in output
    assert f"according to the saved record {saved}" in output
    assert "(the chain was rewritten)" in output


def test_a_chain_rewritten_with_its_head_is_caught_by_the_minutes_and_their_feed(
    app, record, client, tmp_path
):
    meeting, secretary = record["meeting"], record["secretary"]
    close_meeting(meeting, secretary)
    db.session.commit()
    approve_and_publish(app, minutes_of(meeting), secretary)
    feed = tmp_path / "minutes.atom"
    feed.write_bytes(client.get("/feeds/minutes.atom").data)  # a reader's feed archive
    heads = feed.read_text()
    for key in ("named", "secret", "paper"):
        head = db.session.get(Poll, record[key]).result.audit_head
        assert f'<council:pollClosed poll="{record[key]}" head="{head}" />' in heads
    assert run(app, "--anchors", str(feed)).exit_code == 0
    flip_a_named_vote_everywhere(record)
    # The approved minutes froze the head: verify alone sees the rewrite...
    output = broken(app)
    named = record["named"]
    assert f"poll {named}: the chain head at its close is" in output
    assert f"according to the approved minutes of meeting {meeting.id}" in output
    # ...and so does the feed a reader kept, even if the minutes were rewritten too.
    sql(
        "UPDATE minutes SET record = NULL, state = 'draft', approved_at = NULL, published_at = NULL"
    )
    output = broken(app, "--anchors", str(feed))
    assert f"according to the saved feed {feed}" in output


def test_anchors_given_by_hand_and_bad_anchor_files(app, record, tmp_path):
    secret = record["secret"]
    head = db.session.scalar(
        text("SELECT audit_head FROM poll_results WHERE poll_id = :p"), {"p": secret}
    )
    assert run(app, "--anchor", f"{secret}={head}").exit_code == 0
    output = broken(app, "--anchor", f"{secret}={'a' * 64}")
    assert f"poll {secret}: the chain head at its close is aaaaaaaaaaaa… according to" in output
    lines = tmp_path / "heads.txt"
    lines.write_text(f"{secret} {head}\n")
    assert run(app, "--anchors", str(lines)).exit_code == 0
    junk = tmp_path / "junk.json"
    junk.write_text(json.dumps({"poll": {"id": secret}}))
    refused = run(app, "--anchors", str(junk))
    assert refused.exit_code == 2 and "not a poll record" in refused.output


def test_box_rows_outside_the_close_are_caught(app, record):
    """Rows slipped into a closed poll's box: counted nowhere in the chain."""
    secret = record["secret"]
    db.session.add(SecretBallot(receipt="AAAA-BBBB-CCCC-DDDD", poll_id=secret, choice="for"))
    db.session.commit()
    output = broken(app)
    assert f"poll {secret}: the ballot box holds 5 ballots, the audit chain records 4" in output
    assert db.session.get(Poll, secret).result.votes_for == 2
