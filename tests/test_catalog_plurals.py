"""Plural forms follow CLDR: each catalog's header, and every plural entry, for real numbers.

Order of the forms, in every catalog, is CLDR's order of the categories a whole number can
fall in (zero, one, two, few, many, other) — for Arabic the common gettext order, where form 4
is 11–99 and form 5 is 100–102 (Babel's built-in table has them the other way round). French
has three forms (one, many, other: "1 000 000" is "many"); Turkish and Dari have two.
"""

import gettext
import io
import re
from functools import cache

import pytest
from babel import Locale
from babel.messages.mofile import write_mo

from council.i18n import LOCALE_CODES
from tests.catalog_helpers import catalog, entries, label

CLDR_ORDER = ("zero", "one", "two", "few", "many", "other")
# Enough whole numbers to meet every category of our eight languages (French "many" needs
# a million).
WHOLE_NUMBERS = [*range(0, 1201), 1_000_000, 2_000_000, 1_000_001, 10_000_000]
NUMBERS_SHOWN = (0, 1, 2, 3, 11, 100, 101)
PLACEHOLDER = re.compile(r"%\((\w+)\)([sd])")


@cache
def cldr_category(code: str, n: int) -> str:
    return Locale.parse(code).plural_form(n)


@cache
def categories(code: str) -> tuple[str, ...]:
    """The CLDR categories whole numbers reach in this language, in CLDR's order."""
    reached = {cldr_category(code, n) for n in WHOLE_NUMBERS}
    return tuple(category for category in CLDR_ORDER if category in reached)


def cldr_form_index(code: str, n: int) -> int:
    return categories(code).index(cldr_category(code, n))


@cache
def compiled(code: str) -> gettext.GNUTranslations:
    """The catalog as the application reads it: compiled to .mo, loaded by gettext."""
    buffer = io.BytesIO()
    write_mo(buffer, catalog(code))
    buffer.seek(0)
    return gettext.GNUTranslations(buffer)


def sample_values(text: str, n: int) -> dict:
    return {name: (n if kind == "d" else "X") for name, kind in PLACEHOLDER.findall(text)}


@pytest.mark.parametrize("code", LOCALE_CODES)
def test_plural_header_follows_cldr(code):
    header = catalog(code)
    assert header.num_plurals == len(categories(code)), (
        f"{code}: nplurals={header.num_plurals}, CLDR has {categories(code)}"
    )
    choose = gettext.c2py(header.plural_expr)
    wrong = [n for n in WHOLE_NUMBERS if choose(n) != cldr_form_index(code, n)]
    assert wrong == [], f"{code}: the header picks the wrong form for {wrong[:10]}"


@pytest.mark.parametrize("code", LOCALE_CODES)
def test_each_plural_entry_reads_right_for_each_number(code):
    """Render every plural entry for 0, 1, 2, 3, 11, 100, 101 through gettext."""
    translations = compiled(code)
    problems = []
    for message in entries(code):
        if not isinstance(message.id, tuple):
            continue
        forms = message.string
        if len(forms) != len(categories(code)):
            problems.append(f"{label(message)}: {len(forms)} forms, expected {categories(code)}")
            continue
        singular, plural = message.id
        wanted = set(PLACEHOLDER.findall(plural))
        for n in NUMBERS_SHOWN:
            if message.context:
                shown = translations.npgettext(message.context, singular, plural, n)
            else:
                shown = translations.ngettext(singular, plural, n)
            expected = forms[cldr_form_index(code, n)]
            if shown != expected:
                problems.append(f"{label(message)} for {n} ({cldr_category(code, n)}): {shown!r}")
            try:
                shown % sample_values(shown, n)
            except (KeyError, TypeError, ValueError) as error:
                problems.append(f"{label(message)} for {n}: cannot render ({error})")
        for index, form in enumerate(forms):
            numbers = [n for n in WHOLE_NUMBERS if cldr_form_index(code, n) == index]
            # A form may leave the number out ("حسابان", "one day") only when it stands for a
            # single number; otherwise the reader must see how many.
            if len(numbers) > 1 and not wanted <= set(PLACEHOLDER.findall(form)):
                problems.append(f"{label(message)} form {index} hides the number: {form!r}")
    assert problems == [], "\n".join(problems)


def test_arabic_counts_from_11_to_99_take_the_accusative():
    """11–99 take a singular noun in the accusative (تنوين الفتح: يومًا، توصيةً), 100–102 not.

    The form for 11 and the form for 100 are the ones a swapped header order confuses; the
    word checked is the one right after the number.
    """
    counted = re.compile(r"%\((?:num|count)\)d (\S+)")
    problems = []
    for message in entries("ar"):
        if not isinstance(message.id, tuple):
            continue
        eleven = counted.search(message.string[cldr_form_index("ar", 11)])
        hundred = counted.search(message.string[cldr_form_index("ar", 100)])
        if not eleven or not hundred or eleven.group(1) == hundred.group(1):
            continue  # a sentence shape that does not change with the number
        if "\u064b" not in eleven.group(1) or "\u064b" in hundred.group(1):
            problems.append(f"{label(message)}: 11 → {eleven.group(1)}, 100 → {hundred.group(1)}")
    assert problems == [], "\n".join(problems)
