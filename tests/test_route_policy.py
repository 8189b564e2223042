"""Every route × every role against the declared policy. A new route must be added here.

The policy is about the route's own gate (the named predicate each view declares). Views may
refuse further with an object-level check (e.g. "not your proposal"): those 403s do not carry
the X-Denied-By header and count as "reached the route".
"""

import pytest

from config import TestingConfig
from council import create_app
from council.extensions import db
from council.roles import Role
from council.services import operations as services

ANONYMOUS = "anonymous"
ROLES = [ANONYMOUS, *[role.value for role in Role]]
EVERYONE = set(ROLES)
LOGGED_IN = EVERYONE - {ANONYMOUS}
STAFF = {"secretary", "admin"}

# endpoint -> who may pass its gate. Default deny: an endpoint missing here fails the test.
POLICY = {
    "static": EVERYONE,
    "main.index": EVERYONE,
    "main.healthz": EVERYONE,
    "main.accessibility": EVERYONE,
    "main.home": LOGGED_IN,
    "auth.login": EVERYONE,
    "auth.logout": EVERYONE,
    "auth.accept_invitation": EVERYONE,
    "auth.forgot_password": EVERYONE,
    "auth.reset_password": EVERYONE,
    "auth.account": LOGGED_IN,
    "auth.change_password": LOGGED_IN,
    "invitations.index": STAFF,
    "invitations.revoke": STAFF,
    "admin.users": {"admin"},
    "admin.edit_user": {"admin"},
    "services.index": EVERYONE,
    "services.show": EVERYONE,
    "services.create": {"admin"},
    "services.edit": {"admin"},
}


def sample_ids(make_user) -> dict[str, object]:
    """One existing object per URL argument name; domains add theirs here."""
    ids = {
        "user_id": make_user(Role.MEMBER, email="target@example.org").id,
        "service_id": services.create_service("Habitat", "h@ville.example").id,
        "invitation_id": 999_999,
        "token": "not-a-real-token",
        "filename": "css/council.css",
    }
    db.session.commit()
    return ids


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
    assert failures == []


def test_an_undeclared_route_is_denied(app):
    other = create_app(
        TestingConfig, {"SQLALCHEMY_DATABASE_URI": app.config["SQLALCHEMY_DATABASE_URI"]}
    )
    other.add_url_rule("/forgotten", "forgotten", lambda: "secret")
    assert other.test_client().get("/forgotten").status_code == 403
