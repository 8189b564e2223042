"""Import every domain's models so that SQLAlchemy and Alembic see the whole schema."""


def import_all() -> None:
    from council.accounts import models as accounts  # noqa: F401
    from council.api import models as api  # noqa: F401
    from council.audit import models as audit  # noqa: F401
    from council.comments import models as comments  # noqa: F401
    from council.mail import models as mail  # noqa: F401
    from council.meetings import models as meetings  # noqa: F401
    from council.notifications import models as notifications  # noqa: F401
    from council.polls import models as polls  # noqa: F401
    from council.referrals import models as referrals  # noqa: F401
    from council.services import models as services  # noqa: F401
    from council.webhooks import models as webhooks  # noqa: F401
