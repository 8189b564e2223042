"""Codes of the authenticator app, computed like a phone would (pyotp), for test logins.

A code is refused when its time step was already used by the same person (replay). A test
that logs the same person in several times within 30 seconds gets the code of the next step
the server still accepts (clock drift allows one step either side), or waits for a new step.
"""

import re
import time

import pyotp
from sqlalchemy import select

from council.accounts.models import User
from council.accounts.totp import STEP_SECONDS
from council.cli.demo import DEMO_TOTP_SECRET
from council.extensions import db

TOTP_SECRET = DEMO_TOTP_SECRET  # every privileged test account, as in the demo
SAFE_MARGIN = 5  # seconds: a code of the previous step is only used early in the new step


def unused_code(secret: str, last_step: int | None) -> str:
    while True:
        now = time.time()
        step = int(now) // STEP_SECONDS
        candidates = [step, step + 1]
        if now - step * STEP_SECONDS < STEP_SECONDS - SAFE_MARGIN:
            candidates.insert(0, step - 1)
        for candidate in candidates:
            if last_step is None or candidate > last_step:
                return pyotp.TOTP(secret).at(candidate * STEP_SECONDS)
        time.sleep((step + 1) * STEP_SECONDS - now + 0.05)


def last_step_of(email: str) -> int | None:
    return db.session.scalar(select(User.totp_last_step).where(User.email == email.lower()))


def code_for(email: str, secret: str = TOTP_SECRET) -> str:
    """The code a phone would show now that the server has not accepted yet from this person
    (reads the database of the current application context)."""
    db.session.commit()  # see what the requests wrote
    return unused_code(secret, last_step_of(email.strip()))


SECRET_SHOWN = re.compile(r'<code class="secret-key"[^>]*>([A-Z2-7 ]+)</code>')
CODE_SHOWN = re.compile(r"<li><code>([a-z0-9-]+)</code></li>")


def set_up_second_factor(client) -> tuple[str, list[str]]:
    """Set up the second factor from the set-up page, as a person with a phone would: read the
    key shown, type the app's code. Returns (secret, recovery codes shown)."""
    page = client.get("/account/two-factor/setup").get_data(as_text=True)
    match = SECRET_SHOWN.search(page)
    assert match, "no key on the set-up page"
    secret = match.group(1).replace(" ", "")
    response = client.submit("/account/two-factor/setup", {"code": unused_code(secret, None)})
    assert response.status_code == 200, response.status_code
    codes = CODE_SHOWN.findall(response.get_data(as_text=True))
    assert len(codes) == 10, "recovery codes not shown"
    return secret, codes
