"""The meeting room on a phone (issue 14), at 360 px in French and Arabic: the secretary
records twenty members' attendance from a sheet pre-filled with their replies, in a handful of
taps; members vote from the meeting's page (one of them for two, with a proxy); the secretary
closes the poll through its warning; the room's screen shows each step."""

import pytest

from tests.browser import room_data

pytestmark = pytest.mark.browser

SECRETARY = "secretaire@council.example"
SCREEN_EXEMPT = frozenset({"meta-refresh"})  # a projector's page: WCAG 2.2.1's real-time case
MAX_TAPS = 25


@pytest.fixture
def room(journey, live_server):
    if journey.device != "phone":
        pytest.skip("the room's journey is the phone's (the desktop runs the other journeys)")
    live_server.app.config["ROOM_SCREEN_REFRESH_SECONDS"] = 3600  # a still page to check
    yield room_data.meeting_room(live_server, journey.locale)
    live_server.app.config.pop("ROOM_SCREEN_REFRESH_SECONDS", None)


def test_a_meeting_run_from_phones(journey, open_journey, live_server, room, demo_password):
    t, main = journey.t, journey.page.locator("main")
    meeting = room["meeting_id"]
    names = [name for _email, name in room["people"]]
    screen = open_journey(person="screen")
    screen_url = f"/meetings/{meeting}/screen?lang=fr,ar"

    # The session starts: its confirmation page has no warning, 20 minutes before the time.
    journey.login(SECRETARY, demo_password)
    journey.visit(f"/meetings/{meeting}/manage", "manage")
    journey.follow(main.get_by_role("link", name=t("Start the session")), "start-confirm")
    assert main.locator(".notice").count() == 0
    journey.submit("session-started", t("Start the session"))

    # Attendance: the sheet starts from the replies; the secretary taps where the room differs.
    taps = 0
    journey.follow(main.get_by_role("link", name=t("Attendance sheet")), "attendance")
    taps += 1
    rows = {row.locator("legend").inner_text(): row for row in main.locator(".roll__row").all()}
    assert len(rows) == 20
    assert rows[names[room_data.GIVER]].locator("input[value=excused]").is_checked()
    journey.expect_text(t("represented by %(name)s", name=names[room_data.HOLDER]))
    changes = {names[3]: "absent", names[7]: "absent", names[18]: "present"}
    for name, status in changes.items():
        rows[name].locator(f"input[value={status}] + label").click()
        taps += 1
    journey.follow(main.get_by_role("button", name=t("Save attendance")).last, "attendance-saved")
    taps += 1
    journey.expect_text(t("Attendance saved."))
    # Samir comes in late: one tap stamps the time.
    late = main.locator(".roll__row", has_text=names[19])
    journey.follow(late.get_by_role("button", name=t("Arrived now")), "arrived-now")
    taps += 1
    assert taps < MAX_TAPS, f"{taps} taps to record 20 members"
    recorded = room_data.statuses(live_server, meeting)
    assert len(recorded) == 20
    assert recorded[names[3]] == "absent" and recorded[names[18]] == "present"
    assert recorded[names[19]] == "present" and recorded[names[room_data.GIVER]] == "excused"
    present = sum(1 for status in recorded.values() if status == "present")
    quorum = t(
        "Quorum now: %(present)s present of %(total)s in office (%(needed)s needed).",
        present=present,
        total=20,
        needed=11,
    )
    journey.expect_text(quorum)

    # The item goes on the room's screen, then the poll opens.
    journey.visit(f"/meetings/{meeting}/manage", "manage-in-session")
    item = main.locator(f"li:has(#item-{room['item_id']})")
    journey.follow(item.get_by_role("button", name=t("Show on the room’s screen")), "item-shown")
    screen.visit(screen_url, "screen-item", axe_exempt=SCREEN_EXEMPT)
    screen.expect_text(room_data.ITEM[journey.locale])
    journey.visit(f"/polls/{room['poll_id']}", "poll")
    journey.submit("poll-open", t("Open the poll"))
    screen.visit(screen_url, "screen-poll-open", axe_exempt=SCREEN_EXEMPT)
    screen.expect_text(room_data.QUESTION[journey.locale])

    # Members vote from the meeting's page: the question and its buttons come first.
    def member(index: int, person: str):
        voter = open_journey(person=person)
        voter.login(room["people"][index][0], demo_password)
        voter.visit(f"/meetings/{meeting}", "meeting")
        return voter, voter.page.locator("main")

    voter, other = member(0, "voter")
    own = other.get_by_role("group", name=voter.t("Your own vote"))
    voter.follow(own.get_by_role("button", name=voter.t("For"), exact=True), "voted")
    voter.expect_text(voter.t("Your vote is recorded."))

    holder, held = member(room_data.HOLDER, "proxy-holder")
    giver_name = names[room_data.GIVER]
    holder.expect_text(
        holder.t("You can vote for yourself and, by proxy, for %(name)s.", name=giver_name)
    )
    own = held.get_by_role("group", name=holder.t("Your own vote"))
    holder.follow(own.get_by_role("button", name=holder.t("For"), exact=True), "voted")
    proxy = held.get_by_role(
        "group", name=holder.t("Your vote for %(name)s (proxy)", name=giver_name)
    )
    holder.follow(proxy.get_by_role("button", name=holder.t("Against")), "voted-by-proxy")

    excused, _ = member(14, "excused")
    excused.expect_text(excused.t("You are recorded as excused: you cannot vote in this meeting."))

    screen.visit(screen_url, "screen-three-ballots", axe_exempt=SCREEN_EXEMPT)
    three = screen.tn("%(num)d ballot cast so far.", "%(num)d ballots cast so far.", 3)
    screen.expect_text(three)

    # Three ballots out of the room: closing warns first.
    journey.visit(f"/polls/{room['poll_id']}", "poll-three-ballots")
    close = main.get_by_role("link", name=t("Close the poll and freeze the result"))
    journey.follow(close, "poll-close-confirm")
    journey.expect_text(
        t("Fewer than half of those who could vote have voted. Wait before closing?")
    )
    journey.submit("poll-closed", t("Close the poll and freeze the result"))
    journey.expect_text(t("The poll is closed and its result frozen."))

    screen.visit(screen_url, "screen-result", axe_exempt=SCREEN_EXEMPT)
    assert screen.page.locator("table.results").count() == 2  # French and Arabic side by side
