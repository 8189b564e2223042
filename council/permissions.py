"""Route permissions: every view declares a named predicate; undeclared routes are denied.

A predicate takes the current user (possibly anonymous) and answers True or False. Views that
also need an object-level check (e.g. "may edit *this* proposal") call a domain predicate after
loading the object; the route-level predicate is the first gate.
"""

from collections.abc import Callable

from flask import Flask, abort, current_app, g, redirect, request, url_for
from flask_login import current_user

from council.roles import Role

Predicate = Callable[[object], bool]
PUBLIC_ENDPOINTS = {"static"}


def requires(predicate: Predicate):
    """Declare who may reach a view. The check itself runs in `enforce_route_permission`."""

    def decorate(view):
        view.permission = predicate
        return view

    return decorate


def permission_of(app: Flask, endpoint: str) -> Predicate | None:
    if endpoint in PUBLIC_ENDPOINTS:
        return anyone
    view = app.view_functions.get(endpoint)
    return getattr(view, "permission", None)


def enforce_route_permission():
    if request.endpoint is None:  # 404/405 are answered by the router itself
        return None
    predicate = permission_of(current_app, request.endpoint)
    if predicate is None:
        current_app.logger.error("route %s declares no permission: denied", request.endpoint)
        abort(403)
    if predicate(current_user):
        return None
    if not current_user.is_authenticated:
        return redirect(url_for("auth.login", next=request.full_path.rstrip("?")))
    g.denied_by_route = True  # tells the route-policy test this 403 is the route's own gate
    abort(403)


def may(endpoint: str) -> bool:
    """For templates: may the current user reach `endpoint`? Asks the predicate its route
    declares, so a link is shown exactly to those who may follow it:
    `{% if may('meetings.schedule') %}<a href="…">…</a>{% endif %}`."""
    predicate = permission_of(current_app, endpoint)
    return bool(predicate is not None and predicate(current_user))


def init_app(app: Flask) -> None:
    app.before_request(enforce_route_permission)
    app.add_template_global(may)


# --- named predicates shared by several domains -------------------------------------------


def anyone(user) -> bool:
    return True


def is_authenticated(user) -> bool:
    return bool(user.is_authenticated)


def _has(role: Role):
    def predicate(user) -> bool:
        return bool(user.is_authenticated and user.has_role(role))

    predicate.__name__ = f"is_{role.value}"
    return predicate


is_member = _has(Role.MEMBER)
is_secretary = _has(Role.SECRETARY)
is_official = _has(Role.OFFICIAL)
is_admin = _has(Role.ADMIN)


def can_invite(user) -> bool:
    """Admins invite anyone; secretaries invite council members."""
    return is_admin(user) or is_secretary(user)


def require_object(allowed: bool) -> None:
    """Object-level gate inside a view: 403 when the domain predicate says no."""
    if not allowed:
        abort(403)
