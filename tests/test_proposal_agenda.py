"""Proposals on meeting agendas, over HTTP: scheduling, the council's vote deciding them, the
question from the city they answer, and every refusal (stale, forged, wrong state)."""

from sqlalchemy import func, select

from council import proceedings
from council.extensions import db
from council.meetings.models import AgendaItem, MeetingState
from council.polls.models import Poll
from council.proposals.models import ProposalState
from council.referrals.models import ReferralStatus
from tests.conftest import outbox
from tests.integration_helpers import a_council, start_with_everyone_present, states_told
from tests.proposal_factories import reload


def text_of(response) -> str:
    return response.get_data(as_text=True)


def add_item(client, meeting, **data):
    manage = f"/meetings/{meeting.id}/manage"
    fields = {"kind": "proposal", "proposal_id": "", "referral_id": "", "title": "", **data}
    return client.submit(f"/meetings/{meeting.id}/agenda", fields, form_page=manage)


def prepare_and_open(client, item, **rule):
    settings = {
        "question": "Adopter la proposition ?",
        "majority": "simple",
        "secrecy": "named",
        "mode": "in_meeting",
        "method": "electronic",
        **rule,
    }
    client.submit(f"/meetings/{item.meeting_id}/agenda/{item.id}/poll", settings)
    poll = db.session.scalar(select(Poll).where(Poll.item_id == item.id).order_by(Poll.id.desc()))
    page = f"/polls/{poll.id}"
    client.submit(f"{page}/open", {}, form_page=page)
    return poll


def vote(make_client, people, poll, choice):
    page = f"/polls/{poll.id}"
    for person in people:
        voter = make_client()
        voter.login(person.email)
        assert voter.submit(f"{page}/vote", {"choice": choice}, form_page=page).status_code == 303


def close(client, poll):
    page = f"/polls/{poll.id}"
    return client.submit(f"{page}/close", {}, form_page=page)


def the_item(council) -> AgendaItem:
    return db.session.scalar(select(AgendaItem).where(AgendaItem.meeting_id == council.meeting.id))


def test_scheduled_then_adopted_by_a_named_poll(client, make_client, make_user):
    council = a_council(make_user)
    proposal, meeting = council.proposal, council.meeting
    client.login(council.secretary.email)
    manage = text_of(client.get(f"/meetings/{meeting.id}/manage"))
    assert f'<option value="{proposal.id}">Une permanence d&#39;accès aux droits</option>' in manage
    assert council.referral.question in manage  # open questions are offered too
    assert '<option selected value="">No proposal</option>' in manage  # sent as ""

    response = add_item(client, meeting, proposal_id=str(proposal.id))
    assert response.status_code == 302
    item = the_item(council)
    assert item.kind.value == "proposal" and item.proposal_id == proposal.id
    assert item.title == proposal.title  # empty title: the proposal's own
    assert reload(proposal).state == ProposalState.SCHEDULED
    assert "scheduled" in states_told(council.author)
    public = text_of(make_client().get(f"/meetings/{meeting.id}"))
    assert f'href="/proposals/{proposal.id}"' in public
    page = text_of(make_client().get(f"/proposals/{proposal.id}"))
    assert "On the agenda of" in page and "Plénière de mai" in page
    assert "Put on the agenda of the meeting" in page
    # No longer offered: a proposal is on one open agenda at a time.
    manage = text_of(client.get(f"/meetings/{meeting.id}/manage"))
    assert "accès aux droits</option>" not in manage

    start_with_everyone_present(council)
    poll = prepare_and_open(client, item)
    assert "This vote decides on the proposal" in text_of(make_client().get(f"/polls/{poll.id}"))
    vote(make_client, council.voters[:4], poll, "for")
    vote(make_client, council.voters[4:], poll, "against")
    mails_before = len(outbox())
    assert close(client, poll).status_code == 303

    proposal = reload(proposal)
    assert proposal.state == ProposalState.ADOPTED and proposal.decided_at is not None
    referral = db.session.get(type(council.referral), council.referral.id)
    assert referral.status == ReferralStatus.ANSWERED
    assert f"/proposals/{proposal.id}" in referral.answer_note
    for person in (council.author, council.coauthor, *council.cosigners):
        assert states_told(person)[-1] == "adopted"
    assert "adopted" not in states_told(council.secretary)  # the one who acted
    mails = {m.recipient: m for m in outbox()[mails_before:]}
    # Each mail is written in its reader's language (catalogs are filled at merge time).
    assert mails[council.author.email].locale == "fr"
    assert mails[council.coauthor.email].locale == "en"
    assert "is now adopted" in mails[council.coauthor.email].body

    page = text_of(make_client().get(f"/proposals/{proposal.id}"))
    assert "Vote at the meeting" in page
    assert "adopted, with 4 for, 1 against and 0 abstaining" in page
    assert f'href="/polls/{poll.id}"' in page and f'href="/referrals/{referral.id}"' in page
    poll_page = text_of(make_client().get(f"/polls/{poll.id}"))
    assert "is adopted" in poll_page
    referral_page = text_of(make_client().get(f"/referrals/{referral.id}"))
    assert "Proposals answering this question" in referral_page
    assert f'href="/proposals/{proposal.id}"' in referral_page and "Answered" in referral_page


def test_rejected_poll_rejects_and_leaves_the_question_open(client, make_client, make_user):
    council = a_council(make_user)
    client.login(council.secretary.email)
    add_item(client, council.meeting, proposal_id=str(council.proposal.id))
    start_with_everyone_present(council)
    poll = prepare_and_open(client, the_item(council))
    vote(make_client, council.voters, poll, "against")
    close(client, poll)
    assert reload(council.proposal).state == ProposalState.REJECTED
    referral = db.session.get(type(council.referral), council.referral.id)
    assert referral.status == ReferralStatus.OPEN
    assert states_told(council.author)[-1] == "rejected"


def test_void_poll_means_no_decision(client, make_client, make_user):
    council = a_council(make_user)
    client.login(council.secretary.email)
    add_item(client, council.meeting, proposal_id=str(council.proposal.id))
    from council.meetings import operations as meetings

    meetings.start_session(council.meeting, council.secretary)
    meetings.record_attendance(
        council.meeting, council.secretary, member=council.secretary, status="present"
    )
    db.session.commit()  # one present of five: no quorum
    poll = prepare_and_open(client, the_item(council))
    vote(make_client, [council.secretary], poll, "for")
    close(client, poll)

    proposal = reload(council.proposal)
    assert proposal.state == ProposalState.SUBMITTED and proposal.decided_at is None
    assert db.session.get(type(council.referral), council.referral.id).status.value == "open"
    assert states_told(council.author)[-2:] == ["scheduled", "submitted"]
    poll_page = text_of(make_client().get(f"/polls/{poll.id}"))
    assert "no decision was taken" in poll_page and "submitted again" in poll_page
    page = text_of(make_client().get(f"/proposals/{proposal.id}"))
    assert "void, the quorum was not reached" in page
    # Submitted again: it can go on another agenda.
    manage = text_of(client.get(f"/meetings/{council.meeting.id}/manage"))
    assert f'<option value="{proposal.id}">Une permanence d&#39;accès' in manage


def test_removing_the_item_or_cancelling_the_meeting_gives_it_back(client, make_user):
    council = a_council(make_user)
    client.login(council.secretary.email)
    meeting = council.meeting
    add_item(client, meeting, proposal_id=str(council.proposal.id))
    item = the_item(council)
    manage = f"/meetings/{meeting.id}/manage"
    removed = client.submit(f"/meetings/{meeting.id}/agenda/{item.id}/remove", {}, form_page=manage)
    assert removed.status_code == 303
    assert the_item(council) is None
    assert reload(council.proposal).state == ProposalState.SUBMITTED
    page = text_of(client.get(f"/proposals/{council.proposal.id}"))
    assert "Taken off the meeting agenda by" in page

    add_item(client, meeting, proposal_id=str(council.proposal.id))
    assert reload(council.proposal).state == ProposalState.SCHEDULED
    cancel = client.submit(f"/meetings/{meeting.id}/cancel", {"reason": "Salle indisponible"})
    assert cancel.status_code == 302
    assert db.session.get(type(meeting), meeting.id).state == MeetingState.CANCELLED
    assert reload(council.proposal).state == ProposalState.SUBMITTED


def test_closing_a_meeting_without_a_vote_gives_the_proposal_back(client, make_user):
    council = a_council(make_user)
    client.login(council.secretary.email)
    add_item(client, council.meeting, proposal_id=str(council.proposal.id))
    start_with_everyone_present(council)
    page = f"/meetings/{council.meeting.id}/manage"
    assert client.submit(f"/meetings/{council.meeting.id}/close", {}, form_page=page).status_code
    assert reload(council.proposal).state == ProposalState.SUBMITTED


def test_forged_stale_and_wrong_choices_get_a_clear_message(client, make_user):
    council = a_council(make_user)
    client.login(council.secretary.email)
    meeting = council.meeting

    def refused(message, **data):
        response = add_item(client, meeting, **data)
        assert response.status_code == 200
        assert message in text_of(response)
        assert the_item(council) is None

    refused("This proposal does not exist.", proposal_id="424242")
    refused("Choose an option from the list.", proposal_id="<script>")
    refused("Choose the proposal to debate.")
    refused("Leave this empty for this kind of item.", proposal_id=str(council.proposal.id),
            kind="information", title="Infos")  # fmt: skip
    refused("Choose the question from the city.", kind="referral")
    refused("This question from the city does not exist.", kind="referral", referral_id="999")
    refused("Give the item a title.", kind="other")
    assert reload(council.proposal).state == ProposalState.SUBMITTED

    draft = type(council.proposal)  # a draft nobody else may read stays invisible
    from tests.proposal_factories import a_draft

    private = a_draft(council.author, title="Brouillon privé")
    refused("This proposal does not exist.", proposal_id=str(private.id))
    assert db.session.get(draft, private.id).state == ProposalState.DRAFT

    # Sent twice (double click): one item, the second is told why.
    add_item(client, meeting, proposal_id=str(council.proposal.id))
    again = add_item(client, meeting, proposal_id=str(council.proposal.id))
    assert "already on the agenda of “Plénière de mai”" in text_of(again)
    assert db.session.scalar(select(func.count(AgendaItem.id))) == 1
    # Put on a second meeting's agenda while already scheduled (a stale page).
    from tests.meeting_helpers import new_meeting

    other = new_meeting(council.secretary, days=20, title="Bureau de juin")
    db.session.commit()
    response = add_item(client, other, proposal_id=str(council.proposal.id))
    assert "already on the agenda of “Plénière de mai”" in text_of(response)
    assert db.session.scalar(select(AgendaItem).where(AgendaItem.meeting_id == other.id)) is None


def test_a_withdrawn_proposal_cannot_be_scheduled(client, make_user):
    council = a_council(make_user)
    author = client.__class__(client.client.application.test_client())
    author.login(council.author.email)
    show = f"/proposals/{council.proposal.id}"
    author.submit(f"{show}/withdraw", {"reason": "Déjà fait", "seen_state": "submitted"})
    assert reload(council.proposal).state == ProposalState.WITHDRAWN
    client.login(council.secretary.email)
    response = add_item(client, council.meeting, proposal_id=str(council.proposal.id))
    assert response.status_code == 200
    assert "Only a submitted proposal can be put on an agenda; this one is “Withdrawn”." in (
        text_of(response)
    )
    assert the_item(council) is None
    assert reload(council.proposal).state == ProposalState.WITHDRAWN


def test_a_referral_item_links_the_question(client, make_client, make_user):
    council = a_council(make_user)
    client.login(council.secretary.email)
    response = add_item(
        client, council.meeting, kind="referral", referral_id=str(council.referral.id)
    )
    assert response.status_code == 302
    item = the_item(council)
    assert item.referral_id == council.referral.id and item.title == council.referral.question
    public = text_of(make_client().get(f"/meetings/{council.meeting.id}"))
    assert f'href="/referrals/{council.referral.id}"' in public
    assert db.session.get(type(council.referral), council.referral.id).status.value == "open"


def test_the_database_ties_links_to_the_item_kind(make_user):
    import pytest
    from sqlalchemy.exc import IntegrityError

    council = a_council(make_user)
    bad = AgendaItem(meeting_id=council.meeting.id, position=1, kind="information", title="x",
                     proposal_id=council.proposal.id)  # fmt: skip
    db.session.add(bad)
    with pytest.raises(IntegrityError):
        db.session.flush()
    db.session.rollback()
    db.session.add(
        AgendaItem(meeting_id=council.meeting.id, position=1, kind="proposal", title="x")
    )
    with pytest.raises(IntegrityError):
        db.session.flush()
    db.session.rollback()


def test_demo_meeting_votes_on_a_demo_proposal(app, make_client):
    from council.meetings.models import Meeting
    from council.proposals.models import Proposal

    runner = app.test_cli_runner()
    assert runner.invoke(args=["demo-data"]).exit_code == 0
    counts = (
        db.session.scalar(select(func.count(Meeting.id))),
        db.session.scalar(select(func.count(AgendaItem.id))),
    )
    assert runner.invoke(args=["demo-data"]).exit_code == 0  # idempotent
    housing = db.session.scalar(select(Proposal).where(Proposal.title.like("Rendre visible%")))
    assert housing.state == ProposalState.ADOPTED
    from council.meetings.demo import NEXT_TITLE, PAST_TITLE

    past = db.session.scalar(select(Meeting).where(Meeting.title == PAST_TITLE))
    assert past.state == MeetingState.CLOSED
    [item] = [i for i in past.items if i.proposal_id == housing.id]
    [poll] = item.polls
    assert poll.result.outcome.value == "adopted" and poll.secrecy.value == "named"
    upcoming = db.session.scalar(select(Meeting).where(Meeting.title == NEXT_TITLE))
    assert upcoming.state == MeetingState.PLANNED
    [scheduled] = [i.proposal for i in upcoming.items if i.proposal_id]
    assert scheduled.state == ProposalState.SCHEDULED
    page = text_of(make_client().get(f"/proposals/{housing.id}"))
    assert "adopted, with" in page and past.title.replace("'", "&#39;") in page
    assert counts == (
        db.session.scalar(select(func.count(Meeting.id))),
        db.session.scalar(select(func.count(AgendaItem.id))),
    )


def test_an_online_poll_closed_by_cron_decides_too(app, client, make_client, make_user):
    from datetime import timedelta

    from council.db_types import utcnow
    from council.polls import operations as polls

    council = a_council(make_user)
    client.login(council.secretary.email)
    add_item(client, council.meeting, proposal_id=str(council.proposal.id))
    now = utcnow()
    poll = polls.prepare_poll(
        the_item(council), council.secretary, question="Adopter ?", majority="simple",
        secrecy="named", mode="online", method="electronic",
        opens_at=now + timedelta(minutes=1), closes_at=now + timedelta(hours=1),
    )  # fmt: skip
    poll.opens_at = now - timedelta(minutes=5)  # still prepared: the window may move
    polls.open_poll(poll, council.secretary)
    db.session.commit()
    vote(make_client, council.voters, poll, "for")
    [result] = proceedings.close_due_polls(now + timedelta(hours=2))
    db.session.commit()
    assert result.outcome.value == "adopted"
    proposal = reload(council.proposal)
    assert proposal.state == ProposalState.ADOPTED
    assert proposal.events[-1].actor_id == council.secretary.id  # who prepared the poll
