"""Development convenience: deliver the outbox at the end of the request that filled it."""

from flask import Flask, g

from council.mail.delivery import deliver_pending


def init_app(app: Flask) -> None:
    if not app.config.get("MAIL_DELIVER_AFTER_REQUEST"):
        return

    @app.after_request
    def deliver_queued_mail(response):
        if g.pop("mail_queued", False):
            deliver_pending(limit=app.config["MAIL_DELIVER_AFTER_REQUEST_LIMIT"], patience=0)
        return response
