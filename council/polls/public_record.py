"""The published record of a closed poll: everything anyone needs to recount it and to check it
against the audit chain head printed in the minutes (the poll's "verify" page and its JSON).

It never names who voted what: a named poll's individual ballots are for council members only
(docs/design.md §4), so the public record carries its totals; a secret poll's carries its
receipts, which nobody can tie to a voter.
"""

from sqlalchemy import select

from council.audit.models import AuditEvent
from council.extensions import db
from council.polls import queries
from council.polls.models import Poll, PollState

FORMAT = "council-poll-record/1"


def closing_event(poll: Poll) -> AuditEvent | None:
    return db.session.scalar(
        select(AuditEvent)
        .where(AuditEvent.subject == f"poll:{poll.id}", AuditEvent.kind == "poll.closed")
        .order_by(AuditEvent.seq.desc())
        .limit(1)
    )


def is_published(poll: Poll) -> bool:
    return poll.state == PollState.CLOSED and poll.result is not None


def has_receipts(poll: Poll) -> bool:
    return poll.is_secret and not poll.is_paper


def _event(event: AuditEvent | None) -> dict | None:
    if event is None:
        return None
    return {
        "seq": event.seq,
        "at": event.at.isoformat(),  # exactly as hashed (council.audit.chain.compute_hash)
        "actor_id": event.actor_id,
        "kind": event.kind,
        "subject": event.subject,
        "payload": event.payload,
        "prev_hash": event.prev_hash,
        "hash": event.hash,
    }


def poll_record(poll: Poll) -> dict:
    result = poll.result
    receipts = None
    if has_receipts(poll):
        receipts = [
            {"receipt": ballot.receipt, "choice": ballot.choice.value}
            for ballot in queries.published_receipts(poll)
        ]
    return {
        "format": FORMAT,
        "poll": {
            "id": poll.id,
            "meeting_id": poll.item.meeting_id,
            "question": poll.question,
            "majority": poll.majority.value,
            "secrecy": poll.secrecy.value,
            "mode": poll.mode.value,
            "method": poll.method.value,
            "opened_at": poll.opened_at.isoformat() if poll.opened_at else None,
            "closed_at": poll.closed_at.isoformat() if poll.closed_at else None,
        },
        "result": {
            "for": result.votes_for,
            "against": result.votes_against,
            "abstain": result.votes_abstain,
            "total": result.total,
            "members_in_office": result.members_in_office,
            "quorum_needed": result.quorum_needed,
            "quorum_count": result.quorum_count,
            "quorum_reached": result.quorum_reached,
            "outcome": result.outcome.value,
            "audit_head": result.audit_head,
        },
        "closing_event": _event(closing_event(poll)),
        "receipts": receipts,
    }
