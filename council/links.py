"""Absolute links built from BASE_URL, never from the request's Host header.

A forged `Host: evil.example` would otherwise go into API links, feeds and calendar files that
others follow (and caches keep). TRUSTED_HOSTS refuses such requests as well (config.py)."""

from flask import current_app, url_for


def absolute_url_for(endpoint: str, **values) -> str:
    return current_app.config["BASE_URL"].rstrip("/") + url_for(endpoint, **values)
