"""What journeys need that other people would have done earlier, made through the app's own
operations (never by writing rows): an online poll members can vote in, a proposal waiting for
a meeting agenda, a co-signature, a reported comment, a recommendation adopted by a poll (and
transmitted to a service).

Each function runs in the live server's application, commits once, and returns plain ids or
titles (the objects belong to a session that ends with the call).
"""

from contextlib import contextmanager
from datetime import timedelta

from sqlalchemy import select

from council import proceedings
from council.accounts.operations import find_user_by_email
from council.db_types import utcnow
from council.extensions import db

ONLINE_MEETING = "Consultation des membres en ligne"
ONLINE_ITEM = "Horaires des permanences d'accueil"
ONLINE_QUESTION = "Ouvrir les permanences d'accueil le samedi matin ?"


@contextmanager
def in_app(server):
    """One unit of work in the server's application, as one request would do it."""
    with server.app.test_request_context("/?lang=en"):
        try:
            yield
            db.session.commit()
        except Exception:
            db.session.rollback()
            raise
        finally:
            db.session.remove()


def member(login: str):
    return find_user_by_email(f"{login}@council.example")


def open_online_poll(server) -> dict:
    """A planned meeting with a named online poll, open now (members vote from their phone)."""
    from council.meetings import operations as meetings
    from council.meetings.models import Meeting
    from council.polls import operations as polls

    with in_app(server):
        secretary = find_user_by_email("secretaire@council.example")
        meeting = db.session.scalar(select(Meeting).where(Meeting.title == ONLINE_MEETING))
        if meeting is None:
            now = utcnow().replace(microsecond=0)
            meeting = meetings.schedule_meeting(
                secretary,
                kind="plenary",
                title=ONLINE_MEETING,
                starts_at=now + timedelta(days=12),
                ends_at=now + timedelta(days=12, hours=2),
                place="Maison des habitants du centre",
            )
            item = meetings.add_agenda_item(
                meeting, secretary, kind="other", title=ONLINE_ITEM, description=""
            )
            poll = polls.prepare_poll(
                item,
                secretary,
                question=ONLINE_QUESTION,
                majority="simple",
                secrecy="named",
                mode="online",
                method="electronic",
                opens_at=now - timedelta(hours=1),
                closes_at=now + timedelta(days=10),
            )
            polls.open_poll(poll, secretary)
        poll = meeting.items[0].polls[0]
        return {"meeting_id": meeting.id, "poll_id": poll.id}


OPENING_HOURS = (
    "Les permanences d'accueil ferment à 17 heures : les personnes qui travaillent ne "
    "peuvent pas s'y rendre.\n\nNous proposons une ouverture un soir par semaine."
)


def submitted_proposal(
    server,
    title: str,
    author: str,
    cosigners: list[str],
    *,
    body: str = OPENING_HOURS,
    language: str = "fr",
    summary: str | None = None,
) -> int:
    """A proposal its author wrote (in `language`, with an easy-read `summary` if given), had
    co-signed and submitted: public, and ready for an agenda."""
    from council.proposals import operations, support
    from council.proposals.models import Proposal, Theme

    with in_app(server):
        found = db.session.scalar(select(Proposal.id).where(Proposal.title == title))
        if found:
            return found
        writer = member(author)
        theme = db.session.scalar(select(Theme).where(Theme.name == "Droits"))
        proposal = operations.create_proposal(writer, title, body, theme, language, summary=summary)
        operations.open_for_support(proposal, writer)
        for login in cosigners:
            support.cosign_proposal(proposal, member(login))
        operations.submit_proposal(proposal, writer)
        return proposal.id


def edit_proposal_body(server, proposal_id: int, body: str) -> None:
    """Its author edits the text of a submitted proposal (translations made before go stale)."""
    from council.proposals import operations
    from council.proposals.models import Proposal

    with in_app(server):
        proposal = db.session.get(Proposal, proposal_id)
        operations.update_proposal(
            proposal, proposal.author, title=proposal.title, body=body,
            summary=proposal.summary, theme=proposal.theme, language=proposal.language,
            services=proposal.services, seen_version=proposal.version,
        )  # fmt: skip


def cosign(server, proposal_id: int, login: str) -> None:
    from council.proposals import support
    from council.proposals.models import Proposal

    with in_app(server):
        support.cosign_proposal(db.session.get(Proposal, proposal_id), member(login))


def proposal_id_titled(server, title: str) -> int:
    from council.proposals.models import Proposal

    with in_app(server):
        return db.session.scalar(select(Proposal.id).where(Proposal.title == title))


def report_a_comment(server) -> str:
    """A member reports a comment of the demo discussion: the moderation queue has work."""
    from council.comments.models import Comment, CommentReport
    from council.comments.moderation import report_comment

    with in_app(server):
        author = member("olena")
        comment = db.session.scalar(select(Comment).where(Comment.author_id == author.id))
        reporter = member("tenzin")
        already = db.session.scalar(
            select(CommentReport.id).where(
                CommentReport.comment_id == comment.id, CommentReport.reporter_id == reporter.id
            )
        )
        if already is None:
            report_comment(comment, reporter, "Ce message parle d'une autre question.")
        return comment.body


HOUSING_SERVICE = "Direction de l'habitat"
OTHER_SERVICES_RECOMMENDATION = "Une permanence d'accès aux droits dans chaque quartier"


def adopted_recommendation(server, title: str) -> int:
    """A proposal adopted by a paper poll at a plenary of its own (scheduled, held and closed
    through the meeting operations): the council's recommendation, not yet transmitted."""
    from council.meetings import operations as meetings
    from council.meetings import queries as meeting_queries
    from council.meetings.demo import show_of_hands
    from council.recommendations.models import Recommendation

    proposal_id = submitted_proposal(server, title, "tenzin", ["lin", "mamadou"])
    with in_app(server):
        found = db.session.scalar(
            select(Recommendation.id).where(Recommendation.proposal_id == proposal_id)
        )
        if found:
            return found
        secretary = find_user_by_email("secretaire@council.example")
        starts = utcnow().replace(microsecond=0) + timedelta(hours=1)
        meeting = meetings.schedule_meeting(
            secretary,
            kind="plenary",
            title=f"Plénière : {title}"[:200],
            starts_at=starts,
            ends_at=starts + timedelta(hours=2),
            place="Hôtel de ville, salle du conseil",
        )
        item = meetings.add_agenda_item(
            meeting, secretary, kind="proposal", title="", description="", proposal_id=proposal_id
        )
        meetings.start_session(meeting, secretary)
        present = meeting_queries.entitled_members(meeting)
        for person in present:
            meetings.record_attendance(meeting, secretary, member=person, status="present")
        # Adopts the proposal: its recommendation is made.
        show_of_hands(item, secretary, "Adopter la proposition ?", (len(present) - 3, 2, 1))
        proceedings.close_meeting(meeting, secretary)
        return db.session.scalar(
            select(Recommendation.id).where(Recommendation.proposal_id == proposal_id)
        )


def transmitted_recommendation(server, title: str, service: str = HOUSING_SERVICE) -> int:
    """An adopted recommendation the secretariat transmitted to `service` (no response yet)."""
    from council.recommendations import operations
    from council.recommendations.models import Recommendation
    from council.services.models import Service

    recommendation_id = adopted_recommendation(server, title)
    with in_app(server):
        recommendation = db.session.get(Recommendation, recommendation_id)
        if not recommendation.is_public:
            addressed = db.session.scalar(select(Service).where(Service.name == service))
            secretary = find_user_by_email("secretaire@council.example")
            operations.transmit_recommendation(recommendation, secretary, services=[addressed])
        return recommendation_id


def service(server, name: str, locale: str) -> dict:
    """A demo service: {"id", "name"} with its name as pages in `locale` show it."""
    from council.services.models import Service

    with in_app(server):
        found = db.session.scalar(select(Service).where(Service.name == name))
        return {"id": found.id, "name": found.name_in(locale)}


def recommendation_id_titled(server, title: str) -> int:
    from council.recommendations.models import Recommendation

    with in_app(server):
        return db.session.scalar(select(Recommendation.id).where(Recommendation.title == title))


def new_member(server, login: str, name: str, locale: str) -> str:
    """A member who has just accepted their invitation (the demo password); returns the email."""
    from council.accounts.operations import create_user
    from council.cli.demo import DEMO_PASSWORD
    from council.roles import Role

    email = f"{login}@council.example"
    with in_app(server):
        if find_user_by_email(email) is None:
            create_user(email, name, DEMO_PASSWORD, {Role.MEMBER}, locale)
    return email
