"""The public "check this poll" page and its JSON record: what anyone needs to recount a closed
poll, and the small program it offers really recounts it (and notices a changed copy)."""

import json
import subprocess
import sys
from pathlib import Path

import pytest

from council.extensions import db
from council.polls import operations as polls
from tests.meeting_helpers import open_poll
from tests.record_helpers import closed_polls

SCRIPT = Path(__file__).resolve().parents[1] / "council" / "static" / "verify_poll.py"


@pytest.fixture
def record(make_user):
    return closed_polls(make_user)


def recount(path: Path) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, str(SCRIPT), str(path)], capture_output=True, text=True, check=False
    )


def test_secret_poll_page_lists_receipts_counts_and_chain_head(client, record, tmp_path):
    secret = record["secret"]
    page = client.get(f"/polls/{secret}/verify")
    assert page.status_code == 200
    html = page.get_data(as_text=True)
    for receipt, choice in record["receipts"].items():
        assert f'<code lang="en" dir="ltr">{receipt}</code></th><td>{choice.title()}</td>' in html
    download = client.get(f"/polls/{secret}/record.json")
    assert download.headers["Content-Disposition"] == f'attachment; filename="poll-{secret}.json"'
    published = json.loads(download.data)
    assert published["result"]["audit_head"] in html  # the head printed on the page
    assert (published["result"]["for"], published["result"]["total"]) == (2, 4)
    assert sorted(r["receipt"] for r in published["receipts"]) == sorted(record["receipts"])
    assert client.get("/static/verify_poll.py").status_code == 200
    saved = tmp_path / f"poll-{secret}.json"
    saved.write_bytes(download.data)
    checked = recount(saved)
    assert checked.returncode == 0 and f"poll {secret}: recount OK" in checked.stdout
    # A copy whose ballots were changed after the close does not recount.
    first = published["receipts"][0]
    first["choice"] = "against" if first["choice"] != "against" else "for"
    saved.write_text(json.dumps(published))
    checked = recount(saved)
    assert checked.returncode == 1
    assert "the receipts do not match the hash recorded at the close" in checked.stdout


def test_named_poll_record_has_totals_and_no_ballot_of_anyone(client, record, tmp_path):
    named = record["named"]
    html = client.get(f"/polls/{named}/verify").get_data(as_text=True)
    assert "The public sees the totals only" in html and "Receipts of the secret" not in html
    body = client.get(f"/polls/{named}/record.json").get_data(as_text=True)
    published = json.loads(body)
    assert published["receipts"] is None
    assert "on_behalf_of_id" not in body and "voter_id" not in body
    assert all(person.display_name not in body for person in record["people"])
    saved = tmp_path / "named.json"
    saved.write_text(body)
    assert recount(saved).returncode == 0
    published["closing_event"]["payload"]["for"] += 1  # a copy "improved" by someone
    published["result"]["for"] += 1
    saved.write_text(json.dumps(published))
    assert "the closing event does not match its hash" in recount(saved).stdout


def test_paper_poll_page_says_how_paper_is_counted(client, record):
    html = client.get(f"/polls/{record['paper']}/verify").get_data(as_text=True)
    assert "Paper ballots are counted in the room" in html


def test_only_closed_polls_have_a_record(client, record):
    poll = open_poll(record["meeting"], record["secretary"], secrecy="secret", question="Open?")
    polls.cast_ballot(poll, record["people"][0], choice="for")
    db.session.commit()
    assert client.get(f"/polls/{poll.id}/verify").status_code == 404
    assert client.get(f"/polls/{poll.id}/record.json").status_code == 404
    assert client.get("/polls/999999/verify").status_code == 404


@pytest.mark.parametrize(
    ("language", "heading"),
    [("fr", "Vérifier ce scrutin"), ("ar", "التحقق من هذا التصويت"), ("uk", "Перевірити це")],
)
def test_page_speaks_the_readers_language(client, record, language, heading):
    page = client.get(f"/polls/{record['secret']}/verify?lang={language}")
    assert page.status_code == 200 and heading in page.get_data(as_text=True)
