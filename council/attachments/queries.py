"""Reads other pages ask: the attachments of one object, or of many at once."""

from collections import defaultdict

from sqlalchemy import select

from council.attachments.models import Attachment, OwnerKind
from council.extensions import db


def attachments_of(kind: OwnerKind | str, owner_id: int) -> list[Attachment]:
    column = getattr(Attachment, OwnerKind(kind).column)
    query = select(Attachment).where(column == owner_id).order_by(Attachment.id)
    return list(db.session.scalars(query))


def attachments_by_owner(kind: OwnerKind | str, owner_ids) -> dict[int, list[Attachment]]:
    """One query for a page listing many objects (agenda items, follow-ups)."""
    kind = OwnerKind(kind)
    column = getattr(Attachment, kind.column)
    found: dict[int, list[Attachment]] = defaultdict(list)
    ids = list(owner_ids)
    if ids:
        query = select(Attachment).where(column.in_(ids)).order_by(Attachment.id)
        for attachment in db.session.scalars(query):
            found[getattr(attachment, kind.column)].append(attachment)
    return found


def attachments_uploaded_by(user_id: int) -> list[Attachment]:
    """For a person's data export: the files they attached (metadata and links)."""
    query = select(Attachment).where(Attachment.uploaded_by_id == user_id).order_by(Attachment.id)
    return list(db.session.scalars(query))
