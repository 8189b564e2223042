"""A signed-in person's pages kept on the server for that one session (council/pagecache/
private.py): read back only by the same session, fresh after every write, never past the end
of the session or a role taken away, never a message shown once or a secret."""

import time

import pytest
from sqlalchemy import delete, update

from council.accounts.models import User, UserRole
from council.extensions import db
from council.roles import Role
from tests.conftest import FormClient
from tests.proposal_factories import a_submitted
from tests.test_page_cache import cached_app

pytestmark = pytest.mark.committed


@pytest.fixture
def site(database_uri, tmp_path):
    return cached_app(database_uri, tmp_path)


@pytest.fixture
def proposal(make_user):
    author = make_user(Role.MEMBER, email="author@example.org", name="Aïcha")
    cosigners = [make_user(Role.MEMBER) for _ in range(2)]
    return a_submitted(author, cosigners, title="Des bancs au parc")


def signed_in(site, user) -> FormClient:
    client = FormClient(site.test_client())
    client.login(user.email)
    return client


def read_twice(client, url):
    """Renders (and keeps) the page, then reads it back. A session's first pages add to it (a
    form's secret): they are rendered, not kept, as the session changed."""
    client.get(url)
    first = client.get(url)
    second = client.get(url)
    assert first.status_code == second.status_code == 200
    return first, second


def test_a_page_is_read_back_by_its_own_session_and_nobody_else(site, proposal, make_user):
    zeynep = make_user(Role.MEMBER, email="zeynep@example.org", name="Member Zeynep")
    olena = make_user(Role.MEMBER, email="olena@example.org", name="Member Olena")
    url = f"/proposals/{proposal.id}"
    first, second = read_twice(signed_in(site, zeynep), url)
    assert first.headers["X-Cache"] == "miss" and second.headers["X-Cache"] == "hit"
    assert second.data == first.data and "Member Zeynep" in second.text
    # The browser is still told not to keep it (a shared phone).
    assert second.headers["Cache-Control"] == "private, no-store"

    other = signed_in(site, olena).get(url)
    assert other.headers.get("X-Cache") != "hit"
    assert "Member Olena" in other.text and "Member Zeynep" not in other.text
    public = FormClient(site.test_client()).get(url)
    assert "Member Zeynep" not in public.text and "Member Olena" not in public.text
    # The same person in another browser has another session: rendered for it.
    assert signed_in(site, zeynep).get(url).headers.get("X-Cache") != "hit"


def test_a_write_shows_at_once(site, proposal, make_user):
    reader = signed_in(site, make_user(Role.MEMBER, email="reader@example.org"))
    url = f"/proposals/{proposal.id}"
    read_twice(reader, url)
    writer = signed_in(site, make_user(Role.MEMBER, email="writer@example.org"))
    writer.submit(f"/comments/proposal/{proposal.id}",
                  {"body": "Oui, près des jeux.", "language": "fr", "as_service": "0"},
                  form_page=url)  # fmt: skip
    page = reader.get(url)
    assert page.headers["X-Cache"] == "miss" and "Oui, près des jeux." in page.text


def test_a_form_read_back_from_the_cache_still_posts(site, proposal, make_user):
    member = signed_in(site, make_user(Role.MEMBER, email="commenter@example.org"))
    url = f"/proposals/{proposal.id}"
    read_twice(member, url)
    assert member.get(url).headers["X-Cache"] == "hit"
    answer = member.submit(f"/comments/proposal/{proposal.id}",
                           {"body": "Et des arbres.", "language": "fr", "as_service": "0"},
                           form_page=url)  # fmt: skip
    assert answer.status_code in (302, 303)
    assert "Et des arbres." in member.get(url).text


def test_an_ended_session_is_never_served_its_pages(site, proposal, make_user):
    user = make_user(Role.MEMBER, email="leaving@example.org", name="Member Leaving")
    member = signed_in(site, user)
    url = f"/proposals/{proposal.id}"
    assert read_twice(member, url)[1].headers["X-Cache"] == "hit"
    with site.app_context():  # "log out everywhere" (a password change does the same)
        db.session.execute(
            update(User).where(User.id == user.id).values(session_version=User.session_version + 1)
        )
        db.session.commit()
    page = member.get(url)
    assert "Member Leaving" not in page.text and page.headers.get("X-Cache") != "hit"


def test_a_role_taken_away_is_never_served_its_pages(site, make_user):
    user = make_user(Role.MEMBER, email="translator@example.org")
    member = signed_in(site, user)
    assert read_twice(member, "/translate/")[1].headers["X-Cache"] == "hit"
    with site.app_context():
        db.session.execute(delete(UserRole).where(UserRole.user_id == user.id))
        db.session.commit()
    assert member.get("/translate/").status_code == 403


def test_a_message_is_shown_once_and_a_page_that_wrote_is_not_kept(site, proposal, make_user):
    member = signed_in(site, make_user(Role.MEMBER, email="follower@example.org"))
    url = f"/proposals/{proposal.id}"
    read_twice(member, url)
    # Following redirects to the page with a message: that page is rendered and not kept.
    followed = member.submit(f"/follow/proposal/{proposal.id}", {}, form_page=url)
    assert followed.status_code in (302, 303)
    with_message = member.get(followed.headers["Location"])
    assert with_message.headers.get("X-Cache") != "hit"
    message = with_message.text.count('class="flash')
    after = member.get(followed.headers["Location"])
    assert after.text.count('class="flash') < message or message == 0
    # A language chosen by link is remembered (a cookie): that answer is not kept either.
    assert member.get(url + "?lang=ar").headers.get("X-Cache") != "hit"


def test_sign_in_and_account_security_pages_are_never_kept(site, make_user):
    member = signed_in(site, make_user(Role.MEMBER, email="careful@example.org"))
    for url in ("/account/two-factor", "/account/two-factor/setup"):
        for _ in range(2):
            assert "X-Cache" not in member.get(url).headers, url


def test_off_when_configured(database_uri, tmp_path, proposal, make_user):
    site = cached_app(database_uri, tmp_path)
    site.config["PRIVATE_PAGE_CACHE"] = False
    member = signed_in(site, make_user(Role.MEMBER, email="plain@example.org"))
    for response in read_twice(member, f"/proposals/{proposal.id}"):
        assert "X-Cache" not in response.headers


def test_a_kept_page_lives_no_longer_than_its_time(site, proposal, make_user, monkeypatch):
    """What the clock alone changes (a poll that opens at its time) shows within that time."""
    member = signed_in(site, make_user(Role.MEMBER, email="patient@example.org"))
    url = f"/proposals/{proposal.id}"
    assert read_twice(member, url)[1].headers["X-Cache"] == "hit"
    later = time.time() + site.config["PRIVATE_PAGE_CACHE_SECONDS"] + 1
    monkeypatch.setattr("council.pagecache.store.time.time", lambda: later)
    assert member.get(url).headers.get("X-Cache") != "hit"
