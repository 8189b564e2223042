"""The attendance sheet on a phone: one row per member, pre-filled from what members said
beforehand, saved in one tap, with "arrived now" and "left now" stamping the time."""

import re

from council.db_types import utcnow
from council.extensions import db
from council.meetings import operations as meetings
from council.meetings.models import Attendance
from council.plain_text import isolate
from council.roles import Role
from tests.meeting_helpers import new_meeting


def checked(page: str, member_id: int) -> str:
    """The status whose radio is checked in this member's row."""
    match = re.search(rf'<input[^>]*checked[^>]*name="status_{member_id}"[^>]*value="(\w+)"', page)
    match = match or re.search(
        rf'<input[^>]*name="status_{member_id}"[^>]*value="(\w+)"[^>]*checked', page
    )
    assert match, f"no status checked for {member_id}"
    return match.group(1)


def a_meeting_with_replies(make_user):
    secretary = make_user(Role.SECRETARY, Role.MEMBER, email="sec@example.org", name="Claire")
    coming = make_user(Role.MEMBER, name="Ahmad Shah Karimzada")
    excused = make_user(Role.MEMBER, name="Olena")
    giver = make_user(Role.MEMBER, name="Sofia")
    silent = make_user(Role.MEMBER, name="Karim")
    meeting = new_meeting(secretary, days=0.01)
    meetings.set_rsvp(meeting, coming, answer="attending")
    meetings.set_rsvp(meeting, excused, answer="excused")
    meetings.set_rsvp(meeting, giver, answer="attending")
    meetings.give_proxy(meeting, giver, giver=giver, holder=coming)
    meetings.start_session(meeting, secretary)
    db.session.commit()
    return meeting, {"coming": coming, "excused": excused, "giver": giver, "silent": silent}


def test_the_sheet_starts_from_the_replies_and_proxies(client, make_user):
    meeting, people = a_meeting_with_replies(make_user)
    client.login("sec@example.org")
    page = client.get(f"/meetings/{meeting.id}/attendance").get_data(as_text=True)
    assert checked(page, people["coming"].id) == "present"
    assert checked(page, people["excused"].id) == "excused"
    assert checked(page, people["giver"].id) == "excused"  # someone votes for her
    assert checked(page, people["silent"].id) == "absent"
    assert "represented by <bdi>Ahmad Shah Karimzada</bdi>" in page
    assert "Said beforehand: excused" in page


def test_one_save_keeps_the_prefilled_rows_and_the_taps(client, make_user):
    meeting, people = a_meeting_with_replies(make_user)
    client.login("sec@example.org")
    sheet = f"/meetings/{meeting.id}/attendance"
    page = client.get(sheet).get_data(as_text=True)
    # What the browser sends: every checked radio, with one row changed by a tap.
    data = {}
    for member in people.values():
        data[f"status_{member.id}"] = checked(page, member.id)
    data[f"status_{people['silent'].id}"] = "present"
    data[f"status_{meeting.created_by_id}"] = "present"
    assert client.submit(sheet, data).status_code == 302
    rows = db.session.scalars(db.select(Attendance).where(Attendance.meeting_id == meeting.id))
    status = {row.user_id: row.status.value for row in rows}
    assert status[people["silent"].id] == "present"
    assert status[people["excused"].id] == "excused"
    assert status[people["giver"].id] == "excused"
    assert "3 present of 5 in office (3 needed)" in client.get(sheet).get_data(as_text=True)


def test_arrived_now_and_left_now_stamp_the_time(client, make_user):
    meeting, people = a_meeting_with_replies(make_user)
    late = people["silent"]
    client.login("sec@example.org")
    sheet = f"/meetings/{meeting.id}/attendance"
    statuses = {f"status_{m.id}": "present" for m in people.values()}
    statuses[f"status_{meeting.created_by_id}"] = "present"
    statuses[f"status_{late.id}"] = "absent"
    before = utcnow().replace(second=0, microsecond=0)
    client.submit(sheet, {**statuses, "arrived_now": str(late.id)})
    row = db.session.get(Attendance, (meeting.id, late.id))
    assert row.status.value == "present" and row.arrived_at >= before
    # The stamped time is shown in the row, and saved again with the next tap.
    page = client.get(sheet).get_data(as_text=True)
    assert f'id="arrived_{late.id}"' in page and checked(page, late.id) == "present"

    leaving = people["coming"]
    client.submit(sheet, {**statuses, f"status_{late.id}": "present", "left_now": str(leaving.id)})
    db.session.expire_all()
    assert db.session.get(Attendance, (meeting.id, leaving.id)).left_at >= before
    assert db.session.get(Attendance, (meeting.id, late.id)).arrived_at is not None


def test_leaving_needs_to_be_present(client, make_user):
    meeting, people = a_meeting_with_replies(make_user)
    client.login("sec@example.org")
    sheet = f"/meetings/{meeting.id}/attendance"
    statuses = {f"status_{m.id}": "absent" for m in people.values()}
    statuses[f"status_{meeting.created_by_id}"] = "present"
    refused = client.submit(sheet, {**statuses, "left_now": str(people["silent"].id)})
    assert refused.status_code == 200
    assert f"{isolate('Karim')} is not recorded as present." in refused.get_data(as_text=True)
    assert db.session.get(Attendance, (meeting.id, people["silent"].id)) is None
