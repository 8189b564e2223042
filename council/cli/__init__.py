"""Command-line tools: `flask users`, `flask services`, `flask mail`, `flask translate`,
`flask demo-data`, `flask notifications`."""

from flask import Flask


def register(app: Flask) -> None:
    from council.cli.demo import demo_data
    from council.cli.mail import mail_cli
    from council.cli.notifications import notifications_cli
    from council.cli.services import services_cli
    from council.cli.translate import translate_cli
    from council.cli.users import users_cli

    for command in (users_cli, services_cli, mail_cli, translate_cli, demo_data):
        app.cli.add_command(command)
    app.cli.add_command(notifications_cli)
