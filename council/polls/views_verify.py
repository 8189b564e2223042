"""A closed poll's published record, for anyone to recount: the page and its JSON."""

import json

from flask import abort, current_app, render_template, url_for

from council.extensions import db
from council.meetings import labels
from council.permissions import anyone, requires
from council.polls import public_record
from council.polls.blueprint import bp
from council.polls.models import Poll


def _published_poll(poll_id: int) -> Poll:
    poll = db.get_or_404(Poll, poll_id)
    if not public_record.is_published(poll):
        abort(404)
    return poll


@bp.route("/polls/<int:poll_id>/verify")
@requires(anyone)
def verify(poll_id: int):
    poll = _published_poll(poll_id)
    record = public_record.poll_record(poll)
    return render_template(
        "polls/verify.html",
        poll=poll,
        result=poll.result,
        record=record,
        labels=labels,
        script_url=url_for("static", filename="verify_poll.py"),
    )


@bp.route("/polls/<int:poll_id>/record.json")
@requires(anyone)
def record_json(poll_id: int):
    record = public_record.poll_record(_published_poll(poll_id))
    body = json.dumps(record, ensure_ascii=False, indent=1, sort_keys=True)
    response = current_app.response_class(body + "\n", mimetype="application/json")
    response.headers["Content-Disposition"] = f'attachment; filename="poll-{poll_id}.json"'
    return response
