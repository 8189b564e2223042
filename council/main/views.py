from datetime import date

from flask import current_app, jsonify, render_template, request
from flask_login import current_user
from sqlalchemy import func, select

from council import health
from council.accounts.models import Invitation, User
from council.db_types import utcnow
from council.extensions import db
from council.main.activity import activity_of
from council.main.blueprint import bp
from council.main.public_home import public_home
from council.main.todo import official_inbox, secretary_tasks
from council.meetings.labels import CHOICES
from council.notifications.operations import latest_unread
from council.notifications.titles import read_titles
from council.permissions import anyone, is_authenticated, requires
from council.roles import Role
from council.services.models import Service
from council.version import __version__


@bp.route("/")
@requires(anyone)
def index():
    services = db.session.scalar(select(func.count()).select_from(Service))
    return render_template("main/index.html", service_count=services, **public_home())


@bp.route("/me")
@requires(is_authenticated)
def home():
    """Each role's starting page: what this person can do next."""
    pending_invitations = 0
    if current_user.has_role(Role.ADMIN) or current_user.has_role(Role.SECRETARY):
        query = select(func.count()).where(
            Invitation.accepted_at.is_(None),
            Invitation.revoked_at.is_(None),
            Invitation.expires_at > utcnow(),
        )
        if not current_user.has_role(Role.ADMIN):
            query = query.where(Invitation.invited_by_id == current_user.id)
        pending_invitations = db.session.scalar(query)
    member_count = db.session.scalar(
        select(func.count(User.id)).where(User.role_rows.any(role=Role.MEMBER))
    )
    return render_template(
        "main/home.html",
        pending_invitations=pending_invitations,
        member_count=member_count,
        news=read_titles(latest_unread(current_user)),
        tasks=secretary_tasks() if current_user.has_role(Role.SECRETARY) else ([], 0),
        inbox=official_inbox(current_user) if current_user.has_role(Role.OFFICIAL) else ([], 0),
    )


# Where to complain when a reported accessibility problem got no satisfying answer (RGAA).
# Links only: the statement page itself loads nothing from these sites.
RIGHTS_DEFENDER_FORM = "https://formulaire.defenseurdesdroits.fr/"
RIGHTS_DEFENDER_DELEGATES = "https://www.defenseurdesdroits.fr/saisir/delegues"


@bp.route("/accessibility")
@requires(anyone)
def accessibility():
    """The accessibility statement French public bodies must publish (RGAA 4.1 model)."""
    return render_template(
        "main/accessibility.html",
        contact_email=current_app.config["ACCESSIBILITY_CONTACT_EMAIL"],
        established_on=date.fromisoformat(current_app.config["ACCESSIBILITY_STATEMENT_DATE"]),
        complaint_form=RIGHTS_DEFENDER_FORM,
        delegates=RIGHTS_DEFENDER_DELEGATES,
    )


@bp.route("/healthz")
@requires(anyone)
def healthz():
    """200 when the database answers (for a load balancer); `?deep=1` also reports Redis and
    the mail queue, and answers 503 when anything needs attention (for monitoring)."""
    if request.args.get("deep"):
        report, healthy = health.deep()
        return jsonify(version=__version__, **report), 200 if healthy else 503
    if health.database() != "ok":
        return jsonify(status="error", database="unavailable", version=__version__), 503
    return jsonify(status="ok", database="ok", version=__version__)


@bp.route("/me/activity")
@requires(is_authenticated)
def activity():
    """My activity: what I wrote, signed, voted (named polls), gave and held, translated,
    and what I follow — each line linking to where it is."""
    return render_template(
        "main/activity.html",
        activity=activity_of(current_user),
        choices=CHOICES,
        me=current_user.id,
    )
