"""Single-use recovery codes: for the day the phone with the authenticator app is lost.

Ten codes of 16 letters and digits (80 random bits, so a plain SHA-256 of each is enough to
keep them safe in a stolen database), shown once, each usable once.
"""

import hashlib
import secrets

from sqlalchemy import delete, func, select, update

from council.accounts.auth_models import RecoveryCode
from council.db_types import utcnow
from council.extensions import db

COUNT = 10
ALPHABET = "abcdefghjkmnpqrstuvwxyz23456789"  # no 0/o, 1/l/i: read from paper without doubt
GROUPS, GROUP_LENGTH = 4, 4


def _normalise(code: str) -> str:
    return "".join(ch for ch in code.lower() if ch.isalnum())


def hash_code(code: str) -> str:
    return hashlib.sha256(("recovery:" + _normalise(code)).encode()).hexdigest()


def _new_code() -> str:
    letters = "".join(secrets.choice(ALPHABET) for _ in range(GROUPS * GROUP_LENGTH))
    return "-".join(letters[i : i + GROUP_LENGTH] for i in range(0, len(letters), GROUP_LENGTH))


def looks_like_recovery_code(code: str) -> bool:
    return len(_normalise(code)) == GROUPS * GROUP_LENGTH


def replace_codes(user) -> list[str]:
    """Delete the person's codes and make a new set; returns the codes to show once."""
    db.session.execute(delete(RecoveryCode).where(RecoveryCode.user_id == user.id))
    codes = [_new_code() for _ in range(COUNT)]
    db.session.add_all(RecoveryCode(user_id=user.id, code_hash=hash_code(c)) for c in codes)
    db.session.flush()
    return codes


def use_code(user, code: str) -> bool:
    """Spend one unused code of this person: a conditional UPDATE, so two tries with the same
    code (two tabs, a replay) cannot both succeed."""
    spent = db.session.execute(
        update(RecoveryCode)
        .where(
            RecoveryCode.user_id == user.id,
            RecoveryCode.code_hash == hash_code(code),
            RecoveryCode.used_at.is_(None),
        )
        .values(used_at=utcnow())
    )
    return spent.rowcount == 1


def unused_count(user) -> int:
    return db.session.scalar(
        select(func.count())
        .select_from(RecoveryCode)
        .where(RecoveryCode.user_id == user.id, RecoveryCode.used_at.is_(None))
    )


def delete_codes(user) -> None:
    db.session.execute(delete(RecoveryCode).where(RecoveryCode.user_id == user.id))
