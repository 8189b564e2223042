"""The Atom feed and the open-data exports (same content as the public pages)."""

import json

from flask import Response, render_template

from council.attachments.models import OwnerKind
from council.attachments.queries import attachments_by_owner
from council.dates import council_today
from council.db_types import utcnow
from council.permissions import anyone, requires
from council.recommendations import export, queries
from council.recommendations.blueprint import bp
from council.recommendations.links import absolute
from council.translations_content.queries import prefetch_translations

FEED_SIZE = 50


def last_activity(recommendation):
    moments = [recommendation.transmitted_at]
    for response in recommendation.responses:
        moments += [v.created_at for v in response.versions]
        moments += [f.created_at for c in response.commitments for f in c.follow_ups]
    return max(m for m in moments if m)


@bp.route("/feeds/recommendations.atom")
@requires(anyone)
def feed():
    recommendations = sorted(queries.public_recommendations(), key=last_activity, reverse=True)[
        :FEED_SIZE
    ]
    entries = [(r, last_activity(r)) for r in recommendations]
    prefetch_translations("recommendation", [r.id for r in recommendations])
    response_ids = [response.id for r in recommendations for response in r.responses]
    body = render_template(
        "recommendations/feed.atom.xml",
        entries=entries,
        # The services' attached letters, as enclosures: one query for the whole feed.
        letters=attachments_by_owner(OwnerKind.RESPONSE, response_ids),
        updated=entries[0][1] if entries else utcnow(),
        base=absolute(""),
        today=council_today(),
    )
    return Response(body, mimetype="application/atom+xml")


@bp.route("/recommendations/export.json")
@requires(anyone)
def export_json():
    today = council_today()
    records = [export.recommendation_record(r, today) for r in queries.public_recommendations()]
    payload = {"generated_on": today.isoformat(), "recommendations": records}
    body = json.dumps(payload, ensure_ascii=False, indent=1)
    return Response(body, mimetype="application/json")


@bp.route("/recommendations/export.csv")
@requires(anyone)
def export_csv():
    text = export.csv_text(queries.public_recommendations(), council_today())
    return Response(
        text,
        mimetype="text/csv",
        headers={"Content-Disposition": 'attachment; filename="recommendations.csv"'},
    )
