"""`flask translate extract|update|compile` around pybabel, with the project's paths."""

import subprocess
import sys
from pathlib import Path

import click

from council.i18n import LOCALE_CODES

ROOT = Path(__file__).resolve().parents[2]
POT = ROOT / "translations" / "messages.pot"


def _pybabel(*args: str) -> None:
    command = [sys.executable, "-m", "babel.messages.frontend", *args]
    result = subprocess.run(command, cwd=ROOT, check=False)  # noqa: S603 — fixed arguments
    if result.returncode != 0:
        raise click.ClickException("pybabel " + " ".join(args[:1]) + " failed")


@click.group("translate", help="Interface translation catalogs.")
def translate_cli():
    pass


def extract_to(path: Path) -> None:
    """Collect the translatable strings of the code and templates into a template at `path`
    (tests/test_i18n.py extracts afresh, so that a string missing from the catalogs fails there
    even when nobody ran `flask translate update`)."""
    _pybabel(
        "extract",
        "-F",
        "babel.cfg",
        "-k",
        "_l",
        "-k",
        "lazy_gettext",
        "-k",
        "lazy_pgettext:1c,2",
        "--no-location",
        "--sort-output",
        "-o",
        str(path),
        "council",
    )


@translate_cli.command("extract")
def extract():
    """Collect translatable strings into translations/messages.pot."""
    extract_to(POT)


@translate_cli.command("update")
def update():
    """Extract, then merge new strings into every locale's catalog (creating missing ones)."""
    extract.callback()
    for locale in LOCALE_CODES:
        po = ROOT / "translations" / locale / "LC_MESSAGES" / "messages.po"
        action = "update" if po.exists() else "init"
        _pybabel(
            action,
            "-i",
            str(POT),
            "-d",
            "translations",
            "-l",
            locale,
            # The catalogs are kept at 100 columns so that an update only shows what changed.
            "--width",
            "100",
            *(["--no-fuzzy-matching", "--ignore-obsolete"] if action == "update" else []),
        )


@translate_cli.command("compile")
def compile_catalogs():
    """Compile .po into .mo (refuses fuzzy entries)."""
    _pybabel("compile", "-d", "translations", "--statistics")


@translate_cli.command("fill-english")
def fill_english():
    """English is the source language: its catalog repeats each msgid (kept for completeness)."""
    from babel.messages.pofile import read_po, write_po

    po = ROOT / "translations" / "en" / "LC_MESSAGES" / "messages.po"
    with po.open("rb") as handle:
        catalog = read_po(handle, locale="en")
    for message in catalog:
        if message.id:
            message.string = message.id
            message.flags.discard("fuzzy")
    with po.open("wb") as handle:
        write_po(handle, catalog, width=100, omit_header=False)
