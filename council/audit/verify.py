"""Everything `flask audit verify` checks, in one call: the chain's hashes, every poll recounted
against it, and the chain heads published outside it."""

from dataclasses import dataclass, field

from sqlalchemy import select

from council.audit.anchors import check_anchors
from council.audit.chain import verify_chain
from council.audit.recount import recount_polls
from council.extensions import db
from council.polls.models import PollResult


@dataclass
class RecordVerification:
    events: int = 0
    polls: int = 0
    anchors: int = 0
    problems: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.problems


def verify_record(anchors: list[tuple[int, str, str]] = ()) -> RecordVerification:
    heads = {
        f"poll {poll_id}": head
        for poll_id, head in db.session.execute(select(PollResult.poll_id, PollResult.audit_head))
    }
    chain = verify_chain(heads)
    polls, recount_problems = recount_polls()
    compared, anchor_problems = check_anchors(list(anchors))
    return RecordVerification(
        events=chain.checked,
        polls=polls,
        anchors=compared,
        problems=[*chain.problems, *recount_problems, *anchor_problems],
    )
