"""Which language the minutes show each user-written text in: the one rule of
translations_content/choice.py (the reader's language, else French, else the original), read
through the French texts the minutes froze when approved (`Minutes.frozen_french`).

The texts: the general and easy-read summaries, each debate's summary, and the title of what
each agenda item is about (the proposal, the question from the city, the recommendation it
became). The pages read them in minutes/presentation.py.
"""

from council.minutes.models import Minutes
from council.translations_content.choice import freeze_french
from council.translations_content.registry import translatable_kind

# link kind (council/minutes/links.py) → the translatable field of its title
TITLE_FIELDS = {"proposal": "title", "referral": "question", "recommendation": "title"}


def linked(link: dict):
    """The object a record's link points at, or None (gone, or its domain not installed)."""
    spec = translatable_kind(link["kind"])
    subject_id = next(iter(link.get("args", {}).values()), None)
    return spec.loader(subject_id) if spec is not None and subject_id is not None else None


def french_to_freeze(minutes: Minutes, record: dict) -> dict:
    """At approval: the French text of every passage the minutes show."""
    entries = [("minutes", minutes, "summary"), ("minutes", minutes, "easy_read")]
    entries += [("minutes_narrative", n, "text") for n in minutes.narratives]
    for item in record["items"]:
        for link in item.get("links", []):
            field = TITLE_FIELDS.get(link["kind"])
            if field is not None:
                entries.append((link["kind"], linked(link), field))
    return freeze_french(entries)
