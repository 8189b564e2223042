"""One rule for which language a user-written text is shown in, on every page and in the email
to a service (council/translations_content/choice.py): the reader's language when translated
into it, else French, else the original — labelled whenever it is not the page's language.
Official records (approved minutes, a transmitted recommendation) keep the French text they
were made with."""

import re
from datetime import timedelta

from flask_babel import force_locale
from sqlalchemy import select

from council import proceedings
from council.dates import council_today
from council.extensions import db
from council.mail.models import OutboxMessage
from council.meetings import operations as meetings
from council.minutes.queries import minutes_of
from council.notifications.kinds import notification_text
from council.notifications.models import NotificationKind
from council.notifications.operations import notify
from council.plain_text import isolate
from council.polls import operations as polls
from council.recommendations import operations as recommendations
from council.recommendations.models import Recommendation
from council.recommendations.reminders import send_reminders
from council.roles import Role
from tests.meeting_helpers import session_with
from tests.minutes_helpers import approve_and_publish, save_text
from tests.proposal_factories import a_submitted
from tests.recommendation_helpers import a_service, an_official
from tests.translation_helpers import ARABIC_BODY, ARABIC_TITLE, html, translate

FRENCH_TITLE = "Des interprètes dans les centres de santé"
FRENCH_BODY = "Nous proposons un service d'**interprétariat** dans chaque centre."
ARABIC_DEBATE = "ناقش المجلس الحاجة إلى مترجمين."
FRENCH_DEBATE = "Le conseil a parlé du besoin d'interprètes."
WRITTEN_IN_ARABIC = "Écrit en arabe, pas encore traduit en français."
TRANSLATED_BY_A_MEMBER = "Traduit par un membre du conseil (original en arabe)"


def debated_arabic_proposal(make_user):
    """A council in session with an Arabic proposal on its agenda (item titled as the proposal),
    translated into French by a member; the poll on it is open."""
    secretary, members, meeting = session_with(make_user, members=3)
    proposal = a_submitted(members[0], members[1:], title=ARABIC_TITLE, body=ARABIC_BODY,
                           language="ar")  # fmt: skip
    translator = make_user(Role.MEMBER, email="karim@example.org", name="Karim")
    translate("proposal", proposal, translator, "fr", title=FRENCH_TITLE, body=FRENCH_BODY)
    item = meetings.add_agenda_item(
        meeting, secretary, kind="proposal", title="", proposal_id=proposal.id
    )
    poll = polls.prepare_poll(item, secretary, question="Adopter la proposition ?",
                              majority="simple", secrecy="named", mode="in_meeting",
                              method="electronic")  # fmt: skip
    polls.open_poll(poll, secretary)
    db.session.commit()
    return {"secretary": secretary, "members": members, "meeting": meeting, "item": item,
            "proposal": proposal, "poll": poll, "translator": translator}  # fmt: skip


def adopted_and_closed(made):
    for voter in (made["secretary"], *made["members"]):
        polls.cast_ballot(made["poll"], voter, choice="for")
    proceedings.close_poll(made["poll"], made["secretary"])
    proceedings.close_meeting(made["meeting"], made["secretary"])
    db.session.commit()
    return db.session.scalar(
        select(Recommendation).where(Recommendation.proposal_id == made["proposal"].id)
    )


def heading_of_item(page: str, item_id: int) -> str:
    return re.search(rf'<h3 id="item-{item_id}">(.*?)</h3>', page, re.S).group(1)


# --- the agenda -----------------------------------------------------------------------------


def test_the_agenda_shows_the_french_translation_on_french_pages_and_arabic_on_arabic_ones(
    client, make_user
):
    made = debated_arabic_proposal(make_user)
    url = f"/meetings/{made['meeting'].id}"
    page = html(client.get(f"{url}?lang=fr"))
    agenda = page[page.index('id="agenda-heading"') :]
    assert f'<h3><bdi lang="fr" dir="ltr">{FRENCH_TITLE}</bdi></h3>' in agenda
    assert ARABIC_TITLE not in agenda
    assert TRANSLATED_BY_A_MEMBER in agenda
    link = f'href="/proposals/{made["proposal"].id}" lang="fr" dir="ltr">{FRENCH_TITLE}</a>'
    assert link in agenda
    page = html(client.get(f"{url}?lang=ar"))
    agenda = page[page.index('id="agenda-heading"') :]
    assert f'<h3><bdi lang="ar" dir="rtl">{ARABIC_TITLE}</bdi></h3>' in agenda
    assert FRENCH_TITLE not in agenda and "translation-label" not in agenda
    # Turkish: no Turkish translation, so the French one, saying it is not in Turkish.
    page = html(client.get(f"{url}?lang=tr"))
    agenda = page[page.index('id="agenda-heading"') :]
    assert f'<bdi lang="fr" dir="ltr">{FRENCH_TITLE}</bdi>' in agenda
    assert "Türkçe" in re.search(r'class="translation-label[^"]*"[^>]*>(.*?)</p>', agenda).group(1)


def test_an_item_titled_by_the_secretary_keeps_its_title(client, make_user):
    made = debated_arabic_proposal(make_user)
    item = meetings.add_agenda_item(
        made["meeting"], made["secretary"], kind="information", title="Mot du maire"
    )
    db.session.commit()
    page = html(client.get(f"/meetings/{made['meeting'].id}?lang=ar"))
    assert '<h3 dir="auto">Mot du maire</h3>' in page and item.id


# --- a recommendation: transmission form, email, response form, its page, the freeze ---------


def test_transmission_form_email_response_form_and_page_follow_the_rule_and_freeze(
    client, make_client, make_user
):
    made = debated_arabic_proposal(make_user)
    recommendation = adopted_and_closed(made)
    secretary = made["secretary"]
    client.login(secretary.email)
    url = f"/recommendations/{recommendation.id}/transmit"
    form = html(client.get(f"{url}?lang=fr"))
    assert f'lang="fr" dir="ltr">{FRENCH_TITLE}</a>' in form
    assert TRANSLATED_BY_A_MEMBER in form
    form = html(client.get(f"{url}?lang=ar"))
    assert f'lang="ar" dir="rtl">{ARABIC_TITLE}</a>' in form and FRENCH_TITLE not in form

    service = a_service()
    client.get("/?lang=fr")
    deadline = (council_today() + timedelta(days=30)).isoformat()
    response = client.submit(f"{url}?lang=fr", {"services": [service.id], "deadline": deadline})
    assert response.status_code == 302
    [mail] = db.session.scalars(
        select(OutboxMessage).where(OutboxMessage.recipient == service.contact_email)
    ).all()
    # The service reads French: the French translation, saying it is one; no Arabic.
    assert FRENCH_TITLE in mail.subject and FRENCH_TITLE in mail.body
    assert TRANSLATED_BY_A_MEMBER in mail.body
    assert ARABIC_TITLE not in mail.body
    assert isolate(service.name) in mail.body  # a name inside a sentence keeps its own order

    # A later edit of the French translation changes neither the transmitted text nor its
    # French page; the Arabic page still shows the original.
    translate("recommendation", recommendation, made["translator"], "fr",
              title="Un autre titre", body="Un autre texte.")  # fmt: skip
    page = html(client.get(f"/recommendations/{recommendation.id}?lang=fr"))
    assert f'<h1 lang="fr" dir="ltr" data-translated-from="ar">{FRENCH_TITLE}</h1>' in page
    assert "interprétariat" in page and "Un autre" not in page
    assert FRENCH_TITLE in db.session.get(OutboxMessage, mail.id).body
    page = html(client.get(f"/recommendations/{recommendation.id}?lang=ar"))
    assert f'<h1 lang="ar" dir="rtl">{ARABIC_TITLE}</h1>' in page

    # The official's response form, in French and in Arabic.
    official = an_official(make_user, service, "agent@ville.example")
    client = make_client()
    client.login(official.email)
    respond = f"/inbox/{recommendation.id}/services/{service.id}/respond"
    form = html(client.get(f"{respond}?lang=fr"))
    assert f'lang="fr" dir="ltr">{FRENCH_TITLE}</a>' in form
    form = html(client.get(f"{respond}?lang=ar"))
    assert f'lang="ar" dir="rtl">{ARABIC_TITLE}</a>' in form
    inbox = html(client.get("/inbox?lang=fr"))
    assert f'lang="fr" dir="ltr">{FRENCH_TITLE}</a>' in inbox


def test_without_a_french_translation_the_original_says_it_is_not_translated(client, make_user):
    secretary, members, meeting = session_with(make_user, members=3)
    proposal = a_submitted(members[0], members[1:], title=ARABIC_TITLE, body=ARABIC_BODY,
                           language="ar")  # fmt: skip
    page = html(client.get(f"/proposals/{proposal.id}?lang=fr"))
    assert f'<h1 lang="ar" dir="rtl">{ARABIC_TITLE}</h1>' in page
    note = re.search(r'<p class="translation-note"[^>]*>(.*?)</p>', page, re.S).group(1)
    assert WRITTEN_IN_ARABIC in note
    page = html(client.get(f"/proposals/{proposal.id}?lang=ar"))
    assert "translation-note" not in page and "translation-label" not in page


def test_the_email_to_a_service_without_french_says_the_text_is_in_arabic(make_user, app):
    made = debated_arabic_proposal(make_user)
    from council.translations_content.models import ContentTranslation

    db.session.execute(
        ContentTranslation.__table__.delete().where(ContentTranslation.locale == "fr")
    )
    db.session.commit()
    recommendation = adopted_and_closed(made)
    service = a_service()
    with app.test_request_context():
        recommendations.transmit_recommendation(recommendation, made["secretary"],
                                                services=[service])  # fmt: skip
    db.session.commit()
    [mail] = db.session.scalars(
        select(OutboxMessage).where(OutboxMessage.recipient == service.contact_email)
    ).all()
    assert ARABIC_TITLE in mail.body and WRITTEN_IN_ARABIC in mail.body
    assert db.session.get(Recommendation, recommendation.id).frozen_french == {}


# --- the minutes ----------------------------------------------------------------------------


def test_minutes_show_french_debates_and_titles_on_french_pages_and_freeze_them(
    app, client, make_user
):
    made = debated_arabic_proposal(make_user)
    adopted_and_closed(made)
    info = made["item"]
    minutes = minutes_of(made["meeting"])
    save_text(minutes, made["secretary"], narratives={info.id: (ARABIC_DEBATE, "ar")})
    url = f"/meetings/{made['meeting'].id}/minutes"
    client.login(made["secretary"].email)
    # No French version of the debate yet: the Arabic, labelled, on the French page.
    page = html(client.get(f"{url}?lang=fr"))
    assert f'lang="ar" dir="rtl"><p>{ARABIC_DEBATE}</p>' in page
    assert WRITTEN_IN_ARABIC in page
    narrative = minutes.narrative_for(info.id)
    translate("minutes_narrative", narrative, made["translator"], "fr", text=FRENCH_DEBATE)
    page = html(client.get(f"{url}?lang=fr"))
    assert f'lang="fr" dir="ltr" data-translated-from="ar"><p>{FRENCH_DEBATE}</p>' in page
    assert f'<bdi lang="fr" dir="ltr">{FRENCH_TITLE}</bdi>' in heading_of_item(page, info.id)

    approve_and_publish(app, minutes, made["secretary"])
    db.session.commit()
    # Edits after approval change nothing in the French minutes…
    translate("minutes_narrative", narrative, made["translator"], "fr", text="Autre résumé.")
    translate("proposal", made["proposal"], made["translator"], "fr", title="Autre titre")
    page = html(client.get(f"{url}?lang=fr"))
    assert FRENCH_DEBATE in page and "Autre résumé." not in page
    assert FRENCH_TITLE in heading_of_item(page, info.id) and "Autre titre" not in page
    # …the Arabic minutes show the Arabic original, and a Dari reader the frozen French.
    page = html(client.get(f"{url}?lang=ar"))
    assert f'lang="ar" dir="rtl"><p>{ARABIC_DEBATE}</p>' in page
    assert f'<bdi lang="ar" dir="rtl">{ARABIC_TITLE}</bdi>' in heading_of_item(page, info.id)
    page = html(client.get(f"{url}?lang=fa_AF"))
    assert FRENCH_DEBATE in page and "Autre résumé." not in page


def test_a_title_inside_a_sentence_is_isolated_and_escaped(client, make_user):
    made = debated_arabic_proposal(make_user)
    page = html(client.get(f"/meetings/{made['meeting'].id}?lang=ar"))
    decision = re.search(r'<p class="poll-decision">(.*?)</p>', page, re.S).group(1)
    assert f'<bdi lang="ar" dir="rtl">{ARABIC_TITLE}</bdi>' in decision
    page = html(client.get(f"/meetings/{made['meeting'].id}?lang=fr"))
    decision = re.search(r'<p class="poll-decision">(.*?)</p>', page, re.S).group(1)
    assert f'<bdi lang="fr" dir="ltr">{FRENCH_TITLE}</bdi>' in decision
    translate("proposal", made["proposal"], made["translator"], "fr", title='<b>Bancs</b> & "x"')
    page = html(client.get(f"/meetings/{made['meeting'].id}?lang=fr"))
    decision = re.search(r'<p class="poll-decision">(.*?)</p>', page, re.S).group(1)
    assert "&lt;b&gt;Bancs&lt;/b&gt; &amp;" in decision and "<b>" not in decision


def test_names_and_titles_inside_notification_sentences_are_isolated(make_user):
    """An Arabic title inside a French sentence, a French name inside an Arabic one: each
    between U+2068 and U+2069, so that neither reorders the words around it."""
    member = make_user(Role.MEMBER, email="lin@example.org", locale="fr")
    [note] = notify([member], NotificationKind.PROPOSAL_COSIGNED, ARABIC_TITLE, "/proposals/1",
                    actor="Jean-Pierre")  # fmt: skip
    with force_locale("fr"):
        sentence = notification_text(note)
    assert isolate("Jean-Pierre") in sentence
    assert f"\u2068{ARABIC_TITLE}\u2069" in sentence
    with force_locale("ar"):
        assert isolate("Jean-Pierre") in notification_text(note)


def test_the_markdown_minutes_follow_the_rule_with_a_plain_label(app, client, make_user):
    made = debated_arabic_proposal(make_user)
    adopted_and_closed(made)
    minutes = minutes_of(made["meeting"])
    save_text(minutes, made["secretary"], narratives={made["item"].id: (ARABIC_DEBATE, "ar")})
    approve_and_publish(app, minutes, made["secretary"])
    db.session.commit()
    url = f"/meetings/{made['meeting'].id}/minutes.md"
    text = client.get(f"{url}?lang=fr").get_data(as_text=True)
    assert f". {FRENCH_TITLE}" in text and ARABIC_DEBATE in text and WRITTEN_IN_ARABIC in text
    text = client.get(f"{url}?lang=ar").get_data(as_text=True)
    assert f". {ARABIC_TITLE}" in text and ARABIC_DEBATE in text and "[" not in text


def test_the_reminder_to_a_service_names_the_recommendation_in_french(app, make_user):
    made = debated_arabic_proposal(make_user)
    recommendation = adopted_and_closed(made)
    service = a_service()
    with app.test_request_context():
        recommendations.transmit_recommendation(recommendation, made["secretary"],
                                                services=[service])  # fmt: skip
    db.session.commit()
    send_reminders(recommendation.deadline)
    db.session.commit()
    reminder = db.session.scalars(
        select(OutboxMessage)
        .where(OutboxMessage.recipient == service.contact_email)
        .order_by(OutboxMessage.id.desc())
    ).first()
    assert FRENCH_TITLE in reminder.subject and FRENCH_TITLE in reminder.body
    assert ARABIC_TITLE not in reminder.body and TRANSLATED_BY_A_MEMBER in reminder.body


def test_a_notification_names_the_text_in_its_readers_language(client, make_user):
    made = debated_arabic_proposal(make_user)
    reader = make_user(Role.MEMBER, email="lin@example.org", locale="fr")
    link = f"/proposals/{made['proposal'].id}"
    [note] = notify([reader], NotificationKind.PROPOSAL_COSIGNED, ARABIC_TITLE, link, actor="Awa")
    db.session.commit()
    with force_locale("fr"):
        assert isolate(FRENCH_TITLE) in notification_text(note)
    with force_locale("ar"):
        assert isolate(ARABIC_TITLE) in notification_text(note)
    client.login(reader.email)
    page = html(client.get("/notifications?lang=fr"))
    assert isolate(FRENCH_TITLE) in page and ARABIC_TITLE not in page
    # A title that is not the text's (kept when the notification was made) is shown as kept.
    [other] = notify([reader], NotificationKind.PROPOSAL_COSIGNED, "Ancien", link, actor="Awa")
    with force_locale("fr"):
        assert isolate("Ancien") in notification_text(other)


def test_the_public_home_names_the_answered_recommendation_by_the_rule(app, client, make_user):
    made = debated_arabic_proposal(make_user)
    recommendation = adopted_and_closed(made)
    service = a_service()
    official = an_official(make_user, service, "agent@ville.example")
    with app.test_request_context():
        recommendations.transmit_recommendation(recommendation, made["secretary"],
                                                services=[service])  # fmt: skip
        recommendations.respond_to_recommendation(recommendation, official, service=service,
                                                  status="accepted", justification="")  # fmt: skip
    db.session.commit()
    home = html(client.get("/?lang=fr"))
    answers = home[home.index('id="answers-heading"') :]
    assert f'lang="fr" dir="ltr">{FRENCH_TITLE}</a>' in answers
    home = html(client.get("/?lang=ar"))
    answers = home[home.index('id="answers-heading"') :]
    assert f'lang="ar" dir="rtl">{ARABIC_TITLE}</a>' in answers
