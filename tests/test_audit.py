"""The audit chain: every poll state change and ballot is appended; tampering is caught."""

import threading

import pytest
from sqlalchemy import select, text

from council import proceedings
from council.audit.chain import append_event, verify_chain
from council.audit.models import GENESIS_HASH, AuditEvent
from council.extensions import db
from council.polls import operations as polls
from tests.meeting_helpers import open_poll, session_with


def run(app, *args):
    return app.test_cli_runner().invoke(args=list(args))


def run_a_poll(make_user):
    secretary, people, meeting = session_with(make_user, members=2)
    poll = open_poll(meeting, secretary)
    polls.cast_ballot(poll, people[0], choice="for")
    polls.cast_ballot(poll, people[0], choice="against")
    proceedings.close_poll(poll, secretary)
    db.session.commit()
    return poll


def test_poll_life_is_logged_and_the_chain_verifies(app, make_user):
    poll = run_a_poll(make_user)
    kinds = db.session.scalars(
        select(AuditEvent.kind)
        .where(AuditEvent.subject == f"poll:{poll.id}")
        .order_by(AuditEvent.seq)
    ).all()
    assert kinds == ["poll.prepared", "poll.opened", "ballot.cast", "ballot.changed", "poll.closed"]
    events = db.session.scalars(select(AuditEvent).order_by(AuditEvent.seq)).all()
    assert events[0].prev_hash == GENESIS_HASH
    assert all(b.prev_hash == a.hash for a, b in zip(events, events[1:], strict=False))
    assert poll.result.audit_head == events[-1].hash
    result = run(app, "audit", "verify")
    assert result.exit_code == 0, result.output
    assert f"verified: {len(events)} events" in result.output


def test_editing_a_row_directly_is_caught(app, make_user):
    run_a_poll(make_user)
    ballot_event = db.session.scalar(select(AuditEvent).where(AuditEvent.kind == "ballot.cast"))
    db.session.execute(
        text("UPDATE audit_events SET payload = :p WHERE seq = :s"),
        {"p": '{"choice":"against","on_behalf_of_id":1,"voter_id":1}', "s": ballot_event.seq},
    )
    db.session.commit()
    result = run(app, "audit", "verify")
    assert result.exit_code == 1
    assert f"event {ballot_event.seq}: content does not match its hash" in result.output


def test_rehashing_a_row_breaks_the_link_and_deleting_the_tail_is_caught(app, make_user):
    run_a_poll(make_user)
    last = db.session.scalar(select(AuditEvent).order_by(AuditEvent.seq.desc()))
    db.session.execute(text("DELETE FROM audit_events WHERE seq = :s"), {"s": last.seq})
    db.session.commit()
    result = run(app, "audit", "verify")
    assert result.exit_code == 1
    assert "recorded chain head" in result.output  # the frozen result remembers it
    db.session.execute(text("UPDATE audit_events SET hash = :h WHERE seq = 2"), {"h": "f" * 64})
    db.session.commit()
    assert "does not link" in "\n".join(verify_chain().problems)


@pytest.mark.committed  # threads of their own
def test_concurrent_appends_never_fork_the_chain(app):
    errors = []

    def writer(number):
        try:
            with app.app_context():
                for step in range(5):
                    append_event("test.event", f"writer:{number}", {"step": step})
                    db.session.commit()
        except Exception as error:  # reported below: any failure is a test failure
            errors.append(repr(error))

    threads = [threading.Thread(target=writer, args=(n,)) for n in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    db.session.expire_all()
    verification = verify_chain()
    assert verification.ok, verification.problems
    assert verification.checked == 40
