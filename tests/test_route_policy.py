"""Every route × every role against the declared policy. A new route must be added here."""

import pytest

from council.extensions import db
from council.roles import Role
from council.services import operations as services

ANONYMOUS = "anonymous"
ROLES = [ANONYMOUS, *[role.value for role in Role]]
EVERYONE = set(ROLES)
LOGGED_IN = EVERYONE - {ANONYMOUS}

# endpoint -> who may reach it. Default deny: an endpoint missing here fails the test.
POLICY = {
    "static": EVERYONE,
    "main.index": EVERYONE,
    "main.healthz": EVERYONE,
    "main.home": LOGGED_IN,
    "auth.login": EVERYONE,
    "auth.logout": EVERYONE,
    "auth.accept_invitation": EVERYONE,
    "auth.forgot_password": EVERYONE,
    "auth.reset_password": EVERYONE,
    "auth.account": LOGGED_IN,
    "auth.change_password": LOGGED_IN,
    "invitations.index": {"secretary", "admin"},
    "invitations.revoke": {"secretary", "admin"},
    "admin.users": {"admin"},
    "admin.edit_user": {"admin"},
    "services.index": EVERYONE,
    "services.show": EVERYONE,
    "services.create": {"admin"},
    "services.edit": {"admin"},
}


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


def sample_url(rule, ids) -> str:
    values = {argument: ids.get(argument, "sample") for argument in rule.arguments}
    if rule.endpoint == "static":
        values["filename"] = "css/council.css"
    return rule.rule if not values else _build(rule, values)


def _build(rule, values):
    path = rule.rule
    for name, value in values.items():
        path = path.replace(f"<int:{name}>", str(value)).replace(f"<{name}>", str(value))
        path = path.replace(f"<path:{name}>", str(value))
    return path


@pytest.mark.parametrize("role", ROLES)
def test_each_role_reaches_exactly_what_the_policy_allows(app, make_client, make_user, role):
    ids = {"user_id": make_user(Role.MEMBER, email="target@example.org").id}
    ids["service_id"] = services.create_service("Habitat", "h@ville.example").id
    ids["invitation_id"] = 999_999
    db.session.commit()
    client = make_client()
    if role != ANONYMOUS:
        make_user(Role(role), email=f"{role}@example.org")
        client.login(f"{role}@example.org")
    failures = []
    for rule in app.url_map.iter_rules():
        url = sample_url(rule, ids)
        allowed = role in POLICY[rule.endpoint]
        for method in sorted(rule.methods - {"HEAD", "OPTIONS"}):
            response = client.open(url, method=method)
            denied = response.status_code == 403 or (
                response.status_code == 302 and "/login?next=" in response.headers["Location"]
            )
            if allowed and denied:
                failures.append(f"{role} refused {method} {url} ({response.status_code})")
            if not allowed and not denied:
                failures.append(f"{role} reached {method} {url} ({response.status_code})")
            if response.status_code >= 500:
                failures.append(f"{role} got {response.status_code} on {method} {url}")
            if not allowed and role == ANONYMOUS and response.status_code != 302:
                failures.append(f"anonymous not sent to login on {method} {url}")
    assert failures == []


def test_an_undeclared_route_is_denied(app, make_client, make_user):
    from config import TestingConfig
    from council import create_app

    other = create_app(
        TestingConfig, {"SQLALCHEMY_DATABASE_URI": app.config["SQLALCHEMY_DATABASE_URI"]}
    )
    other.add_url_rule("/forgotten", "forgotten", lambda: "secret")
    assert other.test_client().get("/forgotten").status_code == 403
