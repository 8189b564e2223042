from flask import flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user
from flask_wtf import FlaskForm

from council.comments.blueprint import bp
from council.comments.forms import ReasonForm
from council.comments.models import Comment
from council.comments.moderation import (
    dismiss_reports,
    hide_comment,
    moderation_queue,
    open_reports,
)
from council.comments.subjects import subject_type
from council.errors import button_transaction
from council.extensions import db
from council.permissions import is_secretary, requires


def _subject_link(comment: Comment) -> tuple[str, str] | None:
    subject = subject_type(comment.subject_kind)
    obj = subject.loader(comment.subject_id) if subject else None
    if obj is None:
        return None
    return subject.url_for_subject(obj) + f"#{comment.anchor}", subject.title_of(obj)


@bp.route("/moderation/")
@requires(is_secretary)
def moderation_queue_page():
    items = [
        (comment, open_reports(comment), _subject_link(comment)) for comment in moderation_queue()
    ]
    return render_template("moderation/queue.html", items=items)


@bp.route("/moderation/<int:comment_id>/hide", methods=["POST"])
@requires(is_secretary)
def hide(comment_id: int):
    comment = db.get_or_404(Comment, comment_id)
    form = ReasonForm()
    if not form.validate_on_submit():
        flash(_("To hide a comment, give a reason (at most 500 characters)."), "error")
        return redirect(url_for("comments.moderation_queue_page"))
    with button_transaction(_("The comment is hidden.")):
        hide_comment(comment, current_user, form.reason.data)
    return redirect(url_for("comments.moderation_queue_page"))


@bp.route("/moderation/<int:comment_id>/dismiss", methods=["POST"])
@requires(is_secretary)
def dismiss(comment_id: int):
    comment = db.get_or_404(Comment, comment_id)
    if FlaskForm().validate_on_submit():
        with button_transaction(_("The reports are dismissed; the comment is shown.")):
            dismiss_reports(comment, current_user)
    return redirect(url_for("comments.moderation_queue_page"))
