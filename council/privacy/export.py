"""Everything stored about one person, as JSON (GDPR articles 15 and 20).

Other people appear only as they do on the site, by their public display name: never their
email, never anything else about them. Secret ballots give only *that* the person took part
(what they chose is not linked to them anywhere).
"""

import enum
import importlib
from datetime import date, datetime

from sqlalchemy import or_, select

from council.accounts.models import Invitation
from council.api.models import ApiToken
from council.attachments.models import Attachment
from council.comments.models import Comment, CommentReport
from council.extensions import db
from council.meetings.models import Attendance, Meeting, Proxy, Rsvp
from council.minutes.models import MinutesSubscriber
from council.notifications.models import Follow, Notification, NotificationPreference
from council.polls.models import Ballot, BallotCast, Poll
from council.proposals.models import Proposal, ProposalCoauthor, ProposalCosignature
from council.recommendations.models import FollowUp, ResponseVersion
from council.referrals.models import Referral
from council.translations_content.models import ContentTranslation, ReaderSettings

FORMAT_VERSION = 1


def _value(value):
    if isinstance(value, datetime | date):
        return value.isoformat()
    if isinstance(value, enum.Enum):
        return value.value
    return value


def _rows(model, condition, *columns, **derived) -> list[dict]:
    """Each row of `model` matching `condition`: the named columns, plus `derived` (name →
    function of the row), ordered by primary key so that two exports read alike."""
    order = [column for column in model.__table__.primary_key.columns]
    result = []
    for row in db.session.scalars(select(model).where(condition).order_by(*order)):
        item = {name: _value(getattr(row, name)) for name in columns}
        item.update({name: _value(get(row)) for name, get in derived.items()})
        result.append(item)
    return result


def _meeting_title(meeting_id: int) -> str:
    return db.session.get(Meeting, meeting_id).title


def _question(poll_id: int) -> str:
    return db.session.get(Poll, poll_id).question


def _name(user) -> str | None:
    return user.display_name if user is not None else None


def personal_data(user) -> dict:
    """The whole export; each section is a list of plain JSON values."""
    me = user.id
    return {
        "format": FORMAT_VERSION,
        "account": {
            "id": user.id,
            "email": user.email,
            "display_name": user.display_name,
            "preferred_language": user.locale,
            "created_at": _value(user.created_at),
            "last_login_at": _value(user.last_login_at),
            "active": user.is_active_account,
            "roles": [
                {"role": row.role.value, "granted_at": _value(row.granted_at)}
                for row in user.role_rows
            ],
            "services": [service.name for service in user.services],
        },
        "proposals_written": _rows(
            Proposal,
            Proposal.author_id == me,
            "id",
            "title",
            "body",
            "summary",
            "language",
            "state",
            "created_at",
            "submitted_at",
            "decided_at",
            "withdrawal_reason",
            coauthors=lambda p: [_name(c.user) for c in p.coauthors],
        ),  # fmt: skip
        "coauthorships": _rows(
            ProposalCoauthor,
            ProposalCoauthor.user_id == me,
            "proposal_id",
            "status",
            "invited_at",
            "responded_at",
            proposal_title=lambda c: c.proposal.title,
        ),  # fmt: skip
        "supports_signed": _rows(
            ProposalCosignature, ProposalCosignature.member_id == me, "proposal_id", "signed_at"
        ),
        "comments": _rows(
            Comment,
            Comment.author_id == me,
            "id",
            "subject_kind",
            "subject_id",
            "parent_id",
            "body",
            "language",
            "created_at",
            "edited_at",
            "deleted_at",
            "hidden_at",
            "hidden_reason",
            earlier_versions=lambda c: [r.body for r in c.revisions],
        ),  # fmt: skip
        "comment_reports": _rows(
            CommentReport,
            CommentReport.reporter_id == me,
            "comment_id",
            "reason",
            "created_at",
            "resolution",
            "resolved_at",
        ),  # fmt: skip
        "translations": _rows(
            ContentTranslation,
            ContentTranslation.translator_id == me,
            "subject_kind",
            "subject_id",
            "field",
            "locale",
            "text",
            "created_at",
            "updated_at",
            "reviewed_at",
        ),  # fmt: skip
        "translations_reviewed": _rows(
            ContentTranslation,
            ContentTranslation.reviewed_by_id == me,
            "subject_kind",
            "subject_id",
            "field",
            "locale",
            "reviewed_at",
        ),  # fmt: skip
        "reading_settings": _rows(
            ReaderSettings, ReaderSettings.user_id == me, "translate_into", "easy_read"
        ),
        "notifications": _rows(
            Notification,
            Notification.user_id == me,
            "kind",
            "subject_title",
            "link",
            "params",
            "delivery",
            "created_at",
            "read_at",
            "emailed_at",
        ),  # fmt: skip
        "notification_preferences": _rows(
            NotificationPreference, NotificationPreference.user_id == me, "kind", "delivery"
        ),
        "follows": _rows(Follow, Follow.user_id == me, "subject_kind", "subject_id", "created_at"),
        "minutes_subscription_by_email": _rows(
            MinutesSubscriber,
            MinutesSubscriber.email == user.email,
            "email",
            "locale",
            "created_at",
            "confirmed_at",
        ),  # fmt: skip
        "meeting_answers": _rows(
            Rsvp,
            Rsvp.user_id == me,
            "meeting_id",
            "answer",
            "answered_at",
            meeting=lambda r: _meeting_title(r.meeting_id),
        ),  # fmt: skip
        "attendance": _rows(
            Attendance,
            Attendance.user_id == me,
            "meeting_id",
            "status",
            "arrived_at",
            "left_at",
            meeting=lambda a: _meeting_title(a.meeting_id),
        ),  # fmt: skip
        "proxies": _rows(
            Proxy,
            or_(Proxy.giver_id == me, Proxy.holder_id == me),
            "meeting_id",
            "created_at",
            given_to=lambda p: _name(p.holder) if p.giver_id == me else None,
            received_from=lambda p: _name(p.giver) if p.holder_id == me else None,
        ),  # fmt: skip
        "named_votes": _rows(
            Ballot,
            or_(Ballot.on_behalf_of_id == me, Ballot.voter_id == me),
            "poll_id",
            "choice",
            "cast_at",
            "changed_at",
            question=lambda b: _question(b.poll_id),
            cast_by=lambda b: "me" if b.voter_id == me else _name(b.voter),
            on_behalf_of=lambda b: "me" if b.on_behalf_of_id == me else _name(b.on_behalf_of),
        ),  # fmt: skip
        "secret_polls_taken_part_in": _rows(
            BallotCast,
            BallotCast.member_id == me,
            "poll_id",
            question=lambda c: _question(c.poll_id),
            note=lambda c: "secret ballot: the choice is stored apart and not linked to you",
        ),  # fmt: skip
        "referrals_sent": _rows(
            Referral,
            Referral.referred_by_id == me,
            "id",
            "question",
            "context",
            "language",
            "status",
            "created_at",
        ),  # fmt: skip
        "responses_written": _rows(
            ResponseVersion,
            ResponseVersion.author_id == me,
            "response_id",
            "number",
            "status",
            "justification",
            "language",
            "created_at",
        ),  # fmt: skip
        "follow_ups_written": _rows(
            FollowUp,
            FollowUp.author_id == me,
            "commitment_id",
            "on_date",
            "status",
            "note",
            "language",
            "percent",
            "created_at",
        ),  # fmt: skip
        "invitations_sent": _rows(
            # Whom is the other person's data: only when and for which roles.
            Invitation,
            Invitation.invited_by_id == me,
            "roles",
            "created_at",
            "accepted_at",
            "revoked_at",
        ),  # fmt: skip
        "api_tokens_issued": _rows(
            ApiToken,
            ApiToken.created_by_id == me,
            "label",
            "created_at",
            "revoked_at",
            service=lambda t: t.service.name,
        ),  # fmt: skip
        "security_events": security_events_of(user),
        "files_attached": _rows(
            Attachment,
            Attachment.uploaded_by_id == me,
            "title",
            "description",
            "alt_text",
            "language",
            "filename",
            "file_kind",
            "size",
            "sha256",
            "created_at",
            attached_to=lambda a: {"kind": a.owner_kind.value, "id": a.owner_id},
            in_zip=archive_name,
        ),  # fmt: skip
    }


def archive_name(attachment) -> str:
    """Where the file is in the ZIP download (its id first: two files may share a name)."""
    return f"files/{attachment.id}-{attachment.filename}"


def security_events_of(user) -> list[dict]:
    """The account's entries in the security log (council.security_events), where it exists."""
    try:  # by name: the security log is not part of every version (it comes with 2FA)
        models = importlib.import_module("council.security_events.models")
    except ImportError:
        return []
    SecurityEvent = models.SecurityEvent  # noqa: N806 — a model class
    return _rows(
        SecurityEvent, SecurityEvent.user_id == user.id, "at", "kind", "address", "details"
    )
