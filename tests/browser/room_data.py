"""A working group of twenty members for the meeting-room journey, made through the app's own
operations as people would have done beforehand: replies to the invitation, one proxy, an
agenda item with its poll prepared. Each language's run has its own members and meeting."""

from datetime import timedelta

from council.accounts.operations import create_user, find_user_by_email
from council.cli.demo import DEMO_PASSWORD
from council.db_types import utcnow
from council.extensions import db
from council.meetings import operations as meetings
from council.meetings.models import Meeting
from council.meetings.queries import attendance_of
from council.polls import operations as polls
from council.roles import Role
from tests.browser.council_data import in_app

# Twenty names as they come in the council: long ones, several words, Arabic script.
NAMES = [
    "Ahmad Shah Karimzada", "Oleksandra Kovalenko-Bondarenko", "محمد عبد الرحمن", "Mamadou Diallo",
    "Nguyễn Thị Minh Khai", "Fatoumata Traoré", "Gulalai Wazir", "Iryna Shevchenko",
    "Mehmet Yılmaz", "فاطمة الزهراء", "Tenzin Dolma", "Aliou Ba", "Sofia Popescu",
    "Zahra Mohammadi", "Youssef El Amrani", "Lin Wei", "Mariam Kouyaté", "Dawit Tesfaye",
    "Nadia Haddad", "Samir Benali",
]  # fmt: skip
ATTENDING = set(range(0, 14))  # replied "I will attend"
EXCUSED = {14, 15, 16}  # replied "I am excused"
GIVER, HOLDER = 17, 1  # 17 gives her proxy to 1; 18 and 19 did not reply
ITEM = {"fr": "Horaires d'été de la piscine", "ar": "مواعيد المسبح الصيفية"}
QUESTION = {"fr": "Ouvrir la piscine jusqu'à 21 h ?", "ar": "هل نفتح المسبح حتى الساعة 21؟"}


def login_of(locale: str, index: int) -> str:
    return f"salle-{locale}-{index:02d}"


def meeting_room(server, locale: str) -> dict:
    """{"meeting_id", "item_id", "poll_id", "people": [(email, name)], ...} for this run."""
    with in_app(server):
        secretary = find_user_by_email("secretaire@council.example")
        people = []
        for index, name in enumerate(NAMES):
            email = f"{login_of(locale, index)}@council.example"
            user = find_user_by_email(email) or create_user(
                email, name, DEMO_PASSWORD, {Role.MEMBER}, locale
            )
            people.append(user)
        starts = utcnow().replace(second=0, microsecond=0) + timedelta(minutes=20)
        meeting = meetings.schedule_meeting(
            secretary,
            kind="working_group",
            title={"fr": "Groupe de travail sport", "ar": "فريق عمل الرياضة"}[locale],
            starts_at=starts,
            ends_at=starts + timedelta(hours=2),
            place="Salle du conseil",
            participants=people,
        )
        for index, person in enumerate(people):
            if index in ATTENDING:
                meetings.set_rsvp(meeting, person, answer="attending")
            elif index in EXCUSED:
                meetings.set_rsvp(meeting, person, answer="excused")
        meetings.give_proxy(meeting, people[GIVER], giver=people[GIVER], holder=people[HOLDER])
        item = meetings.add_agenda_item(meeting, secretary, kind="other", title=ITEM[locale])
        poll = polls.prepare_poll(
            item,
            secretary,
            question=QUESTION[locale],
            majority="simple",
            secrecy="named",
            mode="in_meeting",
            method="electronic",
        )
        result = {
            "meeting_id": meeting.id,
            "item_id": item.id,
            "poll_id": poll.id,
            "people": [(p.email, p.display_name) for p in people],
        }
    return result


def statuses(server, meeting_id: int) -> dict[str, str]:
    """Who is recorded how, by name."""
    with in_app(server):
        meeting = db.session.get(Meeting, meeting_id)
        rows = attendance_of(meeting)
        return {row.user.display_name: row.status.value for row in rows.values()}
