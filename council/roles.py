"""The roles a person may hold (several at once)."""

import enum

from flask_babel import lazy_gettext as _l


class Role(enum.StrEnum):
    MEMBER = "member"
    SECRETARY = "secretary"
    OFFICIAL = "official"
    ADMIN = "admin"

    @property
    def label(self):
        return ROLE_LABELS[self]


ROLE_LABELS = {
    Role.MEMBER: _l("Council member"),
    Role.SECRETARY: _l("Secretary"),
    Role.OFFICIAL: _l("City official"),
    Role.ADMIN: _l("Administrator"),
}
