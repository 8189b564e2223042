"""notifications: the kinds of issue 13 and weekly digests (a period on each digest)

New kinds: the city's answers, co-signatures, proxies, meetings, votes, minutes, deadlines,
secretariat tasks.

Revision ID: 0017
Revises: 0016
Create Date: 2026-12-05 10:30:00

PostgreSQL: new enum values are added outside the migration's transaction (the new CHECK uses
'weekly'). SQLite: the enum columns become wide enough. Downgrade: notifications and choices of
the new kinds are deleted, weekly choices and notifications become daily, weekly digest rows go.
"""

from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = "0017"
down_revision = "0016"
branch_labels = None
depends_on = None

OLD_KINDS = (
    "coauthor_invitation",
    "new_comment",
    "comment_reply",
    "state_change",
    "referral_received",
    "recommendation_received",
)
NEW_KINDS = (
    "city_answer",
    "proposal_cosigned",
    "proxy",
    "meeting",
    "poll_opened",
    "minutes_published",
    "deadline_soon",
    "secretariat_task",
)
OLD_DELIVERY = ("immediately", "daily", "never")
NEW_DELIVERY = ("immediately", "daily", "weekly", "never")
KIND_TABLES = ("notifications", "notification_preferences")
OLD_CHECK = "digest_id IS NULL OR delivery = 'daily'"
NEW_CHECK = "digest_id IS NULL OR delivery IN ('daily', 'weekly')"


def _postgresql() -> bool:
    return op.get_bind().dialect.name == "postgresql"


def upgrade():
    if _postgresql():
        with op.get_context().autocommit_block():
            for value in NEW_KINDS:
                op.execute(f"ALTER TYPE notification_kind ADD VALUE IF NOT EXISTS '{value}'")
            op.execute(
                "ALTER TYPE notification_delivery ADD VALUE IF NOT EXISTS 'weekly' BEFORE 'never'"
            )
    else:
        for table in KIND_TABLES:
            with op.batch_alter_table(table, schema=None) as batch_op:
                batch_op.alter_column(
                    "kind",
                    existing_type=sa.Enum(*OLD_KINDS, name="notification_kind"),
                    type_=sa.Enum(*OLD_KINDS, *NEW_KINDS, name="notification_kind"),
                    existing_nullable=False,
                )
    with op.batch_alter_table("notifications", schema=None) as batch_op:
        batch_op.drop_constraint(
            op.f("ck_notifications_digest_only_for_daily_delivery"), type_="check"
        )
        batch_op.create_check_constraint(
            op.f("ck_notifications_digest_only_for_digest_delivery"), NEW_CHECK
        )
    with op.batch_alter_table("notification_digests", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column(
                "period",
                sa.Enum(*NEW_DELIVERY, name="notification_delivery", create_type=False)
                if _postgresql()
                else sa.Enum(*NEW_DELIVERY, name="notification_delivery"),
                nullable=False,
                server_default="daily",
            )
        )
        batch_op.drop_constraint("uq_notification_digests_day", type_="unique")
        batch_op.create_unique_constraint(
            "uq_notification_digests_period", ["user_id", "period", "day"]
        )


def downgrade():
    kinds = ", ".join(f"'{kind}'" for kind in NEW_KINDS)
    for table in KIND_TABLES:
        op.execute(f"DELETE FROM {table} WHERE kind IN ({kinds})")
    op.execute("DELETE FROM notification_digests WHERE period = 'weekly'")
    op.execute("UPDATE notifications SET delivery = 'daily' WHERE delivery = 'weekly'")
    op.execute("UPDATE notification_preferences SET delivery = 'daily' WHERE delivery = 'weekly'")
    with op.batch_alter_table("notification_digests", schema=None) as batch_op:
        batch_op.drop_constraint("uq_notification_digests_period", type_="unique")
        batch_op.create_unique_constraint("uq_notification_digests_day", ["user_id", "day"])
        batch_op.drop_column("period")
    with op.batch_alter_table("notifications", schema=None) as batch_op:
        batch_op.drop_constraint(
            op.f("ck_notifications_digest_only_for_digest_delivery"), type_="check"
        )
        batch_op.create_check_constraint(
            op.f("ck_notifications_digest_only_for_daily_delivery"), OLD_CHECK
        )
    if not _postgresql():
        for table in KIND_TABLES:
            with op.batch_alter_table(table, schema=None) as batch_op:
                batch_op.alter_column(
                    "kind",
                    existing_type=sa.Enum(*OLD_KINDS, *NEW_KINDS, name="notification_kind"),
                    type_=sa.Enum(*OLD_KINDS, name="notification_kind"),
                    existing_nullable=False,
                )
        return
    # PostgreSQL cannot remove a value from an enum: the types are made again without them.
    _rebuild_type("notification_kind", OLD_KINDS, {t: ["kind"] for t in KIND_TABLES})
    _rebuild_type(
        "notification_delivery",
        OLD_DELIVERY,
        {"notifications": ["delivery"], "notification_preferences": ["delivery"]},
        checks=True,
    )


def _rebuild_type(name: str, values: tuple, columns: dict, checks: bool = False) -> None:
    if checks:
        op.execute(
            "ALTER TABLE notifications DROP CONSTRAINT "
            "ck_notifications_digest_only_for_daily_delivery"
        )
        op.execute("DROP INDEX ix_notifications_digest_due")
    op.execute(f"ALTER TYPE {name} RENAME TO {name}_old")
    listed = ", ".join(f"'{value}'" for value in values)
    op.execute(f"CREATE TYPE {name} AS ENUM ({listed})")
    for table, names in columns.items():
        for column in names:
            op.execute(
                f"ALTER TABLE {table} ALTER COLUMN {column} TYPE {name} "
                f"USING {column}::text::{name}"
            )
    op.execute(f"DROP TYPE {name}_old")
    if checks:
        op.execute(
            "CREATE INDEX ix_notifications_digest_due ON notifications (delivery, digest_id)"
        )
        op.execute(
            "ALTER TABLE notifications ADD CONSTRAINT "
            f"ck_notifications_digest_only_for_daily_delivery CHECK ({OLD_CHECK})"
        )
