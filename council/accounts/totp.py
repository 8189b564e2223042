"""Time-based one-time passwords (RFC 6238), as authenticator apps make them.

The shared secret is stored encrypted with AES-GCM under a key derived from SECRET_KEY, so a
copy of the database (a backup) does not give the codes. Changing SECRET_KEY therefore
disables everybody's second factor: `flask users reset-2fa EMAIL` lets a person enrol again.
"""

import base64
import hashlib
import io
import secrets
from datetime import datetime

import pyotp
import segno
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from flask import current_app

from council.db_types import utcnow

ISSUER = "Council"
DIGITS = 6
STEP_SECONDS = 30
# One step either side: a phone whose clock is up to 30 seconds off still works.
DRIFT_STEPS = 1
_PREFIX = "v1:"


def new_secret() -> str:
    return pyotp.random_base32()  # 160 bits, as RFC 4226 recommends


def _key() -> bytes:
    secret_key = current_app.config["SECRET_KEY"].encode()
    return hashlib.sha256(b"council/totp-secret/v1\0" + secret_key).digest()


def encrypt_secret(secret: str) -> str:
    nonce = secrets.token_bytes(12)
    sealed = AESGCM(_key()).encrypt(nonce, secret.encode(), b"totp")
    return _PREFIX + base64.urlsafe_b64encode(nonce + sealed).decode()


def decrypt_secret(stored: str) -> str | None:
    """The secret, or None when it cannot be opened (SECRET_KEY changed, row tampered)."""
    if not stored.startswith(_PREFIX):
        return None
    raw = base64.urlsafe_b64decode(stored[len(_PREFIX) :])
    try:
        return AESGCM(_key()).decrypt(raw[:12], raw[12:], b"totp").decode()
    except Exception:  # noqa: BLE001 — InvalidTag and malformed input alike: unusable
        return None


def time_step(at: datetime | None = None) -> int:
    return int((at or utcnow()).timestamp()) // STEP_SECONDS


def code_at(secret: str, step: int) -> str:
    return pyotp.TOTP(secret, digits=DIGITS, interval=STEP_SECONDS).at(step * STEP_SECONDS)


def matching_step(secret: str, code: str, at: datetime | None = None) -> int | None:
    """The time step whose code this is (within the drift allowed), or None."""
    code = "".join(code.split())
    if len(code) != DIGITS or not code.isdigit():
        return None
    now = time_step(at)
    for step in range(now - DRIFT_STEPS, now + DRIFT_STEPS + 1):
        if secrets.compare_digest(code_at(secret, step), code):
            return step
    return None


def provisioning_uri(secret: str, account_name: str) -> str:
    totp = pyotp.TOTP(secret, digits=DIGITS, interval=STEP_SECONDS)
    return totp.provisioning_uri(name=account_name, issuer_name=ISSUER)


def qr_svg(uri: str) -> str:
    """The QR code as inline SVG (drawn here: no script, no other site)."""
    buffer = io.BytesIO()
    # No width or height but a viewBox: the stylesheet sizes it to fit a 320-px phone.
    segno.make(uri, error="m").save(
        buffer, kind="svg", border=4, xmldecl=False, svgns=True, nl=False, omitsize=True,
        title=None, svgclass="qr-code", lineclass=None, dark="#000", light="#fff",
    )  # fmt: skip
    return buffer.getvalue().decode()


def grouped(secret: str) -> str:
    """The secret in groups of four letters, easier to type into an app by hand."""
    return " ".join(secret[i : i + 4] for i in range(0, len(secret), 4))
