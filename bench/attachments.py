"""Attached files: time and memory to store and serve a file, and what a stored MB costs the
database. In process, on a fresh database (SQLite in a temporary folder, or DATABASE_URL for an
empty PostgreSQL database); files are checked and stored by the operation the upload page
calls, and served by GET /files/<token> (a meeting's paper: public).

    .venv/bin/python bench/attachments.py [--megabytes 10] [--files 5]

Memory is Python's own (tracemalloc peak) and the process's resident set growth; a shared
machine makes the times a guide, not a promise.
"""

import argparse
import io
import os
import resource
import sys
import tempfile
import time
import tracemalloc
from pathlib import Path

from sqlalchemy import text

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))


def incompressible_pdf(size: int) -> bytes:
    """A PDF whose content is one large binary stream (like a scan): nothing to compress."""
    body = os.urandom(size)
    head = b"%PDF-1.4\n1 0 obj << /Type /Catalog /Pages 2 0 R >> endobj\n"
    head += b"2 0 obj << /Type /Pages /Kids [] /Count 0 >> endobj\n"
    head += b"3 0 obj << /Length %d /Filter /DCTDecode >>\nstream\n" % size
    return head + body + b"\nendstream endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"


def text_file(size: int) -> bytes:
    line = b"Compte rendu de la commission logement : ligne de texte ordinaire.\n"
    return line * (size // len(line))


def database_bytes(db) -> int:
    engine = db.engine
    with engine.connect() as connection:
        if engine.dialect.name == "sqlite":
            pages = connection.execute(text("PRAGMA page_count")).scalar()
            return pages * connection.execute(text("PRAGMA page_size")).scalar()
        return connection.execute(
            text("SELECT pg_total_relation_size('attachment_chunks')")
        ).scalar()


def rss_mib() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--megabytes", type=int, default=10)
    parser.add_argument("--files", type=int, default=3)
    args = parser.parse_args()
    folder = tempfile.mkdtemp(prefix="council-bench-")
    os.environ.setdefault("DATABASE_URL", f"sqlite:///{folder}/bench.db")
    from config import TestingConfig, database_url
    from council import create_app
    from council.accounts.operations import create_user
    from council.attachments.models import OwnerKind
    from council.attachments.operations import add_attachment
    from council.extensions import db
    from council.meetings.operations import schedule_meeting
    from council.roles import Role

    size = args.megabytes * 2**20
    app = create_app(
        TestingConfig,
        {
            "SQLALCHEMY_DATABASE_URI": database_url(os.environ["DATABASE_URL"]),
            "ATTACHMENT_MAX_BYTES": size + 2**20,
            "ATTACHMENTS_MAX_BYTES_PER_OBJECT": 100 * size,
        },
    )
    with app.app_context():
        db.create_all()
        secretary = create_user(
            "s@bench.example", "S", "benchmark wombat 7 lantern", {Role.SECRETARY}, "fr"
        )
        from datetime import UTC, datetime, timedelta

        starts = datetime.now(UTC) + timedelta(days=3)
        meeting = schedule_meeting(
            secretary, kind="plenary", title="Bench", starts_at=starts,
            ends_at=starts + timedelta(hours=2), place="Hall", participants=(),
        )  # fmt: skip
        db.session.commit()
        print(f"database: {db.engine.dialect.name}; file size {args.megabytes} MB")
        for label, make in (("PDF (incompressible)", incompressible_pdf), ("text", text_file)):
            data = make(size)
            before_db = database_bytes(db)
            uploads, downloads, up_peaks, down_peaks = [], [], [], []
            for number in range(args.files):
                stream = io.BytesIO(data)
                tracemalloc.start()
                tracemalloc.reset_peak()
                baseline = tracemalloc.get_traced_memory()[0]
                started = time.perf_counter()
                attachment = add_attachment(
                    meeting, OwnerKind.MEETING, secretary, stream=stream,
                    original_name=f"f{number}.pdf", title=f"File {number}", language="fr",
                )  # fmt: skip
                db.session.commit()
                uploads.append(time.perf_counter() - started)
                up_peaks.append(tracemalloc.get_traced_memory()[1] - baseline)
                tracemalloc.reset_peak()
                baseline = tracemalloc.get_traced_memory()[0]
                started = time.perf_counter()
                response = app.test_client().get(f"/files/{attachment.token}")
                received = sum(len(piece) for piece in response.response)
                downloads.append(time.perf_counter() - started)
                down_peaks.append(tracemalloc.get_traced_memory()[1] - baseline)
                tracemalloc.stop()
                assert received == len(data), (received, len(data))
            stored = database_bytes(db) - before_db
            mb = len(data) * args.files / 2**20
            print(
                f"{label}: store {min(uploads):.2f}-{max(uploads):.2f} s "
                f"(Python peak {max(up_peaks) / 2**20:.1f} MiB beyond the file's own copy), "
                f"serve {min(downloads):.2f}-{max(downloads):.2f} s "
                f"(Python peak {max(down_peaks) / 2**20:.1f} MiB); "
                f"database grew {stored / 2**20:.1f} MiB for {mb:.0f} MiB stored "
                f"({stored / (mb * 2**20):.2f} per MB)"
            )
            del data
        print(f"process peak resident memory: {rss_mib():.0f} MiB")
        db.session.remove()
        if db.engine.dialect.name != "sqlite":
            db.drop_all()


if __name__ == "__main__":
    main()
