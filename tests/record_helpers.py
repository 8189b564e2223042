"""Closed polls of every kind, built through the operations, for the record's tests."""

from council.extensions import db
from council.polls import operations as polls
from council.proceedings import close_poll
from tests.meeting_helpers import open_poll, session_with


def closed_polls(make_user) -> dict:
    """A meeting with three closed polls: named (4 for, 1 against, one ballot changed), secret
    (2 for, 1 against, 1 abstain) and paper (5, 0, 0); returns what a tamperer would target."""
    secretary, people, meeting = session_with(make_user, members=4)
    voters = [secretary, *people]
    named = open_poll(meeting, secretary, question="Named?")
    for voter, choice in zip(voters, ["for", "for", "for", "against", "against"], strict=True):
        polls.cast_ballot(named, voter, choice=choice)
    polls.cast_ballot(named, people[3], choice="for")  # changed once: the chain keeps both
    close_poll(named, secretary)
    secret = open_poll(meeting, secretary, secrecy="secret", question="Secret?")
    receipts = {
        polls.cast_ballot(secret, voter, choice=choice).receipt: choice
        for voter, choice in zip(voters, ["for", "for", "against", "abstain"], strict=False)
    }
    close_poll(secret, secretary)
    paper = open_poll(meeting, secretary, method="paper", question="Paper?")
    polls.enter_paper_tally(paper, secretary, votes_for=5, against=0, abstain=0)
    close_poll(paper, secretary)
    db.session.commit()
    return {
        "secretary": secretary,
        "people": people,
        "meeting": meeting,
        "named": named.id,
        "secret": secret.id,
        "paper": paper.id,
        "receipts": receipts,
    }
