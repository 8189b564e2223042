"""The secretary runs a meeting from the browser: schedule, agenda with a proposal, session,
proxy, attendance, a named poll that members vote in, its result; then the moderation queue."""

import re
from datetime import date, timedelta

import pytest

from tests.browser import council_data

pytestmark = pytest.mark.browser

SECRETARIES = {"fr": "secretaire@council.example", "ar": "bureau@council.example"}
TITLES = {"fr": "Séance extraordinaire", "ar": "جلسة استثنائية"}
QUESTIONS = {
    "fr": "Adopter la proposition sur les permanences du soir ?",
    "ar": "هل نعتمد الاقتراح حول المداومات المسائية؟",
}
PROPOSAL_FIELD = "Proposal (for an item “Proposal to debate and vote”)"
# Each run has its own meeting: the same two members can give and hold a proxy in each.
GIVER, GIVER_NAME = "sofia", "Sofia P."
VOTER, VOTER_NAME = "aliou", "Aliou Ba"


def path_of(url: str) -> str:
    return re.sub(r"^https?://[^/]+", "", url)


def test_secretary_runs_a_meeting_with_a_named_poll(
    journey, open_journey, live_server, demo_password, reported_comment
):
    page, t = journey.page, journey.t
    run = f"({journey.locale}, {journey.device})"
    proposal = f"Permanences d'accueil le soir {run}"
    council_data.submitted_proposal(live_server, proposal, "tenzin", ["lin", "mamadou"])
    title = f"{TITLES[journey.locale]} {run}"
    main = page.locator("main")

    journey.login(SECRETARIES[journey.locale], demo_password)
    journey.follow(journey.menu("Meetings"), "meetings")
    journey.follow(main.get_by_role("link", name=t("Schedule a meeting")), "new-meeting")
    main.get_by_label(t("Kind of meeting")).select_option("plenary")
    main.get_by_label(t("Title")).fill(title)
    day = (date.today() + timedelta(days=7)).isoformat()
    main.get_by_label(t("Starts (Paris time)")).fill(f"{day}T18:00")
    main.get_by_label(t("Ends (Paris time)")).fill(f"{day}T20:30")
    main.get_by_label(t("Place")).fill("Hôtel de ville, salle du conseil")
    main.get_by_label(t("Interpretation offered")).check()
    journey.submit("scheduled", t("Schedule"))
    journey.expect_text(t("Meeting scheduled."))
    manage = path_of(page.url)

    # The agenda offers the submitted proposals; choosing one schedules it.
    main.get_by_label(t("Kind of item")).select_option("proposal")
    main.get_by_label(t(PROPOSAL_FIELD)).select_option(label=proposal)
    journey.submit("item-added", t("Add to the agenda"))
    journey.expect_text(t("Item added to the agenda."))
    journey.expect_text(proposal, within="main .agenda")
    # Ready: the agenda is published (its members are told once); then the room changes.
    journey.submit("agenda-published", t("Publish the agenda"))
    journey.expect_text(t("The agenda is published: the members are told."))
    change = main.get_by_role("link", name=t("Change the date, the time or the place"))
    journey.follow(change, "change-meeting")
    main.get_by_label(t("Place")).fill("Hôtel de ville, salle des fêtes")
    journey.submit("meeting-changed", t("Save the changes"))
    journey.expect_text(t("Changes saved."))

    journey.follow(main.get_by_role("link", name=t("Proxies"), exact=True), "proxies")
    main.get_by_label(t("Member giving the proxy")).select_option(label=GIVER_NAME)
    main.get_by_label(t("Member receiving the proxy")).select_option(label=VOTER_NAME)
    journey.submit("proxy-recorded", t("Record the proxy"))
    journey.expect_text(t("Proxy recorded."))

    journey.follow(main.get_by_role("link", name=title), "manage")
    # A week early: the confirmation page warns before anything happens.
    start = main.get_by_role("link", name=t("Start the session"))
    journey.follow(start, "start-confirm")
    journey.expect_text(t("Start the session?"), within="h1")
    assert main.locator(".notice").count() == 1
    journey.submit("session-started", t("Start the session"))
    journey.expect_text(t("The session has started."))
    journey.follow(main.get_by_role("link", name=t("Attendance sheet")), "attendance")
    journey.picture("secretary-attendance", device="desktop")
    # The giver is already "excused" (her proxy); one tap on "present" for each of the others.
    for row in main.locator(".roll__row").all():
        if GIVER_NAME not in row.locator("legend").inner_text():
            row.locator("input[value=present] + label").click()
    save = main.get_by_role("button", name=t("Save attendance"), exact=True).last
    journey.follow(save, "attendance-saved")
    journey.expect_text(t("Attendance saved."))
    journey.expect_text(t("Reached."))

    journey.visit(manage, "in-session")
    journey.follow(main.get_by_role("link", name=t("Prepare a poll")), "new-poll")
    main.get_by_label(t("Question")).fill(QUESTIONS[journey.locale])
    main.get_by_label(t("Majority")).select_option("simple")
    main.get_by_label(t("Secrecy")).select_option("named")
    main.get_by_label(t("When members vote")).select_option("in_meeting")
    main.get_by_label(t("How votes are counted")).select_option("electronic")
    journey.submit("poll-prepared", t("Prepare the poll"))
    journey.expect_text(t("Poll prepared. Check its rule: it cannot change once open."))
    journey.submit("poll-open", t("Open the poll"))
    journey.expect_text(t("The poll is open."))
    poll = path_of(page.url)

    # A member present in the room votes on their phone, for themself and by proxy.
    voter = open_journey(person="voter")
    other = voter.page.locator("main")
    voter.login(f"{VOTER}@council.example", demo_password)
    voter.follow(voter.menu("Meetings"), "meetings")
    voter.follow(other.get_by_role("link", name=title), "meeting-in-session")
    # The open poll's buttons come first on the meeting page: one tap per ballot.
    own = other.get_by_role("group", name=voter.t("Your own vote"))
    voter.follow(own.get_by_role("button", name=voter.t("For"), exact=True), "voted")
    voter.expect_text(voter.t("Your vote is recorded."))
    proxy = voter.t("Your vote for %(name)s (proxy)", name=GIVER_NAME)
    by_proxy = other.get_by_role("group", name=proxy)
    voter.follow(by_proxy.get_by_role("button", name=voter.t("Abstain")), "voted-by-proxy")
    voter.expect_text(voter.t("Your vote is recorded."))

    journey.visit(poll, "poll-with-votes")
    cast = journey.tn("%(num)d ballot cast so far.", "%(num)d ballots cast so far.", 2)
    journey.expect_text(cast)
    close = main.get_by_role("link", name=t("Close the poll and freeze the result"))
    journey.follow(close, "poll-close-confirm")
    journey.expect_text(t("Close the poll?"), within="h1")
    journey.submit("poll-closed", t("Close the poll and freeze the result"))
    journey.expect_text(t("The poll is closed and its result frozen."))
    results = "main section:has(#result-heading)"
    journey.expect_text(journey.tp("vote outcome", "Adopted"), within=results)
    journey.expect_text(t("(by proxy: %(name)s)", name=VOTER_NAME), within=results)

    journey.follow(main.get_by_role("link", name=title), "meeting-results")
    journey.expect_text(t("Result of the vote: %(question)s", question=QUESTIONS[journey.locale]))
    journey.expect_text(journey.tp("vote outcome", "Adopted"), within="main .agenda")

    journey.follow(journey.menu("Moderation"), "moderation")
    journey.expect_text(reported_comment)


def test_secretary_transmits_a_recommendation(journey, open_journey, live_server, demo_password):
    """A freshly adopted recommendation goes to the housing service, whose official finds it."""
    page, t = journey.page, journey.t
    run = f"({journey.locale}, {journey.device})"
    recommendation = council_data.adopted_recommendation(
        live_server, f"Des interprètes aux rendez-vous du logement social {run}"
    )
    housing = council_data.service(live_server, council_data.HOUSING_SERVICE, journey.locale)
    deadline = date.today() + timedelta(days=45)
    main = page.locator("main")

    journey.login(SECRETARIES[journey.locale], demo_password)
    journey.follow(journey.menu("Recommendations"), "recommendations")
    journey.expect_text(t("Adopted, waiting to be transmitted"))
    journey.follow(journey.link_to(rf"/recommendations/{recommendation}"), "adopted")
    journey.expect_text(t("adopted, not yet transmitted"))
    journey.follow(main.get_by_role("link", name=t("Transmit to the services")), "transmit")
    journey.picture("secretary-transmit", device="desktop")
    services = main.get_by_role("group", name=t("Services addressed"))
    services.get_by_label(housing["name"], exact=True).check()
    main.get_by_label(t("Response deadline")).fill(deadline.isoformat())
    journey.submit("transmitted", t("Transmit"))
    journey.expect_text(t("The recommendation is transmitted to the services."))
    journey.expect_text(t("transmitted, awaiting responses"))
    timeline = "main .recommendation-timeline"
    journey.expect_text(t("Transmitted to the services"), within=timeline)
    when = t("Response deadline: %(date)s", date=journey.date(deadline))
    journey.expect_text(f"{housing['name']} · {when}", within=timeline)

    # The housing service's official finds it in their inbox, waiting for their answer.
    official = open_journey(person="official")
    official.login("habitat@council.example", demo_password)
    official.follow(official.menu("My service’s inbox"), "inbox")
    row = f'main tr:has(a[href="/recommendations/{recommendation}"])'
    official.expect_text(housing["name"], within=row)
    official.expect_text(official.date(deadline), within=row)
    official.expect_text(official.t("awaiting a response"), within=row)
    official.expect_text(official.tp("verb", "Answer"), within=row)
