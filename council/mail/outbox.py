"""Queueing mail: render in the recipient's language and add to the current transaction."""

from flask import current_app, g, render_template
from flask_babel import force_locale

from council.extensions import db
from council.i18n import normalise
from council.mail.models import OutboxMessage
from council.plain_text import header_safe


def queue_mail(
    recipient: str,
    template: str,
    locale: str | None,
    *,
    unsubscribe_url: str | None = None,
    **context,
) -> OutboxMessage:
    """Render `mail/<template>.txt` in `locale` and add it to the session (never commits).

    The first line of the rendered template is the subject; the rest is the body. Mail sent to
    a list (subscribers) gives `unsubscribe_url`: mail programs then offer a one-click button.
    """
    locale = normalise(locale) or current_app.config["BABEL_DEFAULT_LOCALE"]
    with force_locale(locale):
        rendered = render_template(f"mail/{template}.txt", **context)
    subject, _, body = rendered.strip().partition("\n")
    message = OutboxMessage(
        recipient=recipient,
        # A name or title may hold a line break from before one-line texts were checked.
        subject=header_safe(subject)[:300],
        body=body.strip() + "\n",
        locale=locale,
        unsubscribe_url=unsubscribe_url,
    )
    db.session.add(message)
    g.mail_queued = True
    return message
