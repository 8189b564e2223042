"""JSON errors for everything under /api/: `{"error": {"code": ..., "message": ...}}`.

The site's error pages are HTML; the handlers registered by `council.errors` are wrapped so
that a request under /api/ gets JSON instead, including the router's own 404 and 405 (which
no blueprint handler sees).
"""

from flask import Flask, jsonify, request
from flask_babel import lazy_gettext as _l
from werkzeug.exceptions import HTTPException

API_PREFIX = "/api/"

STANDARD = {
    400: ("bad_request", _l("The request could not be understood.")),
    401: ("unauthorized", _l("A valid API token is required (Authorization: Bearer <token>).")),
    403: ("forbidden", _l("This token may not do this.")),
    404: ("not_found", _l("Nothing exists at this address.")),
    405: ("method_not_allowed", _l("This method is not allowed at this address.")),
    409: ("conflict", _l("This cannot be done in the current state.")),
    413: ("too_large", _l("What you sent is too large.")),
    415: ("unsupported_media_type", _l("Send the body as JSON (Content-Type: application/json).")),
    422: ("validation_failed", _l("Some values are not valid.")),
    429: ("too_many_requests", _l("Too many requests: please wait before trying again.")),
    500: ("internal_error", _l("An error occurred on our side. It has been recorded.")),
    503: (
        "unavailable",
        _l("The API is temporarily unavailable. Please try again in a few minutes."),
    ),
}


class ApiError(Exception):
    """A refused API request, answered as JSON with a translated message."""

    def __init__(self, status: int, code: str | None = None, message=None, fields=None):
        default_code, default_message = STANDARD.get(status, STANDARD[400])
        super().__init__(str(message or default_message))
        self.status = status
        self.code = code or default_code
        self.message = message or default_message
        self.fields = fields or {}

    def response(self):
        headers = {}
        if self.status == 401:
            headers["WWW-Authenticate"] = 'Bearer realm="council"'
        return error_response(self.status, self.code, self.message, self.fields, headers)


def error_response(status, code, message, fields=None, headers=None):
    error = {"code": code, "message": str(message)}
    if fields:
        error["fields"] = {name: [str(m) for m in messages] for name, messages in fields.items()}
    response = jsonify({"error": error})
    response.status_code = status
    for name, value in (headers or {}).items():
        response.headers[name] = value
    response.headers["Cache-Control"] = "no-store"
    return response


def is_api_request() -> bool:
    return bool(request) and request.path.startswith(API_PREFIX)


def _as_json(error):
    status = error.code if isinstance(error, HTTPException) and error.code else 500
    code, message = STANDARD.get(status, (f"http_{status}", error.description))
    headers = {}
    if isinstance(error, HTTPException):
        # Keep what the protocol requires, e.g. `Allow` on a 405.
        headers = {k: v for k, v in error.get_headers() if k.lower() != "content-type"}
    return error_response(status, code, message, headers=headers)


def _json_under_api(handler):
    def handle(error):
        if is_api_request():
            return _as_json(error)
        return handler(error)

    return handle


def init_app(app: Flask) -> None:
    app.register_error_handler(ApiError, lambda error: error.response())
    for handlers in app.error_handler_spec[None].values():
        for exc_class, handler in list(handlers.items()):
            # Handlers marked `answers_api` (council.outages) already answer JSON here.
            if exc_class is not ApiError and not getattr(handler, "answers_api", False):
                handlers[exc_class] = _json_under_api(handler)
    if HTTPException not in app.error_handler_spec[None].get(None, {}):
        # Codes the site has no page for (401, 409, 415, 422…) still answer JSON under /api/.
        app.register_error_handler(HTTPException, _json_under_api(lambda error: error))
