"""Attachments' part of create_app: the upload routes' request limit and Pillow's bomb bound."""

from flask import Flask

from council.attachments import limits
from council.attachments.images import configure_pillow


def init_app(app: Flask) -> None:
    limits.init_app(app)
    configure_pillow(app)
