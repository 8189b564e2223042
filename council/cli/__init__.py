"""Command-line tools: `flask users`, `flask services`, `flask mail`, `flask translate`,
`flask demo-data`, `flask notifications`, `flask meetings`, `flask polls`, `flask audit`,
`flask recommendations`, `flask webhooks`, `flask search`, `flask security`,
`flask retention`, `flask backup`, `flask attachments`."""

from flask import Flask


def register(app: Flask) -> None:
    # Imported here: the commands import most of the project, which `import council.cli`
    # (the package of every command module) should not.
    from council.attachments.cli import attachments_cli
    from council.cli.backup import backup_cli
    from council.cli.demo import demo_data
    from council.cli.mail import mail_cli
    from council.cli.notifications import notifications_cli
    from council.cli.retention import retention_cli
    from council.cli.search import search_cli
    from council.cli.services import services_cli
    from council.cli.translate import translate_cli
    from council.cli.users import users_cli
    from council.meetings.cli import audit_cli, meetings_cli, polls_cli
    from council.recommendations.cli import recommendations_cli
    from council.security_events.cli import security_cli
    from council.webhooks.cli import webhooks_cli

    for command in (
        users_cli,
        services_cli,
        mail_cli,
        translate_cli,
        demo_data,
        notifications_cli,
        meetings_cli,
        polls_cli,
        audit_cli,
        webhooks_cli,
        recommendations_cli,
        search_cli,
        security_cli,
        retention_cli,
        backup_cli,
        attachments_cli,
    ):
        app.cli.add_command(command)
