"""Attachments: the papers of a council (letters, annexes, photos) attached where they belong.

A file is accepted by what it contains, never by its name (`content.py`); images are re-encoded
without their metadata (`images.py`); bytes live behind one small interface (`storage.py`:
the database by default, S3-compatible storage as an option); a file is served by the route
`/files/<token>` only to those who may read the object it belongs to (`permissions.py`).
"""
