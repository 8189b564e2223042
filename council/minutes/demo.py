"""Demo: every past plenary has its minutes, drafted from the record two days after the
meeting, written in French (one passage in Arabic), approved by the bureau a week later and
published the day after. Idempotent: minutes already approved are left alone."""

from datetime import timedelta

from sqlalchemy import select

from council.accounts.models import User
from council.demo_calendar import at_moment
from council.extensions import db
from council.meetings.demo import PAST_TITLE, TITLES
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
# The earlier plenaries: (general summary, easy-read summary), by meeting key.
EARLIER = {
    "m1": (
        "Le conseil a débattu de l'**accès aux soins** : il demande des interprètes dans les "
        "centres de santé municipaux. Il n'a pas retenu l'ouverture de bâtiments vides, que "
        "plusieurs membres jugent trop difficile à organiser.",
        "Le conseil veut des interprètes chez le médecin.\nIl a voté oui.",
    ),
    "m2": (
        "Le conseil a parlé des **cantines** et des **grandes familles** : deux avis sont "
        "adoptés. La gratuité des transports pour les personnes arrivées n'est pas retenue.",
        "Le conseil a donné deux avis : les cantines et les grands logements.",
    ),
    "m3": (
        "Le conseil demande une **permanence d'accès aux droits** dans chaque quartier et des "
        "**cours de français le soir** pour les adultes.",
        "Le conseil veut de l'aide pour les démarches, près de chez soi.\n"
        "Il veut aussi des cours de français le soir.",
    ),
}


def _write(meeting, secretary, summary, easy_read, narratives) -> None:
    closed = meeting.closed_at
    with at_moment(closed + timedelta(days=2, hours=-3)):
        minutes = ops.draft_minutes(meeting, secretary)
        if not minutes.is_draft:
            return
        ops.save_minutes(
            minutes,
            secretary,
            seen_version=minutes.version,
            chair=minutes.chair or secretary.display_name,
            summary=summary,
            summary_language="fr",
            easy_read=easy_read,
            easy_read_language="fr",
            narratives=narratives,
        )
    with at_moment(closed + timedelta(days=8, hours=-4)):
        # The demo council lets its bureau approve (the default setting asks for a vote).
        ops.approve_by_bureau(minutes, secretary, decision=DECISION, allowed=True)
    with at_moment(closed + timedelta(days=9, hours=-5)):
        ops.publish_minutes(minutes, secretary)


def load_demo() -> None:
    secretary = db.session.scalar(select(User).where(User.email == "secretaire@council.example"))
    if secretary is None:
        return
    for key, title in TITLES.items():
        meeting = db.session.scalar(select(Meeting).where(Meeting.title == title))
        if meeting is None or meeting.state != MeetingState.CLOSED:
            continue
        if title == PAST_TITLE:
            approval, housing = meeting.items[0], meeting.items[1]
            narratives = {
                approval.id: (APPROVAL_NARRATIVE, "fr"),
                housing.id: (HOUSING_NARRATIVE, "ar"),
            }
            _write(meeting, secretary, SUMMARY, EASY_READ, narratives)
        else:
            summary, easy_read = EARLIER[key]
            _write(meeting, secretary, summary, easy_read, {})
