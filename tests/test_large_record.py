"""Cost flat in the size of the record: on the demo data, then with 10,000 more proposals and
60,000 comments (400 on one proposal, bulk inserts of bench/large.py), every busy page sends
exactly as many SQL statements, for the public and for a member; lists and threads page
without OFFSET growing, counts are one statement."""

import re

import pytest
from sqlalchemy import select

from bench.large import grow_record
from council.accounts import session as sessions
from council.comments.models import Comment
from council.db_types import utcnow
from council.extensions import db
from council.minutes.models import Minutes, MinutesState
from council.proposals.models import Proposal
from council.recommendations.models import Recommendation
from council.translations_content.read_tally import discard_pending_reads
from tests.query_counter import queries_of

DEMO_PASSWORD = "conseil-demo-2026"  # noqa: S105 — the demo's documented password
MEMBER = "amina@council.example"


def busy_pages(proposal_id: int) -> list[str]:
    meeting_id = db.session.scalar(
        select(Minutes.meeting_id).where(Minutes.state == MinutesState.PUBLISHED).limit(1)
    )
    recommendation_id = db.session.scalar(select(Recommendation.id).limit(1))
    return [
        "/", "/proposals/", "/proposals/?sort=active", "/proposals/?q=logements",
        f"/proposals/{proposal_id}", f"/meetings/{meeting_id}", f"/meetings/{meeting_id}/minutes",
        "/recommendations/", f"/recommendations/{recommendation_id}", "/dashboard",
        "/api/v1/proposals", "/api/v1/recommendations", "/feeds/minutes.atom", "/meetings.ics",
    ]  # fmt: skip


def statements(client, member, pages) -> dict:
    return {
        (page, who): len(queries_of(reader, page))
        for page in pages
        for who, reader in (("public", client), ("member", member))
    }


@pytest.fixture
def still_session_clock(monkeypatch):
    """A member's session is touched (one UPDATE more) once a minute of activity: growing the
    record takes minutes on a busy machine, so the sessions' clock stands still meanwhile and
    both records are read at the same instant of the member's session."""
    now = utcnow()
    monkeypatch.setattr(sessions, "utcnow", lambda: now)


@pytest.fixture
def reads_held_back(app, monkeypatch):
    """Reads are written in batches, every READ_COUNT_SECONDS (0 in tests): held back here, so
    that the statements counted are the page's own, whether the reader is new to a text (small
    record) or not (large record, same readers)."""
    monkeypatch.setitem(app.config, "READ_COUNT_SECONDS", 10**6)
    yield
    discard_pending_reads()


@pytest.fixture
def demo(app, client, make_client, reads_held_back, still_session_clock):
    assert app.test_cli_runner().invoke(args=["demo-data"]).exit_code == 0
    proposal = db.session.scalar(
        select(Proposal).where(Proposal.submitted_at.is_not(None)).order_by(Proposal.id)
    )
    # The demo thread holds one comment (comments may be closed: written as the record has it),
    # so that both records compare a thread with comments, small then large.
    db.session.add(Comment(subject_kind="proposal", subject_id=proposal.id, body="Bien.",
                           author_id=proposal.author_id, language="fr"))  # fmt: skip
    db.session.commit()
    member = make_client()
    assert member.login(MEMBER, DEMO_PASSWORD).status_code == 302
    return proposal.id, member


def test_busy_pages_send_as_many_statements_on_a_record_ten_times_larger(client, demo):
    proposal_id, member = demo
    pages = busy_pages(proposal_id)
    small = statements(client, member, pages)
    assert grow_record(proposals=10_000, comments=60_000, on_first=400) == proposal_id
    large = statements(client, member, pages)
    grown = {key: (small[key], large[key]) for key in small if large[key] != small[key]}
    assert not grown, grown

    page = client.get(f"/proposals/{proposal_id}").get_data(as_text=True)
    assert "401 comments" in page and page.count('<article class="comment"') == 50
    assert "Avis numéro 399." in page and "Avis numéro 300." not in page
    earlier = re.search(r'href="([^"]+)#comments" rel="prev">Earlier comments', page).group(1)
    older = client.get(earlier.replace("&amp;", "&")).get_data(as_text=True)
    assert "Avis numéro 310." in older and "Latest comments" in older
    assert "Avis numéro 399." not in older

    listing = client.get("/proposals/").get_data(as_text=True)
    assert re.search(r"100\d\d proposals found", listing)
    deep, seen = listing, []
    for _ in range(3):  # keyset pages: each starts after the last proposal of the one before
        link = re.search(r'<a href="([^"]+)" rel="next">', deep).group(1).replace("&amp;", "&")
        deep_queries = queries_of(client, link)
        deep = client.get(link).get_data(as_text=True)
        seen.append(re.findall(r"Proposition \d+\W", deep))
    assert len(deep_queries) <= small[("/proposals/", "public")]  # no OFFSET, no extra
    assert "Page 4 of" in deep and len(seen[-1]) == 20
    back = re.search(r'<a href="([^"]+)" rel="prev">', deep).group(1).replace("&amp;", "&")
    page_three = client.get(back).get_data(as_text=True)
    assert "Page 3 of" in page_three and re.findall(r"Proposition \d+\W", page_three) == seen[1]
