"""A council member's work: a proposal from draft to submission (with a colleague's
co-signature), a comment on a question from the city, a proxy, and a vote."""

import re

import pytest

from council.meetings.demo import NEXT_TITLE
from tests.browser import council_data

pytestmark = pytest.mark.browser

# One author and one colleague per language × device: the runs share the database, and a
# member holds at most one proxy per meeting. (Karim, Fatou, Amina and Youssef change their
# names in test_account_journeys.py: they are left out.)
PEOPLE = {
    ("fr", "phone"): ("farid", "Farid Ahmadi", "dmitri", "Dmitri"),
    ("fr", "desktop"): ("gul", "Gul Makai", "mamadou", "Mamadou S."),
    ("ar", "phone"): ("elif", "Elif Yılmaz", "lin", "Lin Wei"),
    ("ar", "desktop"): ("olena", "Olena K.", "rosa", "Rosa Mendes"),
}
THIRD_COSIGNER = "mariam"  # the second co-signature the rules ask for, given meanwhile
TITLES = {
    "fr": "Des bancs à l'ombre devant les écoles",
    "ar": "مقاعد في الظل أمام المدارس",
}
BODIES = {
    "fr": "En été, les parents attendent la sortie de l'école en plein soleil.\n\n"
    "Nous demandons des bancs et des arbres devant chaque école primaire.",
    "ar": "في الصيف ينتظر الأهل خروج أطفالهم من المدرسة تحت الشمس.\n\n"
    "نطلب مقاعد وأشجارًا أمام كل مدرسة ابتدائية.",
}
CURRENT_BALLOT = "Current ballot: %(choice)s. You may change it until the poll closes."
THEME = {"fr": "Droits", "ar": "الحقوق"}


def email(login: str) -> str:
    return f"{login}@council.example"


def test_member_drafts_gets_support_and_submits_a_proposal(
    journey, open_journey, live_server, demo_password
):
    page, t = journey.page, journey.t
    author, author_name, colleague, _ = PEOPLE[(journey.locale, journey.device)]
    title = f"{TITLES[journey.locale]} ({journey.locale}, {journey.device})"

    journey.login(email(author), demo_password)
    journey.expect_text(t("My proposals"))
    main = page.locator("main")
    journey.follow(main.get_by_role("link", name=t("Write a proposal")), "new-proposal")
    journey.picture("member-write-proposal")
    main.get_by_label(t("Title")).fill(title)
    main.get_by_label(t("Language of the text")).select_option(journey.locale)
    main.get_by_label(t("Text of the proposal")).fill(BODIES[journey.locale])
    main.get_by_label(t("Theme")).select_option(label=THEME[journey.locale])
    journey.submit("draft-saved", t("Save"))
    journey.expect_text(t("Your draft is saved. Only you can read it for now."))
    journey.expect_text(title, within="h1")
    proposal_path = re.sub(r"^https?://[^/]+", "", page.url).split("#")[0]

    journey.submit("support-asked", t("Ask members for support"))
    journey.expect_text(t("Members can now read your draft and co-sign it."))

    # A colleague, on their own device, finds the draft among those asking for support.
    other = open_journey(person="cosigner")
    other.login(email(colleague), demo_password)
    other.follow(other.menu("Proposals"), "proposals")
    # They follow the theme (the city's questions on it reach them), at the foot of the list.
    themes = other.page.locator("main section.theme-follows")
    name = THEME[journey.locale]
    follow_theme = other.t("Follow the theme %(name)s", name=name)
    other.follow(themes.get_by_role("button", name=follow_theme, exact=True), "theme-followed")
    other.expect_text(
        other.t("You follow this theme: you will be told of the city’s questions on it.")
    )
    stop = other.t("Stop following the theme %(name)s", name=name)
    assert themes.get_by_role("button", name=stop, exact=True).count() == 1
    asking = other.page.locator("main section", has_text=other.t("Drafts asking for your support"))
    other.follow(asking.get_by_role("link", name=title), "draft-asking-support")
    other.submit("cosigned", other.t("Co-sign this proposal"))
    other.expect_text(other.t("Thank you: your co-signature is recorded."))
    council_data.cosign(live_server, int(proposal_path.rsplit("/", 1)[1]), THIRD_COSIGNER)

    journey.visit(proposal_path, "draft-supported")
    journey.expect_text(
        t(
            "Your draft has enough support. Once submitted, it is public and goes to the bureau "
            "for a meeting agenda."
        )  # fmt: skip
    )
    journey.submit("submitted", t("Submit the proposal"))
    journey.expect_text(t("Your proposal is submitted. Everyone can now read it."))
    timeline = "main section:has(#timeline-heading)"
    journey.expect_text(t("%(name)s started the draft.", name=author_name), within=timeline)
    journey.expect_text(t("Submitted by %(name)s.", name=author_name), within=timeline)
    journey.expect_text(journey.tn("%(num)d co-signature", "%(num)d co-signatures", 2))


def test_member_comments_gives_a_proxy_and_votes(journey, online_poll, demo_password):
    page, t = journey.page, journey.t
    author, _, _, colleague_name = PEOPLE[(journey.locale, journey.device)]
    journey.login(email(author), demo_password)
    main = page.locator("main")

    journey.follow(journey.menu("Questions from the city"), "referrals")
    journey.follow(journey.link_to(r"/referrals/\d+"), "referral")
    comment = {
        "fr": f"Le guide devrait exister aussi en version audio ({journey.device}).",
        "ar": f"يجب أن يكون الدليل متوفرًا بصيغة صوتية أيضًا ({journey.device}).",
    }[journey.locale]
    main.get_by_label(t("Your comment"), exact=True).fill(comment)
    journey.submit("commented", t("Publish the comment"))
    journey.expect_text(comment, within="#comments")

    journey.follow(journey.menu("Meetings"), "meetings")
    journey.follow(main.get_by_role("link", name=NEXT_TITLE), "next-meeting")
    journey.follow(main.get_by_role("link", name=t("Give a proxy to another member")), "proxy")
    journey.picture("member-give-proxy")
    main.get_by_label(t("Member who will vote for you")).select_option(label=colleague_name)
    journey.submit("proxy-check", t("Give my proxy"))
    journey.expect_text(t("Check and confirm your proxy"), within="h1")
    journey.submit("proxy-given", t("Give my proxy to %(name)s", name=colleague_name))
    journey.expect_text(t("Your proxy is recorded."))
    journey.expect_text(
        t(
            "You gave a proxy to %(name)s: they vote for you in this meeting, and you cannot "
            "vote yourself.",
            name=colleague_name,
        )
    )

    # Another meeting holds an online vote, open now.
    journey.visit(f"/meetings/{online_poll['meeting_id']}", "online-meeting")
    journey.follow(main.get_by_role("link", name=journey.tp("verb", "Vote"), exact=True), "poll")
    journey.picture("member-vote")
    journey.expect_text(council_data.ONLINE_QUESTION, within="h1")
    journey.submit("voted", t("For"))
    journey.expect_text(t("Your vote is recorded."))
    journey.expect_text(t(CURRENT_BALLOT, choice=t("For")))


# One voter per language × device in the open online poll, with JavaScript off.
VOTERS_WITHOUT_JS = {
    ("fr", "phone"): "sofia",
    ("fr", "desktop"): "tenzin",
    ("ar", "phone"): "mariam",
    ("ar", "desktop"): "aliou",
}


def test_member_votes_without_javascript(journey_without_js, online_poll, demo_password):
    journey = journey_without_js
    page, t = journey.page, journey.t
    journey.login(email(VOTERS_WITHOUT_JS[(journey.locale, journey.device)]), demo_password)
    journey.visit(f"/meetings/{online_poll['meeting_id']}", "online-meeting")
    main = page.locator("main")
    journey.follow(main.get_by_role("link", name=journey.tp("verb", "Vote"), exact=True), "poll")
    journey.submit("voted", t("Against"))
    journey.expect_text(t("Your vote is recorded."))
    journey.expect_text(t(CURRENT_BALLOT, choice=t("Against")))
