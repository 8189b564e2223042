"""Small view helpers shared by the meetings and polls pages."""

from flask import flash, redirect

from council.errors import OperationError
from council.extensions import db


def perform(action, success_message, target: str):
    """Run one operation for a button: commit and say so, or roll back and say why."""
    try:
        action()
    except OperationError as error:
        db.session.rollback()
        flash(error.message, "error")
    else:
        db.session.commit()
        flash(success_message, "success")
    return redirect(target, 303)  # "see other": the browser GETs the page after a POST


def item_of(meeting, item_id: int):
    from flask import abort

    for item in meeting.items:
        if item.id == item_id:
            return item
    abort(404)
