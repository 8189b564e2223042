"""Sealing a secret ballot until its poll closes (docs/ballot-secrecy.md).

A sealed ballot is the receipt and the choice, encrypted with AES-256-GCM under a key of its
own poll. The key is derived from the application's SECRET_KEY by HKDF-SHA256 each time it is
needed and never stored, so whoever reads only the database (or a backup of it) sees opaque
bytes of one fixed length, whatever was chosen. The poll number is authenticated with the
ballot: a sealed ballot copied into another poll does not open.

When SECRET_KEY is rotated during a poll, the old key stays in SECRET_KEY_FALLBACKS (Flask's
own setting for rotation) until the poll closes, or its ballots cannot be opened.
"""

import os

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.hashes import SHA256
from cryptography.hazmat.primitives.kdf.hkdf import HKDF
from flask import current_app

from council.polls.models import Choice

FORMAT_VERSION = b"\x01"
NONCE_BYTES = 12  # random for each ballot: 2^-96 chance that two ballots share one
# Receipt (19 characters) ":" choice, padded: every sealed ballot has the same length, so the
# length of the bytes does not tell "for" (3 letters) from "against" (7).
PLAINTEXT_BYTES = 32
SEALED_BYTES = len(FORMAT_VERSION) + NONCE_BYTES + PLAINTEXT_BYTES + 16  # 16: the GCM tag
HKDF_SALT = b"council/secret-ballot"


class SealError(Exception):
    """A sealed ballot that none of the configured keys opens: the key changed, or the row
    was altered or copied from another poll."""


def _secrets() -> list[bytes]:
    config = current_app.config
    keys = [config["SECRET_KEY"], *(config.get("SECRET_KEY_FALLBACKS") or [])]
    return [key.encode() if isinstance(key, str) else bytes(key) for key in keys if key]


def poll_key(secret: bytes, poll_id: int) -> bytes:
    info = f"council secret ballots v1 poll {poll_id}".encode()
    return HKDF(algorithm=SHA256(), length=32, salt=HKDF_SALT, info=info).derive(secret)


def _associated_data(poll_id: int) -> bytes:
    return f"poll:{poll_id}".encode()


def seal(poll_id: int, receipt: str, choice: Choice) -> bytes:
    plaintext = f"{receipt}:{Choice(choice).value}".encode().ljust(PLAINTEXT_BYTES, b" ")
    if len(plaintext) != PLAINTEXT_BYTES:
        raise ValueError("receipt too long to seal")
    nonce = os.urandom(NONCE_BYTES)
    cipher = AESGCM(poll_key(_secrets()[0], poll_id))
    sealed = cipher.encrypt(nonce, plaintext, _associated_data(poll_id))
    return FORMAT_VERSION + nonce + sealed


def unseal(poll_id: int, sealed: bytes) -> tuple[str, Choice]:
    """(receipt, choice) of one sealed ballot; SealError when no configured key opens it."""
    sealed = bytes(sealed)
    if len(sealed) != SEALED_BYTES or sealed[:1] != FORMAT_VERSION:
        raise SealError(f"poll {poll_id}: a sealed ballot has an unknown format")
    nonce, body = sealed[1 : 1 + NONCE_BYTES], sealed[1 + NONCE_BYTES :]
    for secret in _secrets():
        try:
            plaintext = AESGCM(poll_key(secret, poll_id)).decrypt(
                nonce, body, _associated_data(poll_id)
            )
        except InvalidTag:
            continue
        receipt, _, choice = plaintext.decode().rstrip(" ").partition(":")
        return receipt, Choice(choice)
    raise SealError(f"poll {poll_id}: a sealed ballot does not open with the configured keys")
