"""One English word, two meanings: each meaning has its own entry (msgctxt) and its own words.

A reader must tell the council's decision ("adopted") from a service's answer ("accepted"), an
irreversible withdrawal from a cancel button, a count from an identifier.
"""

import pytest

from tests.catalog_helpers import TRANSLATED, template, translation_of

# English words that mean different things on different pages: the template may hold them
# only with a context (pgettext / lazy_pgettext), never bare, so that each sense is translated.
AMBIGUOUS = {
    "Withdraw",
    "Withdrawn",
    "Adopted",
    "Rejected",
    "Accepted",
    "adopted",
    "rejected",
    "accepted",
    "withdrawn",
    "planned",
    "Name",
    "Number",
    "Answer",
    "Vote",
    "Present",
    "Excused",
    "Absent",
    "Open",
    "Closed",
    "Answered",
    "Share",
    "Report",
}

# Pairs of senses that must read differently in every language.
DISTINCT = [
    (("proposal", "Adopted"), ("response", "Accepted")),
    (("proposal", "adopted"), ("response", "accepted")),
    (("vote outcome", "Adopted"), ("response", "Accepted")),
    ((None, "Withdraw the proposal"), ("invitation", "Withdraw")),
    (("noun", "Vote"), ("verb", "Vote")),
    (("referral", "Open"), ("button", "Open")),
]


def test_ambiguous_words_exist_only_with_a_context():
    bare = sorted(
        message.id
        for message in template()
        if isinstance(message.id, str) and message.id in AMBIGUOUS and not message.context
    )
    assert bare == [], f"give these msgids a context (pgettext): {bare}"


@pytest.mark.parametrize("code", TRANSLATED)
@pytest.mark.parametrize(("first", "second"), DISTINCT, ids=lambda pair: "/".join(map(str, pair)))
def test_two_senses_read_differently(code, first, second):
    one = translation_of(code, first[1], first[0])
    other = translation_of(code, second[1], second[0])
    assert one.casefold() != other.casefold(), f"{code}: {first} and {second} both read {one!r}"
