"""Strict response headers on every page."""

from flask import Flask, g, request, session

CONTENT_SECURITY_POLICY = "; ".join(
    [
        "default-src 'self'",
        "script-src 'self'",
        "style-src 'self'",
        "img-src 'self'",
        "font-src 'self'",
        "connect-src 'self'",
        "object-src 'none'",
        "base-uri 'none'",
        "form-action 'self'",
        "frame-ancestors 'none'",
    ]
)


def init_app(app: Flask) -> None:
    hsts = app.config.get("HSTS", False)

    @app.after_request
    def set_security_headers(response):
        headers = response.headers
        headers.setdefault("Content-Security-Policy", CONTENT_SECURITY_POLICY)
        headers.setdefault("X-Content-Type-Options", "nosniff")
        headers.setdefault("X-Frame-Options", "DENY")
        headers.setdefault("Referrer-Policy", "same-origin")
        headers.setdefault("Cross-Origin-Opener-Policy", "same-origin")
        headers.setdefault("Permissions-Policy", "camera=(), microphone=(), geolocation=()")
        if hsts:
            headers.setdefault("Strict-Transport-Security", "max-age=63072000; includeSubDomains")
        if shows_personal_data() and "no-store" not in headers.get("Cache-Control", ""):
            # Not kept by the browser's cache nor a proxy: the next person at a shared phone
            # or computer cannot read this page back after the logout.
            headers["Cache-Control"] = "private, no-store"
        return response


# Pages reached through a secret link: they show an email address or act for one person.
PERSONAL_ENDPOINTS = {
    "auth.accept_invitation",
    "auth.logout",
    "auth.reset_password",
    "minutes.confirm_subscription",
    "minutes.unsubscribe",
    "notifications.unsubscribe",
    "notifications.confirm_follow",
    "notifications.stop_following",
}


def shows_personal_data() -> bool:
    """Every answer to a logged-in person (their name is in the menu, at least), to an API
    token, and the pages of secret links. Static files are the same for everyone."""
    if request.endpoint == "static":
        return False
    user = g.get("_login_user")
    return bool(
        # is_anonymous, not is_authenticated: the latter reads the account, which a commit in
        # the view has expired (a load after the commit: council/load_watch.py)
        (user is not None and not user.is_anonymous)
        or session.get("_user_id")
        or g.get("api_token")
        or request.endpoint in PERSONAL_ENDPOINTS
    )
