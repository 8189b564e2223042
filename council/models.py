"""Every domain's models, so that SQLAlchemy and Alembic see the whole schema."""

from council.accounts import auth_models  # noqa: F401
from council.accounts import models as accounts  # noqa: F401
from council.api import models as api  # noqa: F401
from council.attachments import models as attachments  # noqa: F401
from council.audit import models as audit  # noqa: F401
from council.comments import models as comments  # noqa: F401
from council.fulltext import is_unmanaged
from council.mail import models as mail  # noqa: F401
from council.meetings import models as meetings  # noqa: F401
from council.minutes import models as minutes  # noqa: F401
from council.minutes import search as minutes_search  # noqa: F401 — FTS DDL events
from council.notifications import models as notifications  # noqa: F401
from council.polls import models as polls  # noqa: F401
from council.proposals import models as proposals  # noqa: F401
from council.proposals import search as proposals_search  # noqa: F401 — FTS DDL events
from council.recommendations import models as recommendations  # noqa: F401
from council.referrals import models as referrals  # noqa: F401
from council.security_events import models as security_events  # noqa: F401
from council.services import models as services  # noqa: F401
from council.translations_content import models as translations_content  # noqa: F401
from council.webhooks import models as webhooks  # noqa: F401


def include_in_migrations(name, type_, parent_names) -> bool:
    """Autogenerate skips objects made by hand-written DDL (full-text tables and indexes)."""
    return not is_unmanaged(name, type_)
