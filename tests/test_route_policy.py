"""Every route × every role against the declared policy. A new route must be added here.

The policy is about the route's own gate (the named predicate each view declares). Views may
refuse further with an object-level check (e.g. "not your proposal"): those 403s do not carry
the X-Denied-By header and count as "reached the route".
"""

import pytest

from config import TestingConfig
from council import create_app
from council.extensions import db
from council.proposals.models import ProposalRevision, ProposalState
from council.roles import Role
from council.services import operations as services

ANONYMOUS = "anonymous"
ROLES = [ANONYMOUS, *[role.value for role in Role]]
EVERYONE = set(ROLES)
LOGGED_IN = EVERYONE - {ANONYMOUS}
STAFF = {"secretary", "admin"}
MEMBERS = {"member"}
COMMENTERS = {"member", "secretary", "official"}

# endpoint -> who may pass its gate. Default deny: an endpoint missing here fails the test.
POLICY = {
    "static": EVERYONE,
    "main.index": EVERYONE,
    "main.healthz": EVERYONE,
    "main.accessibility": EVERYONE,
    "help.index": EVERYONE,
    "help.show": EVERYONE,
    "help.screenshot": EVERYONE,
    "main.home": LOGGED_IN,
    "main.activity": LOGGED_IN,
    "main.menu": EVERYONE,
    "main.language": EVERYONE,
    "auth.login": EVERYONE,
    "auth.logout": EVERYONE,
    "auth.accept_invitation": EVERYONE,
    "auth.forgot_password": EVERYONE,
    "auth.reset_password": EVERYONE,
    "auth.account": LOGGED_IN,
    "auth.change_password": LOGGED_IN,
    "auth.second_factor": EVERYONE,
    "auth.request_sign_in_link": EVERYONE,
    "auth.sign_in_with_link": EVERYONE,
    "auth.two_factor_status": LOGGED_IN,
    "auth.two_factor_setup": LOGGED_IN,
    "auth.replace_recovery_codes": LOGGED_IN,
    "auth.disable_two_factor": LOGGED_IN,
    "admin.reset_two_factor": {"admin"},
    "security_events.index": {"admin"},
    "privacy.privacy": EVERYONE,
    "privacy.my_data": LOGGED_IN,
    "privacy.erase_mine": LOGGED_IN,
    "privacy.person_data": {"admin"},
    "privacy.erase_person": {"admin"},
    "invitations.index": STAFF,
    "invitations.revoke": STAFF,
    "admin.users": {"admin"},
    "admin.edit_user": {"admin"},
    "admin.mail": {"admin"},
    "admin.retry_mail": {"admin"},
    "admin.discard_mail": {"admin"},
    "services.index": EVERYONE,
    "services.show": EVERYONE,
    "services.create": {"admin"},
    "services.edit": {"admin"},
    "proposals.index": EVERYONE,
    "proposals.show": EVERYONE,
    "proposals.revisions": EVERYONE,
    "proposals.revision": EVERYONE,
    "proposals.create": MEMBERS,
    "proposals.edit": MEMBERS,
    "proposals.open_for_support": MEMBERS,
    "proposals.submit": MEMBERS,
    "proposals.cosign": MEMBERS,
    "proposals.uncosign": MEMBERS,
    "proposals.withdraw": MEMBERS,
    "proposals.coauthors": MEMBERS,
    "proposals.answer_coauthorship": MEMBERS,
    "themes.index": {"admin"},
    "themes.create": {"admin"},
    "themes.edit": {"admin"},
    "themes.delete": {"admin"},
    "referrals.index": EVERYONE,
    "referrals.show": EVERYONE,
    "referrals.create": {"official", "admin"},
    "referrals.close": {"secretary", "official", "admin"},
    "referrals.answer": {"secretary", "official", "admin"},
    "comments.new": COMMENTERS,
    "comments.reply": COMMENTERS,
    "comments.edit": COMMENTERS,
    "comments.delete": COMMENTERS,
    "comments.history": EVERYONE,
    "comments.report": LOGGED_IN,
    "comments.moderation_queue_page": {"secretary"},
    "comments.hide": {"secretary"},
    "comments.dismiss": {"secretary"},
    "notifications.unsubscribe": EVERYONE,
    "notifications.follow_by_email": EVERYONE,
    "notifications.confirm_follow": EVERYONE,
    "notifications.stop_following": EVERYONE,
    "notifications.index": LOGGED_IN,
    "notifications.read": LOGGED_IN,
    "notifications.read_all": LOGGED_IN,
    "notifications.preferences": LOGGED_IN,
    "notifications.follow": LOGGED_IN,
    "notifications.follow_theme": MEMBERS,
    "meetings.index": EVERYONE,
    "meetings.show": EVERYONE,
    "meetings.calendar_feed": EVERYONE,
    "meetings.meeting_calendar": EVERYONE,
    "meetings.screen": EVERYONE,
    "meetings.schedule": {"secretary"},
    "meetings.manage": {"secretary"},
    "meetings.edit": {"secretary"},
    "meetings.publish": {"secretary"},
    "meetings.add_item": {"secretary"},
    "meetings.move_item": {"secretary"},
    "meetings.remove_item": {"secretary"},
    "meetings.show_item": {"secretary"},
    "meetings.start": {"secretary"},
    "meetings.close": {"secretary"},
    "meetings.cancel": {"secretary"},
    "meetings.attendance": {"secretary"},
    "meetings.proxies": {"secretary"},
    "meetings.revoke_proxy": {"member", "secretary"},
    "meetings.rsvp": {"member"},
    "meetings.give_proxy": {"member"},
    "polls.show": EVERYONE,
    "polls.receipts": EVERYONE,
    "polls.verify": EVERYONE,
    "polls.record_json": EVERYONE,
    "polls.vote": {"member"},
    "polls.prepare": {"secretary"},
    "polls.change_rule": {"secretary"},
    "polls.open_": {"secretary"},
    "polls.close": {"secretary"},
    "polls.cancel": {"secretary"},
    "polls.tally": {"secretary"},
    "translations_content.queue": COMMENTERS,
    "translations_content.overview": COMMENTERS,
    "translations_content.translate": COMMENTERS,
    "translations_content.review": COMMENTERS,
    "translations_content.settings": LOGGED_IN,
    # The API's gate is open: writes are authorised by a service's bearer token (401 JSON).
    "api.index": EVERYONE,
    "api.openapi": EVERYONE,
    "api.me": EVERYONE,
    "api.services": EVERYONE,
    "api.service": EVERYONE,
    "api.meetings": EVERYONE,
    "api.meeting": EVERYONE,
    "api.proposals": EVERYONE,
    "api.proposal": EVERYONE,
    "api.recommendations": EVERYONE,
    "api.recommendation": EVERYONE,
    "api.responses": EVERYONE,
    "api.post_response": EVERYONE,
    "api.post_follow_up": EVERYONE,
    "api.service_webhooks": EVERYONE,
    "api.register_webhook": EVERYONE,
    "api.service_webhook": EVERYONE,
    "api.disable_webhook": EVERYONE,
    "api.ping_webhook": EVERYONE,
    "integrations.index": {"admin"},
    "integrations.tokens": {"admin"},
    "integrations.revoke_token": {"admin"},
    "integrations.webhooks_page": {"admin"},
    "integrations.ping_webhook": {"admin"},
    "integrations.disable_webhook": {"admin"},
    "recommendations.index": EVERYONE,
    "recommendations.show": EVERYONE,
    "recommendations.dashboard": EVERYONE,
    "recommendations.feed": EVERYONE,
    "recommendations.export_csv": EVERYONE,
    "recommendations.export_json": EVERYONE,
    "recommendations.transmit": {"secretary"},
    "recommendations.inbox": {"official"},
    "recommendations.respond": {"official"},
    "recommendations.follow_up": {"official"},
    "attachments.download": EVERYONE,
    "attachments.preview": EVERYONE,
    "attachments.new": COMMENTERS,
    "attachments.remove": COMMENTERS,
    "minutes.show": EVERYONE,
    "minutes.markdown": EVERYONE,
    "minutes.pdf": EVERYONE,
    "minutes.feed": EVERYONE,
    "minutes.edit": {"secretary"},
    "minutes.link_approval": {"secretary"},
    "minutes.approve": {"secretary"},
    "minutes.publish": {"secretary"},
    "minutes.add_erratum": {"secretary"},
    "minutes.revisions": {"member", "secretary"},
    "minutes.revision": {"member", "secretary"},
    "minutes.subscribe": EVERYONE,
    "minutes.confirm_subscription": EVERYONE,
    "minutes.unsubscribe": EVERYONE,
    "minutes.search": EVERYONE,
    "minutes.report": EVERYONE,
    "minutes.report_pdf": EVERYONE,
}


def sample_ids(make_user) -> dict[str, object]:
    """One existing object per URL argument name; domains add theirs here."""
    author = make_user(Role.MEMBER, email="target@example.org")
    service = services.create_service("Habitat", "h@ville.example")
    referral = sample_referral(service)
    ids = {
        "user_id": author.id,
        "service_id": service.id,
        "invitation_id": 999_999,
        "token": "not-a-real-token",
        "attachment_token": "not-a-real-token",
        "filename": "css/council.css",
        "referral_id": referral.id,
        "kind": "referral",
        "subject_id": referral.id,
        "comment_id": sample_comment(referral, author).id,
        "notification_id": 999_999,
        "message_id": 999_999,
        "locale": "en",
        "role": "member",
        "key": "not-a-real-key",
        "year": 2026,
        **meeting_samples(make_user),
        **integration_samples(service),
    }
    ids.update(_proposal_samples(ids["user_id"]))
    ids.update(recommendation_samples(ids, service))
    db.session.commit()
    return ids


def _proposal_samples(author_id) -> dict[str, object]:
    """A submitted proposal with one revision (its route samples), written by `target`."""
    from council.accounts.models import User
    from council.proposals import operations as proposals
    from council.proposals.themes import create_theme

    author = db.session.get(User, author_id)
    theme = create_theme("Logement")
    proposal = proposals.create_proposal(author, "Des logements", "Texte", theme, "fr")
    proposal.submitted_at = proposal.support_opened_at = proposal.created_at
    proposal.state = ProposalState.SUBMITTED
    db.session.add(
        ProposalRevision(proposal_id=proposal.id, number=1, title="T", body="B", editor_id=None)
    )
    db.session.flush()
    return {"proposal_id": proposal.id, "number": 1, "theme_id": theme.id}


def sample_referral(service):
    from datetime import date

    from council.referrals.models import Referral

    referral = Referral(
        question="Sample question", service_id=service.id, language="fr",
        wished_answer_date=date(2030, 1, 1),
    )  # fmt: skip
    db.session.add(referral)
    db.session.flush()
    return referral


def sample_comment(referral, author):
    from council.comments.models import Comment

    comment = Comment(
        subject_kind="referral", subject_id=referral.id, author_id=author.id, body="Sample"
    )
    db.session.add(comment)
    db.session.flush()
    return comment


def integration_samples(service) -> dict[str, int]:
    from council.api.operations import issue_api_token
    from council.webhooks.models import WebhookEndpoint

    token, _value = issue_api_token(service, "Sample system", by=None)
    endpoint = WebhookEndpoint(service_id=service.id, url="https://192.0.2.1/hook", secret="s")
    db.session.add(endpoint)
    db.session.flush()
    return {"token_id": token.id, "endpoint_id": endpoint.id, "webhook_id": endpoint.id}


def meeting_samples(make_user) -> dict[str, int]:
    from tests.meeting_helpers import sample_meeting

    return sample_meeting(make_user)


def recommendation_samples(ids, service) -> dict[str, int]:
    from tests.recommendation_helpers import sample_recommendation

    return sample_recommendation(ids, service)


def build_url(rule, ids) -> str:
    missing = set(rule.arguments) - ids.keys()
    assert not missing, f"add a sample for {missing} in sample_ids()"
    return rule.build({name: ids[name] for name in rule.arguments}, append_unknown=False)[1]


def test_every_route_is_in_the_policy(app):
    endpoints = {rule.endpoint for rule in app.url_map.iter_rules()}
    assert endpoints - POLICY.keys() == set(), "routes without a declared policy"
    assert POLICY.keys() - endpoints == set(), "policy names routes that do not exist"


def test_every_view_declares_a_permission(app):
    missing = [
        name
        for name, view in app.view_functions.items()
        if name != "static" and not hasattr(view, "permission")
    ]
    assert missing == []


def gate_refused(response) -> bool:
    if response.status_code == 302:
        return "/login?next=" in response.headers["Location"]
    return response.status_code == 403 and response.headers.get("X-Denied-By") == "route"


@pytest.mark.parametrize("role", ROLES)
def test_each_role_reaches_exactly_what_the_policy_allows(app, make_client, make_user, role):
    ids = sample_ids(make_user)
    client = make_client()
    if role != ANONYMOUS:
        make_user(Role(role), email=f"{role}@example.org")
        client.login(f"{role}@example.org")
    failures = []
    for rule in app.url_map.iter_rules():
        url = build_url(rule, ids)
        allowed = role in POLICY[rule.endpoint]
        for method in sorted(rule.methods - {"HEAD", "OPTIONS"}):
            response = client.open(url, method=method)
            refused = gate_refused(response)
            if allowed and refused:
                failures.append(f"{role} refused {method} {url} ({response.status_code})")
            if not allowed and not refused:
                failures.append(f"{role} reached {method} {url} ({response.status_code})")
            if response.status_code >= 500:
                failures.append(f"{role} got {response.status_code} on {method} {url}")
            # Every answer to a logged-in person may show their data: never cached.
            cache = response.headers.get("Cache-Control", "")
            if role != ANONYMOUS and rule.endpoint != "static" and "no-store" not in cache:
                failures.append(f"{role} may cache {method} {url} ({cache!r})")
    assert failures == []


def test_an_undeclared_route_is_denied(app):
    other = create_app(
        TestingConfig, {"SQLALCHEMY_DATABASE_URI": app.config["SQLALCHEMY_DATABASE_URI"]}
    )
    other.add_url_rule("/forgotten", "forgotten", lambda: "secret")
    assert other.test_client().get("/forgotten").status_code == 403
