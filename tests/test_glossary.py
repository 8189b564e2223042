"""Each language says each of the council's key terms one way, the glossary's way.

A term's English in a msgid (docs/glossary/terms.toml says where) requires one of that
language's glossary words (docs/glossary/<code>.md) in the translation.
"""

import pytest

from council.i18n import LOCALE_CODES
from tests.catalog_helpers import TRANSLATED, entries, label, source_text, translations
from tests.glossary import GLOSSARY, terms, uses_one_of, words


@pytest.mark.parametrize("code", LOCALE_CODES)
def test_glossary_gives_every_term_in_every_language(code):
    assert (GLOSSARY / f"{code}.md").exists()
    listed = words(code)
    assert sorted(set(terms()) - set(listed)) == [], f"{code}.md lacks these terms"
    assert sorted(set(listed) - set(terms())) == [], f"{code}.md has terms unknown to terms.toml"
    assert [english for english, accepted in listed.items() if not accepted] == []


def test_every_term_occurs_in_the_interface():
    """A term no msgid uses would check nothing: its pattern is wrong or it is not needed."""
    unused = [
        english
        for english, term in terms().items()
        if not any(term.concerns(source_text(m), m.context) for m in entries("en"))
    ]
    assert unused == []


@pytest.mark.parametrize("code", TRANSLATED)
def test_translations_use_the_glossary_words(code):
    accepted = words(code)
    problems = []
    for message in entries(code):
        english_text = source_text(message)
        for english, term in terms().items():
            if not term.concerns(english_text, message.context):
                continue
            for text in translations(message):
                if not uses_one_of(text, accepted[english], code):
                    problems.append(f"{english!r} → {accepted[english][0]!r}: {label(message)}")
                    problems.append(f"    {text}")
                    break
    assert problems == [], f"{len(problems) // 2} entries:\n" + "\n".join(problems)
