"""Translated names of the meetings' and polls' enum values, for forms and pages."""

from flask_babel import lazy_gettext as _l
from flask_babel import lazy_pgettext

from council.meetings.models import (
    AgendaItemKind,
    AttendanceStatus,
    MeetingKind,
    MeetingState,
    RsvpAnswer,
)
from council.polls.models import Choice, Majority, Outcome, PollMode, PollState, Secrecy

MEETING_KINDS = {
    MeetingKind.PLENARY: _l("Plenary meeting"),
    MeetingKind.BUREAU: _l("Bureau meeting"),
    MeetingKind.WORKING_GROUP: _l("Working group"),
}
MEETING_STATES = {
    MeetingState.PLANNED: lazy_pgettext("meeting", "planned"),
    MeetingState.IN_SESSION: _l("in session"),
    # Contexts: a meeting (une séance), a poll (un scrutin) and a referral take different
    # grammatical genders in French, Arabic and Russian.
    MeetingState.CLOSED: lazy_pgettext("meeting", "closed"),
    MeetingState.CANCELLED: lazy_pgettext("meeting", "cancelled"),
}
ITEM_KINDS = {
    AgendaItemKind.PROPOSAL: _l("Proposal to debate and vote"),
    AgendaItemKind.REFERRAL: _l("Question referred by the city"),
    AgendaItemKind.INFORMATION: _l("Information"),
    AgendaItemKind.MINUTES_APPROVAL: _l("Approval of the previous minutes"),
    AgendaItemKind.OTHER: _l("Other business"),
}
RSVP_ANSWERS = {RsvpAnswer.ATTENDING: _l("I will attend"), RsvpAnswer.EXCUSED: _l("I am excused")}
ATTENDANCE = {
    AttendanceStatus.PRESENT: _l("present"),
    AttendanceStatus.EXCUSED: _l("excused"),
    AttendanceStatus.ABSENT: _l("absent"),
}
MAJORITIES = {
    Majority.SIMPLE: _l("Simple majority: more votes for than against (abstentions not counted)"),
    Majority.ABSOLUTE: _l(
        "Absolute majority: votes for from more than half of the members in office"
    ),
    Majority.TWO_THIRDS: _l(
        "Two-thirds majority: at least two thirds of the votes cast (for and against) are for"
    ),
}
SECRECY = {
    Secrecy.NAMED: _l("Named vote: council members see who voted what"),
    Secrecy.SECRET: _l("Secret ballot: nobody can see who chose what"),
}
MODES = {PollMode.IN_MEETING: _l("During the meeting"), PollMode.ONLINE: _l("Online")}
POLL_STATES = {
    PollState.PREPARED: _l("prepared"),
    PollState.OPEN: lazy_pgettext("poll", "open"),
    PollState.CLOSED: lazy_pgettext("poll", "closed"),
    PollState.CANCELLED: lazy_pgettext("poll", "cancelled"),
}
CHOICES = {Choice.FOR: _l("For"), Choice.AGAINST: _l("Against"), Choice.ABSTAIN: _l("Abstain")}
OUTCOMES = {
    # The council's decision on a vote, never a service's answer ("accepted" / "rejected" with
    # the context "response"): most languages need two different words.
    Outcome.ADOPTED: lazy_pgettext("vote outcome", "Adopted"),
    Outcome.REJECTED: lazy_pgettext("vote outcome", "Rejected"),
    Outcome.VOID: _l("Void: the quorum was not reached"),
}

ACCESS_INTERPRETATION = _l("Interpretation offered")
ACCESS_STEP_FREE = _l("Step-free access")
