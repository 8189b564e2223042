"""Password rules and hashing."""

import gzip
import string
from functools import cache
from importlib import resources

from flask import current_app
from flask_babel import gettext as _
from werkzeug.security import check_password_hash, generate_password_hash

PASSWORD_MAX = 256  # long enough for passphrases, short enough to bound hashing work

# Compared against when the account does not exist, so both answers take the same time.
_DUMMY_HASH_CACHE: dict[str, str] = {}


@cache
def common_passwords() -> frozenset[str]:
    """The 20,000 most common passwords (list by Royce Williams, as shipped by Django)."""
    data = resources.files("council.data").joinpath("common-passwords.txt.gz").read_bytes()
    return frozenset(gzip.decompress(data).decode().split())


def password_problem(password: str, *, email: str = "", display_name: str = "") -> str | None:
    """Return a translated reason why the password is refused, or None when it is acceptable."""
    minimum = current_app.config["PASSWORD_MIN_LENGTH"]
    if len(password) < minimum:
        return _("Use at least %(n)s characters.", n=minimum)
    if len(password) > PASSWORD_MAX:
        return _("Use at most %(n)s characters.", n=PASSWORD_MAX)
    lowered = password.lower()
    # "password2024!" is as weak as "password": also test the word without digits and signs
    # around it, and refuse passwords made of digits or of two repeated characters only.
    core = lowered.strip(string.digits + string.punctuation + " ")
    if (
        lowered in common_passwords()
        or core in common_passwords()
        or len(core) < 4
        or len(set(lowered)) <= 2
    ):
        return _("This password is too common. Choose a less predictable one.")
    personal = {email.lower(), email.lower().partition("@")[0], display_name.lower()} - {""}
    if lowered in personal:
        return _("Do not use your name or email address as password.")
    return None


def hash_password(password: str) -> str:
    return generate_password_hash(password, method=current_app.config["PASSWORD_HASH_METHOD"])


def verify_password(password_hash: str | None, password: str) -> bool:
    if password_hash is None:
        method = current_app.config["PASSWORD_HASH_METHOD"]
        if method not in _DUMMY_HASH_CACHE:
            _DUMMY_HASH_CACHE[method] = hash_password("timing-equaliser-not-a-password")
        check_password_hash(_DUMMY_HASH_CACHE[method], password)
        return False
    return check_password_hash(password_hash, password)
