"""A closed meeting with its draft minutes, built through the operations as the pages do."""

from datetime import timedelta

from council import proceedings
from council.db_types import utcnow
from council.extensions import db
from council.meetings import operations as meetings
from council.minutes import operations as minutes_ops
from council.minutes.queries import minutes_of
from council.polls import operations as polls
from council.proceedings import close_poll
from tests.meeting_helpers import new_meeting, open_poll, session_with


def closed_meeting(make_user, *, question="Adopt the opinion on housing?"):
    """Secretary Claire and Members 0–3: Member 2 excused, Member 3 absent (gave a proxy to
    Member 1), Member 0 arrived late. An information item, then a voted item (3 for, 1
    against, 1 abstention for the proxy). Returns a dict of what was made."""
    secretary, people, meeting = session_with(make_user, members=4)
    meetings.record_attendance(meeting, secretary, member=people[2], status="excused")
    meetings.record_attendance(meeting, secretary, member=people[3], status="absent")
    late = utcnow().replace(microsecond=0) - timedelta(minutes=30)
    meetings.record_attendance(
        meeting, secretary, member=people[0], status="present", arrived_at=late
    )
    meetings.give_proxy(meeting, secretary, giver=people[3], holder=people[1])
    info = meetings.add_agenda_item(
        meeting, secretary, kind="information", title="Word from the mayor", description=""
    )
    db.session.commit()
    poll = open_poll(meeting, secretary, question=question)
    polls.cast_ballot(poll, secretary, choice="for")
    polls.cast_ballot(poll, people[0], choice="for")
    polls.cast_ballot(poll, people[1], choice="for")
    polls.cast_ballot(poll, people[1], choice="against", on_behalf_of_id=people[3].id)
    close_poll(poll, secretary)
    proceedings.close_meeting(meeting, secretary)
    db.session.commit()
    return {
        "secretary": secretary,
        "people": people,
        "meeting": meeting,
        "info_item": info,
        "poll": poll,
        "minutes": minutes_of(meeting),
    }


def later_meeting_with_approval_item(secretary, minutes):
    """A later plenary whose agenda has "approval of the previous minutes", linked to them."""
    meeting = new_meeting(secretary, days=40, title="Next plenary")
    item = meetings.add_agenda_item(
        meeting,
        secretary,
        kind="minutes_approval",
        title="Approval of the previous minutes",
        description="",
    )
    minutes_ops.link_approval_item(minutes, secretary, item=item)
    db.session.commit()
    return meeting, item


def save_text(minutes, by, **changes):
    """Save through the operation, keeping what is not changed."""
    fields = {name: getattr(minutes, name) for name in minutes_ops.WRITTEN_FIELDS}
    narratives = changes.pop("narratives", {})
    fields.update(changes)
    revision = minutes_ops.save_minutes(
        minutes, by, seen_version=minutes.version, narratives=narratives, **fields
    )
    db.session.commit()
    return revision


def approve_and_publish(app, minutes, by):
    with app.test_request_context():
        minutes_ops.approve_by_bureau(minutes, by, decision="Approved by the bureau.", allowed=True)
        minutes_ops.publish_minutes(minutes, by)
        db.session.commit()
