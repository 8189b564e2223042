"""Eight languages: choice order, direction, switcher, complete catalogs, local formats."""

import re
from datetime import UTC, datetime
from pathlib import Path

import pytest
from babel.messages.pofile import read_po
from flask_babel import force_locale, format_datetime, format_decimal

from council.cli.translate import extract_to
from council.i18n import LOCALE_CODES, LOCALES
from council.roles import Role

TRANSLATIONS = Path(__file__).resolve().parents[1] / "translations"
PLACEHOLDER = re.compile(r"%\((\w+)\)[sd]")
RTL = {"ar", "fa_AF", "ps"}


def html_tag(page: str) -> str:
    return re.search(r"<html[^>]*>", page).group(0)


@pytest.mark.parametrize("language", LOCALES, ids=lambda language: language.code)
def test_every_language_sets_lang_and_direction(client, language):
    page = client.get(f"/?lang={language.code}").get_data(as_text=True)
    expected_dir = "rtl" if language.code in RTL else "ltr"
    assert html_tag(page) == f'<html lang="{language.html_lang}" dir="{expected_dir}">'


def test_switcher_names_each_language_in_its_own_script(client):
    page = client.get("/?lang=tr").get_data(as_text=True)
    for name, code, direction in [
        ("Français", "fr", "ltr"),
        ("العربية", "ar", "rtl"),
        ("دری", "fa-AF", "rtl"),
        ("پښتو", "ps", "rtl"),
        ("Türkçe", "tr", "ltr"),
        ("Українська", "uk", "ltr"),
        ("Русский", "ru", "ltr"),
        ("English", "en", "ltr"),
    ]:
        assert f'lang="{code}" hreflang="{code}" dir="{direction}"' in page
        assert f">{name}</a>" in page
    assert "flag" not in page.lower()
    assert 'href="/?lang=tr" lang="tr" hreflang="tr" dir="ltr" aria-current="true"' in page


def test_lang_parameter_is_remembered_in_a_cookie(client):
    response = client.get("/services/?lang=ar")
    assert "lang=ar" in response.headers["Set-Cookie"]
    assert 'dir="rtl"' in client.get("/").get_data(as_text=True)
    assert 'lang="uk"' in client.get("/?lang=uk").get_data(as_text=True)
    assert 'lang="uk"' in client.get("/").get_data(as_text=True)


def test_unknown_lang_is_ignored(client):
    page = client.get("/?lang=xx", headers={"Accept-Language": "ru"}).get_data(as_text=True)
    assert html_tag(page) == '<html lang="ru" dir="ltr">'


def test_account_preference_comes_before_the_browser(client, make_user):
    make_user(Role.MEMBER, email="ps@example.org", locale="ps")
    client.login("ps@example.org")
    page = client.get("/me", headers={"Accept-Language": "tr"}).get_data(as_text=True)
    assert html_tag(page) == '<html lang="ps" dir="rtl">'
    page = client.get("/me?lang=en", headers={"Accept-Language": "tr"}).get_data(as_text=True)
    assert html_tag(page) == '<html lang="en" dir="ltr">'  # an explicit choice wins


@pytest.mark.parametrize(
    ("header", "expected"),
    [
        ("ar,fr;q=0.5", "ar"),
        ("fa-AF", "fa-AF"),
        ("fa", "fa-AF"),
        ("de,tr;q=0.8", "tr"),
        ("de", "fr"),
    ],
)
def test_browser_language_then_french(client, header, expected):
    page = client.get("/", headers={"Accept-Language": header}).get_data(as_text=True)
    assert f'lang="{expected}"' in html_tag(page)


def test_pages_are_translated(client):
    arabic = client.get("/login?lang=ar").get_data(as_text=True)
    with force_locale("ar"):
        from flask_babel import gettext

        assert gettext("Log in") != "Log in"
        assert f"<h1>{gettext('Log in')}</h1>" in arabic


def test_dates_and_numbers_follow_the_locale(app):
    moment = datetime(2026, 3, 5, 17, 30, tzinfo=UTC)
    with app.test_request_context():
        with force_locale("fr"):
            assert format_datetime(moment, "medium").startswith("5 mars 2026")
            assert "18:30" in format_datetime(moment, "medium")  # Europe/Paris, winter time
            assert format_decimal(1234.5) == "1\u202f234,5"
        with force_locale("ar"):
            assert format_decimal(1234.5) in {
                "1,234.5",
                "\u0661\u066c\u0662\u0663\u0664\u066b\u0665",
            }
        with force_locale("en"):
            assert format_datetime(moment, "medium").startswith("Mar 5, 2026")
        with force_locale("ru"):
            assert "марта" in format_datetime(moment, "long") or "мар" in format_datetime(
                moment, "long"
            )


def message_keys(catalog) -> set[tuple[str | None, str]]:
    return {
        (message.context, message.id if isinstance(message.id, str) else message.id[0])
        for message in catalog
        if message.id
    }


def test_the_committed_template_holds_every_string_of_the_code(tmp_path):
    """A string added to a template or a view without `flask translate update` is shown in
    English to everyone: extracting afresh catches it, whatever messages.pot says."""
    fresh = tmp_path / "messages.pot"
    extract_to(fresh)
    with fresh.open("rb") as handle:
        in_code = message_keys(read_po(handle))
    with (TRANSLATIONS / "messages.pot").open("rb") as handle:
        committed = message_keys(read_po(handle))
    missing = sorted(in_code - committed, key=str)
    assert missing == [], "run `flask translate update`, then translate:\n" + "\n".join(
        map(str, missing)
    )


@pytest.mark.parametrize("code", LOCALE_CODES)
def test_catalog_is_complete_without_fuzzy_entries(code):
    template = read_po((TRANSLATIONS / "messages.pot").open("rb"))
    with (TRANSLATIONS / code / "LC_MESSAGES" / "messages.po").open("rb") as handle:
        catalog = read_po(handle, locale=code)
    expected_ids = {
        message.id if isinstance(message.id, str) else message.id[0]
        for message in template
        if message.id
    }
    problems = []
    for message in catalog:
        if not message.id:
            continue
        key = message.id if isinstance(message.id, str) else message.id[0]
        expected_ids.discard(key)
        strings = message.string if isinstance(message.string, tuple) else (message.string,)
        if message.fuzzy:
            problems.append(f"fuzzy: {key!r}")
        if not all(strings):
            problems.append(f"untranslated: {key!r}")
        wanted = set(
            PLACEHOLDER.findall(
                " ".join(message.id if isinstance(message.id, tuple) else (message.id,))
            )
        )
        for string in strings:
            if string and set(PLACEHOLDER.findall(string)) - wanted:
                problems.append(f"unknown placeholder in {key!r}: {string!r}")
            if (
                string
                and code not in {"tr", "fa_AF"}
                and set(PLACEHOLDER.findall(string)) != wanted
                and len(strings) == 1
            ):
                problems.append(f"placeholders differ in {key!r}: {string!r}")
    problems += [f"missing: {key!r}" for key in expected_ids]
    assert problems == [], "\n".join(problems)


def test_meeting_times_read_to_the_minute_in_each_language(app):
    from council.moments import moment

    six_pm_in_paris = datetime(2026, 12, 2, 17, 0, tzinfo=UTC)
    with app.test_request_context():
        with force_locale("fr"):
            assert moment(six_pm_in_paris) == "mercredi 2 décembre 2026, 18:00"
            assert moment(six_pm_in_paris, "medium") == "2 déc. 2026, 18:00"
        with force_locale("en"):
            assert moment(six_pm_in_paris) == "Wednesday, December 2, 2026, 6:00\u202fPM"
        for code in LOCALE_CODES:
            with force_locale(code):
                shown = moment(six_pm_in_paris)
                # No seconds, no long time-zone name: the day and the time to the minute.
                assert ":00:00" not in shown and "Europe" not in shown, (code, shown)
        assert moment(None) == ""
