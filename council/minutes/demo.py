"""Demo: the past plenary gets approved, published minutes, written in French with one passage
in Arabic. Idempotent: minutes already approved are left alone."""

from sqlalchemy import select

from council.accounts.models import User
from council.extensions import db
from council.meetings.demo import PAST_TITLE
from council.meetings.models import Meeting, MeetingState
from council.minutes import operations as ops

SUMMARY = (
    "La séance s'est tenue en présence de la majorité des membres, avec une interprétation "
    "en arabe, en dari et en ukrainien.\n\n"
    "Le conseil a surtout débattu de l'**accès au logement social** : délais d'attente, "
    "accompagnement des familles et information dans plusieurs langues."
)
EASY_READ = (
    "Le conseil s'est réuni.\n"
    "Il a parlé du logement.\n"
    "Il a voté pour donner son avis à la mairie : le vote est adopté."
)
APPROVAL_NARRATIVE = "Le compte rendu de la séance précédente est approuvé sans remarque."
HOUSING_NARRATIVE = (
    "تحدّث عدد من الأعضاء عن طول فترة الانتظار للحصول على سكن اجتماعي، "
    "وطالبوا بمرافقة العائلات وبتوفير المعلومات بعدّة لغات. "
    "وافق المجلس على تقديم رأيه إلى البلدية."
)
DECISION = "Approuvé par le bureau, à l'unanimité, au vu du procès-verbal de séance."


def load_demo() -> None:
    meeting = db.session.scalar(select(Meeting).where(Meeting.title == PAST_TITLE))
    secretary = db.session.scalar(select(User).where(User.email == "secretaire@council.example"))
    if meeting is None or secretary is None or meeting.state != MeetingState.CLOSED:
        return
    minutes = ops.draft_minutes(meeting, secretary)
    if minutes.is_draft:
        approval, housing = meeting.items[0], meeting.items[1]
        ops.save_minutes(
            minutes,
            secretary,
            seen_version=minutes.version,
            chair=minutes.chair or secretary.display_name,
            summary=SUMMARY,
            summary_language="fr",
            easy_read=EASY_READ,
            easy_read_language="fr",
            narratives={
                approval.id: (APPROVAL_NARRATIVE, "fr"),
                housing.id: (HOUSING_NARRATIVE, "ar"),
            },
        )
        # The demo council lets its bureau approve (the default setting asks for a vote).
        ops.approve_by_bureau(minutes, secretary, DECISION, allowed=True)
    if minutes.state == ops.APPROVED:
        ops.publish_minutes(minutes, secretary)
