from flask import flash, redirect, render_template
from flask_babel import get_locale
from flask_babel import gettext as _
from flask_login import current_user
from flask_wtf import FlaskForm

from council.comments import operations, thread
from council.comments.blueprint import bp
from council.comments.forms import EditCommentForm, ReasonForm, comment_form
from council.comments.models import Comment
from council.comments.moderation import has_reported, report_comment
from council.comments.permissions import can_change_comment, can_write_comments
from council.comments.subjects import load_readable_subject
from council.errors import button_transaction, form_transaction
from council.extensions import db
from council.permissions import anyone, is_authenticated, require_object, requires


def _load(comment_id: int):
    """The comment with its subject; 404 when either is missing or unreadable."""
    comment = db.get_or_404(Comment, comment_id)
    subject, obj = load_readable_subject(comment.subject_kind, comment.subject_id, current_user)
    return comment, subject, obj


def _back_to(subject, obj, comment: Comment | None = None):
    """The subject's page that shows this comment (its thread may be several pages long)."""
    anchor = f"#{comment.anchor}" if comment else "#comments"
    args = thread.page_args(comment) if comment else {}
    query = f"?comments_before={args['comments_before']}" if args else ""
    return redirect(subject.url_for_subject(obj) + query + anchor)


def _write(subject, obj, reply_to: Comment | None):
    form = comment_form(current_user, str(get_locale()))
    if form.validate_on_submit():
        with form_transaction(form, "body") as done:
            comment = operations.post_comment(
                obj,
                current_user,
                subject=subject,
                body=form.body.data,
                language=form.language.data,
                as_service_id=form.as_service.data,
                reply_to=reply_to,
            )
        if done:
            flash(_("Your comment is published."), "success")
            return _back_to(subject, obj, comment)
    return render_template(
        "comments/write.html", form=form, subject=subject, obj=obj, reply_to=reply_to
    )


@bp.route("/comments/<kind>/<int:subject_id>", methods=["GET", "POST"])
@requires(can_write_comments)
def new(kind: str, subject_id: int):
    subject, obj = load_readable_subject(kind, subject_id, current_user)
    return _write(subject, obj, None)


@bp.route("/comments/<int:comment_id>/reply", methods=["GET", "POST"])
@requires(can_write_comments)
def reply(comment_id: int):
    comment, subject, obj = _load(comment_id)
    return _write(subject, obj, comment)


@bp.route("/comments/<int:comment_id>/edit", methods=["GET", "POST"])
@requires(can_write_comments)
def edit(comment_id: int):
    comment, subject, obj = _load(comment_id)
    require_object(can_change_comment(current_user, comment))
    form = EditCommentForm(obj=comment)
    if form.validate_on_submit():
        with form_transaction(form, "body") as done:
            operations.edit_comment(
                comment, current_user, body=form.body.data, subject=subject, obj=obj
            )
        if done:
            flash(_("Your comment is saved."), "success")
            return _back_to(subject, obj, comment)
    return render_template(
        "comments/edit.html", form=form, comment=comment, obj=obj, subject=subject
    )


@bp.route("/comments/<int:comment_id>/delete", methods=["GET", "POST"])
@requires(can_write_comments)
def delete(comment_id: int):
    comment, subject, obj = _load(comment_id)
    require_object(can_change_comment(current_user, comment))
    if FlaskForm().validate_on_submit():
        with button_transaction(_("Your comment is deleted.")):
            operations.delete_comment(comment, current_user)
        return _back_to(subject, obj, comment)
    return render_template("comments/delete.html", comment=comment, obj=obj, subject=subject)


@bp.route("/comments/<int:comment_id>/history")
@requires(anyone)
def history(comment_id: int):
    comment, subject, obj = _load(comment_id)
    return render_template("comments/history.html", comment=comment, obj=obj, subject=subject)


@bp.route("/comments/<int:comment_id>/report", methods=["GET", "POST"])
@requires(is_authenticated)
def report(comment_id: int):
    comment, subject, obj = _load(comment_id)
    form = ReasonForm()
    if form.validate_on_submit():
        with form_transaction(form, "reason") as done:
            report_comment(comment, current_user, form.reason.data)
        if done:
            flash(_("Thank you. The secretaries will review this comment."), "success")
            return _back_to(subject, obj, comment)
    already = has_reported(comment, current_user)
    return render_template(
        "comments/report.html", form=form, comment=comment, obj=obj, subject=subject,
        already=already,
    )  # fmt: skip
