from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from flask_wtf import FlaskForm
from sqlalchemy import select

from council.comments.subjects import load_readable_subject
from council.errors import button_transaction, form_transaction
from council.extensions import csrf, db
from council.navigation import safe_next
from council.notifications import operations, theme_follows
from council.notifications.blueprint import bp
from council.notifications.forms import preferences_form
from council.notifications.kinds import KIND_LABELS
from council.notifications.models import Notification
from council.notifications.reach import kinds_reaching
from council.notifications.theme_follows import themes_for
from council.notifications.titles import read_titles
from council.notifications.unsubscribe import read_token
from council.permissions import anyone, is_authenticated, is_member, requires
from council.proposals.models import Theme

PAGE_SIZE = 100


@bp.route("/notifications")
@requires(is_authenticated)
def index():
    notifications = db.session.scalars(
        select(Notification)
        .where(Notification.user_id == current_user.id)
        .order_by(Notification.created_at.desc(), Notification.id.desc())
        .limit(PAGE_SIZE)
    ).all()
    read_titles(notifications)
    return render_template("notifications/index.html", notifications=notifications)


@bp.route("/notifications/<int:notification_id>/read", methods=["POST"])
@requires(is_authenticated)
def read(notification_id: int):
    notification = db.get_or_404(Notification, notification_id)
    if notification.user_id != current_user.id:
        abort(404)  # someone else's news: as if it did not exist
    link = notification.link  # read before the commit expires it
    if FlaskForm().validate_on_submit():
        with button_transaction():
            operations.mark_read(notification)
        if request.form.get("open"):
            return redirect(safe_next(link, "notifications.index"))
    return redirect(url_for("notifications.index"))


@bp.route("/notifications/read-all", methods=["POST"])
@requires(is_authenticated)
def read_all():
    if FlaskForm().validate_on_submit():
        with button_transaction(_("All notifications are marked as read.")):
            operations.mark_all_read(current_user)
    return redirect(url_for("notifications.index"))


@bp.route("/notifications/preferences", methods=["GET", "POST"])
@requires(is_authenticated)
def preferences():
    current = operations.preferences_of(current_user)
    kinds = kinds_reaching(current_user)
    form = preferences_form(current, kinds)
    if form.validate_on_submit():
        # The kinds not shown keep their choice (they apply again if the person's roles change).
        chosen = {**current, **{kind: getattr(form, kind.value).data for kind in kinds}}
        with form_transaction(form, None) as done:
            operations.set_preferences(current_user, chosen)
        if done:
            flash(_("Your choices are saved."), "success")
            return redirect(url_for("notifications.preferences"))
    return render_template(
        "notifications/preferences.html", form=form, theme_follows=themes_for(current_user)
    )


@bp.route("/follow/<kind>/<int:subject_id>", methods=["POST"])
@requires(is_authenticated)
def follow(kind: str, subject_id: int):
    subject, obj = load_readable_subject(kind, subject_id, current_user)
    back = subject.url_for_subject(obj)  # before the commit expires `obj`
    if FlaskForm().validate_on_submit():
        if request.form.get("stop"):
            change, done = operations.unfollow, _("You no longer follow this page.")
        else:
            change, done = (
                operations.follow,
                _("You follow this page: you will be told about its news."),
            )
        with button_transaction(done):
            change(current_user, kind, obj.id)
    return redirect(back)


def _labels_for(user, kinds) -> list:
    """The kinds named to this person: only those that can reach them (as on the settings)."""
    reaching = set(kinds_reaching(user))
    return [KIND_LABELS[kind] for kind in kinds if kind in reaching]


@bp.route("/themes/<int:theme_id>/follow", methods=["POST"])
@requires(is_member)
def follow_theme(theme_id: int):
    """Follow or stop following a theme (the city's questions on it); back to the page the
    button was on (the proposals or the notification settings)."""
    theme = db.get_or_404(Theme, theme_id)
    back = safe_next(request.form.get("next"), "notifications.preferences")
    if FlaskForm().validate_on_submit():
        if request.form.get("stop"):
            change, done = theme_follows.unfollow_theme, _("You no longer follow this theme.")
        else:
            change, done = (
                theme_follows.follow_theme,
                _("You follow this theme: you will be told of the city’s questions on it."),
            )
        with button_transaction(done):
            change(current_user, theme)
    return redirect(back, 303)


@bp.route("/notifications/unsubscribe/<token>", methods=["GET", "POST"])
@requires(anyone)
@csrf.exempt  # RFC 8058: mail programs send a one-click POST without any form token
def unsubscribe(token: str):
    """The link in every notification email: GET asks, POST (the button or the mail program's
    one-click) stops. Works signed out: the signed link is the proof."""
    found = read_token(token)
    if found is None:
        return render_template("notifications/unsubscribe.html", kinds=None, stopped=None), 404
    user, what = found
    if request.method == "POST":
        with button_transaction():
            stopped = operations.stop_emails(user, what)
        labels = _labels_for(user, stopped)
        return render_template("notifications/unsubscribe.html", kinds=labels, stopped=labels)
    labels = _labels_for(user, operations.kinds_to_stop(user, what))
    return render_template("notifications/unsubscribe.html", kinds=labels, stopped=None)
