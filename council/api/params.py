"""Query parameters of the API: checked strictly, refused with a 400 that names them."""

from flask import current_app, request
from flask_babel import gettext as _
from sqlalchemy import func, select

from council.api.errors import ApiError
from council.extensions import db
from council.input_guard import MAX_ID
from council.links import absolute_url_for
from council.pagecache.values import remembered_count
from council.paging import page_rows
from council.translations_content.queries import prefetch_translations

MAX_OFFSET = 1_000_000


def invalid(name: str, message) -> ApiError:
    return ApiError(400, "invalid_parameter", message, {name: [message]})


def int_arg(name: str, default: int, minimum: int, maximum: int) -> int:
    raw = request.args.get(name)
    if raw is None:
        return default
    if not raw.isascii() or not raw.isdigit() or not minimum <= int(raw) <= maximum:
        raise invalid(
            name,
            _(
                "%(name)s must be a whole number from %(min)d to %(max)d.",
                name=name,
                min=minimum,
                max=maximum,
            ),
        )
    return int(raw)


def choice_arg(name: str, choices) -> str | None:
    raw = request.args.get(name)
    if raw is None:
        return None
    if raw not in choices:
        raise invalid(
            name, _("%(name)s must be one of: %(values)s.", name=name, values=", ".join(choices))
        )
    return raw


def page(query, serialise, *, kind: str | None = None, count_query=None) -> dict:
    """One page of `query` (a select of one entity) with its total and a link to the next.
    `kind`: the translatable kind of the items, whose translations are read for the whole page
    at once; `count_query`: a leaner count than wrapping the query (remembered between
    requests while its tables do not change)."""
    limit = int_arg("limit", current_app.config["API_PAGE_SIZE"], 1, 100)
    offset = int_arg("offset", 0, 0, MAX_OFFSET)
    total = remembered_count(
        count_query
        if count_query is not None
        else select(func.count()).select_from(query.order_by(None).subquery())
    )
    rows = [row[0] for row in page_rows(query, limit, offset)]
    if kind:
        prefetch_translations(kind, [row.id for row in rows])
    next_offset = offset + limit
    return {
        "data": [serialise(row) for row in rows],
        "meta": {"total": total, "limit": limit, "offset": offset},
        "links": {
            "self": _page_url(offset, limit),
            "next": _page_url(next_offset, limit) if next_offset < total else None,
        },
    }


def _page_url(offset: int, limit: int) -> str:
    args = request.args.to_dict()
    args.update(offset=offset, limit=limit)
    return absolute_url_for(request.endpoint, **(request.view_args or {}), **args)


def get_or_404(model, object_id: int):
    if not 1 <= object_id <= MAX_ID:
        raise ApiError(404)
    row = db.session.get(model, object_id)
    if row is None:
        raise ApiError(404)
    return row
