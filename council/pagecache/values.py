"""Small values remembered across requests while the tables they were computed from are
unchanged: the count of a list, so that a page does not scan the table on every request.

    total = remembered_count(select(func.count()).select_from(Proposal).where(...))

Uses the page cache's store and generations (council/pagecache/generations.py), so a count is
fresh after any committed write to its tables, on every worker and machine. Without a store
(`PAGE_CACHE_URL=off`, the tests) it is simply computed.
"""

import hashlib
import json
import time

from flask import current_app, g

from council.extensions import db
from council.pagecache.generations import tables_read
from council.pagecache.store import Entry


def remembered_count(statement) -> int:
    cache = current_app.extensions.get("page_cache")
    if cache is None:
        return db.session.scalar(statement)
    compiled = statement.compile(dialect=db.session.get_bind().dialect)
    sql = str(compiled)
    key = (
        "value:"
        + hashlib.blake2b(
            (sql + json.dumps(compiled.params, default=str, sort_keys=True)).encode(),
            digest_size=16,
        ).hexdigest()
    )
    entry = cache.store.get(key)
    if entry is not None:
        return int(entry.body)
    # Generations taken before the request read anything (its database snapshot may be as
    # old as its first statement): a write committed since then makes this count stale.
    snapshot = g.get("generations_at_start")
    value = db.session.scalar(statement)
    if snapshot is not None:
        generations = {t: cache.store.generation_in(snapshot, t) for t in sorted(tables_read(sql))}
        entry = Entry("", [], str(value).encode(), generations, time.time(), "")
        cache.store.put(key, entry, cache.ttl)
    return value
