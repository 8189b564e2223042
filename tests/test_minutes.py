"""Minutes drafted at close from the record; the secretary writes them with revisions and
optimistic locking; members read drafts, the public only published minutes."""

import re

from sqlalchemy import func, select

from council.extensions import db
from council.minutes.models import Minutes, MinutesRevision, MinutesState
from council.roles import Role
from tests.minutes_helpers import closed_meeting, save_text


def text_of(response) -> str:
    return response.get_data(as_text=True)


def edit_form(minutes, **changes) -> dict:
    data = {
        "seen_version": str(minutes.version),
        "chair": minutes.chair,
        "easy_read": minutes.easy_read,
        "easy_read_language": minutes.easy_read_language,
        "summary": minutes.summary,
        "summary_language": minutes.summary_language,
    }
    for narrative in minutes.narratives:
        data[f"item_{narrative.item_id}"] = narrative.text
        data[f"item_{narrative.item_id}_language"] = narrative.language
    data.update(changes)
    return data


def test_closing_a_meeting_drafts_its_minutes_from_the_record(client, make_user):
    made = closed_meeting(make_user)
    minutes, meeting = made["minutes"], made["meeting"]
    assert minutes.state is MinutesState.DRAFT and minutes.record is None
    assert minutes.chair == "Claire"  # who opened the session
    assert {n.item_id for n in minutes.narratives} == {item.id for item in meeting.items}
    assert all(n.text == "" and n.language == "fr" for n in minutes.narratives)

    client.login("m1@example.org")  # a member reads the draft, marked as such
    page = text_of(client.get(f"/meetings/{meeting.id}/minutes"))
    assert "Draft" in page and "not approved yet" in page
    for name in ("Claire", "Member 0", "Member 1"):
        assert f"<bdi>{name}</bdi>" in page
    present = page.index("Present (3)")
    assert present < page.index("Excused (1)") < page.index("Member 2") < page.index("Absent (1)")
    assert re.search(r"Member 0</bdi> — arrived at \d", page)
    assert "Member 3</bdi> gave a proxy to <bdi>Member 1" in page
    assert "3 members present of 5 in office; the quorum is 3." in page
    assert page.index("1. <span") < page.index("Word from the mayor") < page.index("2. <span")
    assert page.count("Summary of the debate") == 2 and "No summary written yet." in page
    poll = made["poll"]
    # Isolated: the question mark of a French question stays at its end in an Arabic page.
    assert f"<caption>Result of the vote: <bdi>{poll.question}</bdi></caption>" in page
    assert '<th scope="row">For</th><td>3</td>' in page
    assert '<th scope="row">Against</th><td>1</td>' in page
    assert "Adopted" in page and poll.result.audit_head in page
    assert '<th scope="col">Choice</th>' in page


def test_the_draft_follows_the_record_until_approval(client, make_user):
    made = closed_meeting(make_user)
    meeting = made["meeting"]
    client.login("m1@example.org")
    assert "Word from the mayor" in text_of(client.get(f"/meetings/{meeting.id}/minutes"))
    made["info_item"].title = "Word from the deputy mayor"  # the record is corrected
    db.session.commit()
    assert "Word from the deputy mayor" in text_of(client.get(f"/meetings/{meeting.id}/minutes"))


def test_closing_twice_or_drafting_again_keeps_one_draft(make_user):
    from council.minutes.operations import draft_minutes

    made = closed_meeting(make_user)
    assert draft_minutes(made["meeting"], made["secretary"]) is made["minutes"]
    assert db.session.scalar(select(func.count()).select_from(Minutes)) == 1


def test_the_public_sees_no_draft_and_unknown_meetings_are_404(client, make_client, make_user):
    made = closed_meeting(make_user)
    meeting_id = made["meeting"].id
    for path in ("", ".pdf", ".md", "/revisions"):
        response = client.get(f"/meetings/{meeting_id}/minutes{path}")
        assert response.status_code in (404, 302), path  # revisions: log in first
    official = make_user(Role.OFFICIAL, email="official@example.org")
    other = make_client()
    other.login(official.email)
    assert other.get(f"/meetings/{meeting_id}/minutes").status_code == 404
    secretary = make_client()
    secretary.login("secretary@example.org")
    for path in (
        "/meetings/424242/minutes",
        "/meetings/424242/minutes.pdf",
        "/meetings/424242/minutes/edit",
        "/meetings/424242/minutes/revisions",
    ):
        assert secretary.get(path).status_code == 404, path  # fmt: skip
    token = secretary.csrf_token(f"/meetings/{meeting_id}/minutes/edit")
    forged = secretary.post("/meetings/424242/minutes/publish", data={"csrf_token": token})
    assert forged.status_code == 404


def test_a_meeting_not_closed_has_no_minutes(client, make_user):
    from tests.meeting_helpers import new_meeting

    secretary = make_user(Role.SECRETARY, Role.MEMBER, email="secretary@example.org")
    meeting = new_meeting(secretary)
    db.session.commit()
    client.login(secretary.email)
    assert client.get(f"/meetings/{meeting.id}/minutes").status_code == 404
    assert client.get(f"/meetings/{meeting.id}/minutes/edit").status_code == 404


def test_meeting_page_links_to_the_minutes(client, make_user):
    made = closed_meeting(make_user)
    meeting_id = made["meeting"].id
    assert "Read the minutes" not in text_of(client.get(f"/meetings/{meeting_id}"))
    client.login("secretary@example.org")
    page = text_of(client.get(f"/meetings/{meeting_id}"))
    assert f'href="/meetings/{meeting_id}/minutes"' in page and "Write the minutes" in page


def test_secretary_writes_narratives_in_markdown_sanitised(client, make_user):
    made = closed_meeting(make_user)
    minutes, info = made["minutes"], made["info_item"]
    client.login("secretary@example.org")
    url = f"/meetings/{made['meeting'].id}/minutes/edit"
    response = client.submit(
        url,
        edit_form(
            minutes,
            summary="The council **met**. <script>alert('x')</script> [evil](javascript:alert(1))",
            easy_read="We talked about houses.",
            **{f"item_{info.id}": "Le maire a parlé <img src=x onerror=alert(1)>.",
               f"item_{info.id}_language": "fr"},
        ),
    )  # fmt: skip
    assert response.status_code == 303
    page = text_of(client.get(url, follow_redirects=True))
    assert "The minutes are saved." in page
    shown = text_of(client.get(f"/meetings/{made['meeting'].id}/minutes"))
    assert "<strong>met</strong>" in shown
    assert "<script>" not in shown and 'href="javascript' not in shown and "<img" not in shown
    assert "&lt;script&gt;" in shown and "&lt;img src=x" in shown  # shown as text, harmless
    assert shown.index("Easy-read summary") < shown.index("General summary")
    db.session.refresh(minutes)
    assert minutes.version == 2
    [revision] = db.session.scalars(select(MinutesRevision)).all()
    assert revision.number == 1 and revision.author_id == made["secretary"].id


def test_each_save_is_a_revision_with_an_escaped_diff(client, make_client, make_user):
    made = closed_meeting(make_user)
    minutes, secretary, info = made["minutes"], made["secretary"], made["info_item"]
    save_text(minutes, secretary, summary="First line\nSecond line")
    save_text(minutes, secretary, summary="First line\n<b>Changed</b> line")
    assert save_text(minutes, secretary, summary="First line\n<b>Changed</b> line") is None
    save_text(minutes, secretary, narratives={info.id: ("مرحبا بالجميع", "ar")})
    member = make_client()
    member.login("m2@example.org")
    base = f"/meetings/{made['meeting'].id}/minutes/revisions"
    listing = text_of(member.get(base))
    assert listing.count("saved by <bdi>Claire</bdi>") == 3
    diff = text_of(member.get(f"{base}/2"))
    assert "Changes since version 1" in diff
    assert "Second line</del>" in diff and "&lt;b&gt;Changed&lt;/b&gt; line</ins>" in diff
    assert "<b>Changed</b>" not in diff
    arabic = text_of(member.get(f"{base}/3"))
    assert 'lang="ar" dir="rtl"' in arabic and "مرحبا بالجميع" in arabic
    assert "Word from the mayor" in arabic
    assert member.get(f"{base}/9").status_code == 404


def test_two_secretaries_editing_at_once_do_not_overwrite_each_other(make_client, make_user):
    made = closed_meeting(make_user)
    make_user(Role.SECRETARY, Role.MEMBER, email="samir@example.org", name="Samir")
    url = f"/meetings/{made['meeting'].id}/minutes/edit"
    first, second = make_client(), make_client()
    first.login("secretary@example.org")
    second.login("samir@example.org")
    form = edit_form(made["minutes"])  # both open the form at version 1
    token_first, token_second = first.csrf_token(url), second.csrf_token(url)
    saved = first.post(url, data={**form, "csrf_token": token_first, "summary": "Claire's text"})
    assert saved.status_code == 303
    refused = second.post(url, data={**form, "csrf_token": token_second, "summary": "Samir's text"})
    page = text_of(refused)
    assert refused.status_code == 200
    assert "Someone else saved these minutes while you were editing them" in page
    assert "Samir&#39;s text" in page  # their text comes back in the form
    db.session.expire_all()
    minutes = db.session.get(Minutes, made["minutes"].id)
    assert minutes.summary == "Claire's text" and minutes.version == 2
    # Having compared, Samir saves again on purpose: the form now carries version 2.
    assert 'name="seen_version" type="hidden" value="2"' in page
    again = second.post(url, data={**form, "csrf_token": token_second, "seen_version": "2",
                                   "summary": "Samir's text"})  # fmt: skip
    assert again.status_code == 303
    db.session.expire_all()
    assert db.session.get(Minutes, minutes.id).summary == "Samir's text"
    assert db.session.scalar(select(func.count()).select_from(MinutesRevision)) == 2


def test_bad_input_in_the_form_changes_nothing(client, make_user):
    made = closed_meeting(make_user)
    minutes = made["minutes"]
    client.login("secretary@example.org")
    url = f"/meetings/{made['meeting'].id}/minutes/edit"
    cases = [
        ({"summary": "x" * 10_001}, "Use at most 10000 characters."),
        ({"summary_language": "xx"}, "Choose an option from the list."),
        ({"chair": "Bad\x01name"}, "control characters"),
        ({"seen_version": "not-a-number"}, "Someone else saved these minutes"),
        ({"seen_version": "99"}, "Someone else saved these minutes"),
    ]
    for changes, message in cases:
        response = client.submit(url, edit_form(minutes, **changes))
        assert response.status_code == 200, changes
        assert message in text_of(response), changes
    db.session.expire_all()
    assert db.session.get(Minutes, minutes.id).version == 1
    assert db.session.scalar(select(func.count()).select_from(MinutesRevision)) == 0


def test_members_cannot_write_minutes(make_client, make_user):
    made = closed_meeting(make_user)
    member = make_client()
    member.login("m1@example.org")
    url = f"/meetings/{made['meeting'].id}/minutes/edit"
    assert member.get(url).status_code == 403
    assert member.post(url, data=edit_form(made["minutes"], summary="hijack")).status_code == 403
    db.session.expire_all()
    assert db.session.get(Minutes, made["minutes"].id).summary == ""
