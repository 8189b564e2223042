"""Read counts (which order the translation queue) count one read per reader per day: repeated
GETs cannot push a text up (issue 11, point 9), and nothing about a reader is kept past the day."""

from datetime import timedelta

import pytest
from sqlalchemy import select

from council.dates import council_today
from council.extensions import db
from council.roles import Role
from council.translations_content.models import ReadCount, ReadMark
from council.translations_content.read_tally import flush_reads
from tests.referral_helpers import housing_service, official_of, open_referral


def reads(kind, subject_id) -> int:
    flush_reads(force=True)  # reads are written every few seconds: write them now
    db.session.commit()
    return (
        db.session.scalar(
            select(ReadCount.reads).where(
                ReadCount.subject_kind == kind, ReadCount.subject_id == subject_id
            )
        )
        or 0
    )


def test_a_reader_counts_once_a_day(client, make_client, make_user):
    service = housing_service()
    referral = open_referral(official_of(make_user, service), service)
    url = f"/referrals/{referral.id}"
    for _ in range(5):
        assert client.get(url, environ_base={"REMOTE_ADDR": "203.0.113.7"}).status_code == 200
    assert reads("referral", referral.id) == 1
    client.get(url, environ_base={"REMOTE_ADDR": "203.0.113.8"})
    # Addresses of one IPv6 /64 are one home's devices: one reader.
    client.get(url, environ_base={"REMOTE_ADDR": "2001:db8:1:2::10"})
    client.get(url, environ_base={"REMOTE_ADDR": "2001:db8:1:2::99"})
    assert reads("referral", referral.id) == 3
    member = make_user(Role.MEMBER, email="amina@example.org")
    reader = make_client()
    reader.login(member.email)
    for _ in range(3):
        reader.get(url, environ_base={"REMOTE_ADDR": "203.0.113.7"})
    assert reads("referral", referral.id) == 4
    # What is kept cannot be read back to an address or an account.
    marks = db.session.scalars(select(ReadMark.reader)).all()
    assert len(marks) == 4
    assert not any("203.0.113" in m or "2001:db8" in m or str(member.id) == m for m in marks)


def test_yesterdays_marks_are_gone_at_the_next_read(client, make_user):
    service = housing_service()
    referral = open_referral(official_of(make_user, service), service)
    db.session.add(
        ReadMark(
            subject_kind="referral",
            subject_id=referral.id,
            reader="0" * 64,
            day=council_today() - timedelta(days=1),
        )
    )
    db.session.commit()
    client.get(f"/referrals/{referral.id}")
    flush_reads(force=True)
    db.session.commit()
    days = db.session.scalars(select(ReadMark.day)).all()
    assert days == [council_today()]


@pytest.mark.committed  # the cached site is a second application on the same tables
def test_reads_of_a_cached_page_count_once_per_reader(database_uri, tmp_path, make_user):
    """The page cache answers visitors without rendering: it counts its reads the same way."""
    from tests.test_page_cache import cached_app, visitor

    site = cached_app(database_uri, tmp_path)
    service = housing_service()
    referral = open_referral(official_of(make_user, service), service)
    url = f"/referrals/{referral.id}"
    reader = visitor(site)
    first = reader.get(url, environ_base={"REMOTE_ADDR": "203.0.113.7"})
    assert first.headers["X-Cache"] == "miss"
    for _ in range(20):
        hit = reader.get(url, environ_base={"REMOTE_ADDR": "203.0.113.7"})
        assert hit.headers["X-Cache"] == "hit"
    assert reader.get(url, environ_base={"REMOTE_ADDR": "198.51.100.4"}).headers["X-Cache"] == "hit"
    assert reads("referral", referral.id) == 2
