"""Small view helpers shared by the meetings and polls pages."""

from flask import abort


def item_of(meeting, item_id: int):
    for item in meeting.items:
        if item.id == item_id:
            return item
    abort(404)
