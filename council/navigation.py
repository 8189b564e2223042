"""Redirect targets that are safe to follow."""

from urllib.parse import urlsplit

from flask import url_for


def safe_next(target: str | None, default_endpoint: str = "main.home") -> str:
    """Only follow a `next` that stays on this site (no scheme, no host, no `//`)."""
    if target:
        parts = urlsplit(target)
        if not parts.scheme and not parts.netloc and target.startswith("/") and "\\" not in target:
            return target
    return url_for(default_endpoint)
