"""Approval by a vote at a later meeting (or by the bureau where allowed), publication, errata.
After approval the text is frozen: forged forms, double approval and publishing a draft are
refused with a clear message and change nothing."""

import pytest
from sqlalchemy import func, select

from council.audit.chain import verify_chain
from council.audit.models import AuditEvent
from council.errors import OperationError
from council.extensions import db
from council.meetings import operations as meetings
from council.minutes import operations as ops
from council.minutes.models import FrozenMinutesError, Minutes, MinutesErratum, MinutesState
from council.polls import operations as polls
from council.proceedings import close_poll
from tests.minutes_helpers import (
    approve_and_publish,
    closed_meeting,
    later_meeting_with_approval_item,
    save_text,
)
from tests.test_minutes import edit_form, text_of


def vote_on(item, secretary, members, choices):
    poll = polls.prepare_poll(
        item, secretary, question="Approve the minutes?", majority="simple", secrecy="named",
        mode="in_meeting", method="electronic",
    )  # fmt: skip
    polls.open_poll(poll, secretary)
    for member, choice in zip(members, choices, strict=False):
        polls.cast_ballot(poll, member, choice=choice)
    result = close_poll(poll, secretary)
    db.session.commit()
    return poll, result


def start_with_everyone(meeting, secretary, people):
    meetings.start_session(meeting, secretary)
    for person in [secretary, *people]:
        meetings.record_attendance(meeting, secretary, member=person, status="present")
    db.session.commit()


def test_an_adopted_vote_at_a_later_meeting_approves_and_freezes(client, make_user):
    made = closed_meeting(make_user)
    minutes, secretary, people = made["minutes"], made["secretary"], made["people"]
    save_text(minutes, secretary, summary="Draft summary")
    later, item = later_meeting_with_approval_item(secretary, minutes)
    client.login("secretary@example.org")
    edit = text_of(client.get(f"/meetings/{made['meeting'].id}/minutes/edit"))
    assert "will be put to the vote at the meeting “<bdi>Next plenary</bdi>”, item 1" in edit
    start_with_everyone(later, secretary, people)

    poll, _ = vote_on(item, secretary, [secretary, *people], ["against"] * 5)
    db.session.refresh(minutes)
    assert minutes.state is MinutesState.DRAFT  # rejected: still a draft

    poll, result = vote_on(item, secretary, [secretary, *people], ["for"] * 4)
    db.session.refresh(minutes)
    assert minutes.state is MinutesState.APPROVED and minutes.approval_poll_id == poll.id
    assert minutes.record["items"][1]["polls"][0]["result"]["for"] == 3  # frozen snapshot
    event = db.session.scalar(select(AuditEvent).where(AuditEvent.kind == "minutes.approved"))
    assert event.payload["via"] == "poll" and len(event.payload["sha256"]) == 64
    assert verify_chain().ok

    # The record changes afterwards: the approved minutes do not.
    made["info_item"].title = "Renamed afterwards"
    db.session.commit()
    page = text_of(client.get(f"/meetings/{made['meeting'].id}/minutes"))
    assert "Word from the mayor" in page and "Renamed afterwards" not in page
    assert "by a vote of the council at the meeting “<bdi>Next plenary</bdi>”" in page


def test_only_a_later_meetings_approval_item_can_be_linked(client, make_user):
    made = closed_meeting(make_user)
    minutes, secretary = made["minutes"], made["secretary"]
    with pytest.raises(OperationError):  # an item of the same meeting, of another kind
        ops.link_approval_item(minutes, secretary, item=made["info_item"])
    client.login("secretary@example.org")
    url = f"/meetings/{made['meeting'].id}/minutes/approval-item"
    page = text_of(client.get(f"/meetings/{made['meeting'].id}/minutes/edit"))
    assert "add an item “Approval of the previous minutes” to the agenda of a later" in page
    forged = client.submit(url, {"item_id": str(made["info_item"].id)},
                           form_page=f"/meetings/{made['meeting'].id}/minutes/edit")  # fmt: skip
    assert forged.status_code == 200 and "Choose an option from the list." in text_of(forged)
    db.session.refresh(minutes)
    assert minutes.approval_item_id is None


def test_bureau_approval_only_where_the_council_allows_it(app, client, make_user):
    made = closed_meeting(make_user)
    minutes = made["minutes"]
    client.login("secretary@example.org")
    edit = f"/meetings/{made['meeting'].id}/minutes/edit"
    url = f"/meetings/{made['meeting'].id}/minutes/approve"
    assert app.config["MINUTES_BUREAU_APPROVAL"] is False
    assert "Approval by the bureau" not in text_of(client.get(edit))
    refused = client.submit(url, {"decision": "Approved."}, form_page=edit, follow_redirects=True)
    assert "approved by a vote at a later meeting" in text_of(refused)
    db.session.refresh(minutes)
    assert minutes.state is MinutesState.DRAFT

    app.config["MINUTES_BUREAU_APPROVAL"] = True
    try:
        assert "Approval by the bureau" in text_of(client.get(edit))
        empty = client.submit(url, {"decision": "  "}, form_page=edit)
        assert "This field is required." in text_of(empty)
        done = client.submit(url, {"decision": "Approved unanimously on 3 March."}, form_page=edit)
        assert done.status_code == 303
        twice = client.submit(url, {"decision": "Again"}, form_page=edit, follow_redirects=True)
        assert "These minutes are already approved." in text_of(twice)
    finally:
        app.config["MINUTES_BUREAU_APPROVAL"] = False
    db.session.refresh(minutes)
    assert minutes.state is MinutesState.APPROVED
    assert minutes.approval_decision == "Approved unanimously on 3 March."
    assert minutes.approved_by_id == made["secretary"].id
    page = text_of(client.get(f"/meetings/{made['meeting'].id}/minutes"))
    assert "by the bureau. Decision:" in page and "Approved unanimously on 3 March." in page


def test_approved_text_is_frozen_against_forged_forms(app, client, make_user):
    made = closed_meeting(make_user)
    minutes = made["minutes"]
    save_text(minutes, made["secretary"], summary="Approved text")
    form = edit_form(minutes, summary="Silently changed")
    with app.test_request_context():
        ops.approve_by_bureau(minutes, made["secretary"], decision="Approved.", allowed=True)
        db.session.commit()
    client.login("secretary@example.org")
    url = f"/meetings/{made['meeting'].id}/minutes/edit"
    token = client.csrf_token(url)
    forged = client.post(url, data={**form, "csrf_token": token}, follow_redirects=True)
    assert "their text cannot change any more" in text_of(forged)
    with pytest.raises(OperationError):
        save_text(minutes, made["secretary"], summary="Through the operation")
    db.session.rollback()
    minutes = db.session.get(Minutes, minutes.id)
    assert minutes.summary == "Approved text"
    minutes.summary = "Behind the operations' back"  # even a programming error cannot
    with pytest.raises(FrozenMinutesError):
        db.session.flush()
    db.session.rollback()


def test_publishing_needs_approval_and_happens_once(app, client, make_client, make_user):
    made = closed_meeting(make_user)
    minutes, meeting_id = made["minutes"], made["meeting"].id
    client.login("secretary@example.org")
    edit = f"/meetings/{meeting_id}/minutes/edit"
    publish = f"/meetings/{meeting_id}/minutes/publish"
    draft = client.submit(publish, {}, form_page=edit, follow_redirects=True)
    assert "Minutes must be approved before they are published." in text_of(draft)
    db.session.refresh(minutes)
    assert minutes.state is MinutesState.DRAFT
    public = make_client()
    assert public.get(f"/meetings/{meeting_id}/minutes").status_code == 404

    with app.test_request_context():
        ops.approve_by_bureau(minutes, made["secretary"], decision="Approved.", allowed=True)
        db.session.commit()
    assert public.get(f"/meetings/{meeting_id}/minutes").status_code == 404  # not yet public
    assert "Publish the minutes" in text_of(client.get(edit))
    done = client.submit(publish, {}, form_page=edit, follow_redirects=True)
    assert "The minutes are published" in text_of(done)
    again = client.submit(publish, {}, form_page=edit, follow_redirects=True)
    assert "These minutes are already published." in text_of(again)
    page = public.get(f"/meetings/{meeting_id}/minutes")
    assert page.status_code == 200 and "not approved yet" not in text_of(page)
    assert db.session.scalar(
        select(func.count()).select_from(AuditEvent).where(AuditEvent.kind == "minutes.published")
    ) == 1  # fmt: skip


def test_a_correction_is_a_visible_erratum(app, client, make_client, make_user):
    made = closed_meeting(make_user)
    minutes, meeting_id = made["minutes"], made["meeting"].id
    save_text(minutes, made["secretary"], summary="Twelve people came.")
    client.login("secretary@example.org")
    edit = f"/meetings/{meeting_id}/minutes/edit"
    url = f"/meetings/{meeting_id}/minutes/errata"
    early = client.submit(
        url, {"text": "Too early", "language": "fr"}, form_page=edit, follow_redirects=True
    )
    assert "A draft is corrected by editing it" in text_of(early)
    approve_and_publish(app, minutes, made["secretary"])
    empty = client.submit(url, {"text": "", "language": "fr"}, form_page=edit)
    assert "This field is required." in text_of(empty)
    added = client.submit(
        url, {"text": "Eleven people came, not <b>twelve</b>.", "language": "en"}, form_page=edit
    )
    assert added.status_code == 303
    page = text_of(make_client().get(f"/meetings/{meeting_id}/minutes"))
    assert "Errata" in page and "Erratum 1," in page
    assert "Eleven people came, not &lt;b&gt;twelve&lt;/b&gt;." in page
    assert "Twelve people came." in page  # the approved text stays
    assert page.index("Errata") < page.index("General summary")
    assert db.session.scalar(select(func.count()).select_from(MinutesErratum)) == 1
