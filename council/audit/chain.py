"""Appending to and verifying the audit chain.

hash = sha256(prev_hash + canonical JSON of the rest of the row). Appends are serialised:
PostgreSQL takes a transaction-scoped advisory lock; SQLite takes its database write lock
before reading the head. The lock is held until the caller's commit, so callers take their
own row locks first and append last (one lock order, no deadlock).
"""

import hashlib
import json
from dataclasses import dataclass

from sqlalchemy import select, text, update

from council.audit.models import GENESIS_HASH, AuditEvent
from council.db_types import utcnow
from council.extensions import db

ADVISORY_LOCK_KEY = 7_300_404  # any constant shared by every process of this application


def canonical_json(value) -> str:
    return json.dumps(value, sort_keys=True, separators=(",", ":"), ensure_ascii=False)


def compute_hash(event: AuditEvent) -> str:
    body = {
        "seq": event.seq,
        "at": event.at.isoformat(),
        "actor_id": event.actor_id,
        "kind": event.kind,
        "subject": event.subject,
        "payload": event.payload,
    }
    return hashlib.sha256((event.prev_hash + canonical_json(body)).encode()).hexdigest()


def _lock_chain() -> None:
    session = db.session
    if session.get_bind().dialect.name == "postgresql":
        session.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": ADVISORY_LOCK_KEY})
    else:
        # A write statement (even one touching no row) takes SQLite's single write lock, and
        # waits for it under busy_timeout, so the head read next is the latest one.
        session.execute(update(AuditEvent).where(AuditEvent.seq == 0).values(kind="lock"))


def head() -> AuditEvent | None:
    return db.session.scalar(select(AuditEvent).order_by(AuditEvent.seq.desc()).limit(1))


def head_hash() -> str:
    last = head()
    return last.hash if last else GENESIS_HASH


def append_event(kind: str, subject: str, payload: dict, actor=None) -> AuditEvent:
    """Add one event at the end of the chain (flushes, never commits)."""
    _lock_chain()
    last = head()
    event = AuditEvent(
        seq=(last.seq + 1) if last else 1,
        at=utcnow(),
        actor_id=getattr(actor, "id", actor),
        kind=kind,
        subject=subject,
        payload=json.loads(canonical_json(payload)),  # what is stored is what was hashed
        prev_hash=last.hash if last else GENESIS_HASH,
    )
    event.hash = compute_hash(event)
    db.session.add(event)
    db.session.flush()
    return event


@dataclass
class Verification:
    checked: int
    problems: list[str]

    @property
    def ok(self) -> bool:
        return not self.problems


def verify_chain(extra_heads: dict[str, str] | None = None) -> Verification:
    """Recompute every hash; `extra_heads` are hashes recorded elsewhere (frozen poll results)
    that must still be in the chain, which catches a truncated tail."""
    problems: list[str] = []
    previous_hash, expected_seq, checked = GENESIS_HASH, 1, 0
    hashes = set()
    for event in db.session.scalars(select(AuditEvent).order_by(AuditEvent.seq)):
        checked += 1
        if event.seq != expected_seq:
            problems.append(f"event {event.seq}: expected number {expected_seq} (gap)")
        if event.prev_hash != previous_hash:
            problems.append(f"event {event.seq}: does not link to the event before it")
        if compute_hash(event) != event.hash:
            problems.append(f"event {event.seq}: content does not match its hash")
        hashes.add(event.hash)
        previous_hash, expected_seq = event.hash, event.seq + 1
    for label, recorded in (extra_heads or {}).items():
        if recorded not in hashes and recorded != GENESIS_HASH:
            problems.append(f"{label}: recorded chain head {recorded[:12]}… is missing")
    return Verification(checked, problems)
