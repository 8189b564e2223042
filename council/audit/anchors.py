"""Anchors: chain heads recorded outside the chain, which a rewritten chain cannot match.

The hash chain proves only that it is consistent with itself: whoever can write the database
can rebuild every hash after a change. What they cannot rebuild are the heads already copied
elsewhere: the head at each poll's close is frozen in the approved minutes, printed on the
poll's public "verify" page, in its downloadable record and in the minutes feed. `flask audit
verify` compares the frozen minutes itself, and any copy a reader saved (`--anchors FILE`,
`--anchor POLL=HASH`).
"""

import json
import re
from pathlib import Path

from sqlalchemy import select

from council.extensions import db
from council.minutes.models import Minutes
from council.polls.models import PollResult

HASH = re.compile(r"^[0-9a-f]{64}$")
# <council:pollClosed poll="12" head="…"/> in a saved minutes feed (council.minutes.feed); read
# with a pattern, not an XML parser: the file comes from anywhere.
FEED_HEAD = re.compile(r'<(?:[\w.-]+:)?pollClosed\s+poll="(\d+)"\s+head="([0-9a-f]{64})"')


class AnchorError(ValueError):
    """An anchor file or value that cannot be read."""


def minutes_anchors() -> dict[int, set[tuple[str, str]]]:
    """{poll id: {(where, head)}} from every approved minutes' frozen record."""
    anchors: dict[int, set[tuple[str, str]]] = {}
    rows = db.session.execute(
        select(Minutes.meeting_id, Minutes.record).where(Minutes.record.is_not(None))
    )
    for meeting_id, record in rows:
        for item in record.get("items", []):
            for poll in item.get("polls", []):
                head = (poll.get("result") or {}).get("audit_head")
                if head:
                    where = f"the approved minutes of meeting {meeting_id}"
                    anchors.setdefault(poll["id"], set()).add((where, head))
    return anchors


def _from_record(record: dict, where: str) -> tuple[int, str]:
    try:
        poll_id = int(record["poll"]["id"])
        head = record["result"]["audit_head"]
    except (KeyError, TypeError, ValueError) as error:
        raise AnchorError(f"{where}: not a poll record (poll.id, result.audit_head)") from error
    if not isinstance(head, str) or not HASH.match(head):
        raise AnchorError(f"{where}: poll {poll_id}: not a chain head: {head!r}")
    return poll_id, head


def read_anchor_file(path: str) -> list[tuple[int, str, str]]:
    """(poll id, head, where) from a saved poll record (JSON, one or a list), a saved minutes
    feed (Atom), or lines of "POLL_ID HASH"."""
    text = Path(path).read_text(encoding="utf-8")
    if text.lstrip().startswith("<"):
        where = f"the saved feed {path}"
        found = [(int(poll), head, where) for poll, head in FEED_HEAD.findall(text)]
        if not found:
            raise AnchorError(f"{where}: no chain head (pollClosed) in it")
        return found
    where = f"the saved record {path}"
    try:
        data = json.loads(text)
    except json.JSONDecodeError:
        data = None
    if isinstance(data, dict | list):
        records = data if isinstance(data, list) else [data]
        return [(*_from_record(record, where), where) for record in records]
    return [
        parse_anchor("=".join(line.split()), where) for line in text.splitlines() if line.strip()
    ]


def parse_anchor(value: str, where: str = "the anchor given") -> tuple[int, str, str]:
    poll, _, head = value.strip().partition("=")
    if not poll.isdigit() or not HASH.match(head.strip()):
        raise AnchorError(f"{where}: expected POLL_ID=HASH, got {value!r}")
    return int(poll), head.strip(), where


def check_anchors(given: list[tuple[int, str, str]]) -> tuple[int, list[str]]:
    """(heads compared, problems): every anchor, the approved minutes' and those given, must be
    the head frozen in its poll's result (which the chain must hold)."""
    frozen = dict(db.session.execute(select(PollResult.poll_id, PollResult.audit_head)).all())
    anchors = [
        (poll_id, head, where)
        for poll_id, places in minutes_anchors().items()
        for where, head in places
    ] + list(given)
    problems = []
    for poll_id, head, where in sorted(anchors):
        current = frozen.get(poll_id)
        if current is None:
            problems.append(f"poll {poll_id}: has a chain head in {where}, but no result")
        elif current != head:
            problems.append(
                f"poll {poll_id}: the chain head at its close is {head[:12]}… according to "
                f"{where}, the database now says {current[:12]}… (the chain was rewritten)"
            )
    return len(anchors), problems
