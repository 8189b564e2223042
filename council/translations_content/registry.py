"""The kinds of texts people may translate. Each domain registers its own, e.g.:

    register_translatable(
        "referral", label=_l("Question from the city"),
        loader=lambda id: db.session.get(Referral, id),
        fields=(TextField("question", _l("Question"), max_length=200, multiline=False),
                TextField("context", _l("Context"), max_length=20_000, markdown=True)),
        can_read=can_read_referral, language_of=lambda referral, field: referral.language,
        url_of=referral_url, title_of=lambda r: r.question, authors_of=lambda r: [r.referred_by_id],
        recent=lambda limit: ...)

`language_of(obj, field)` answers per field because some texts (minutes) declare a language per
section. `translators(user, obj)` says who may translate this text (members by default; the
officials of the service that wrote it too, for a service's responses: the same object rule
as for writing the text, so nobody publishes words in another service's name).
`on_change(obj)` runs after its translations change (e.g. to re-index the text for search).
`recent(limit)` lists the texts the queue considers. `record_of(obj)` gives the French texts an
official record froze (choice.py: they win over later edits).
"""

import importlib
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from council.permissions import is_member, is_secretary


@dataclass(frozen=True)
class TextField:
    name: str  # stable key stored in content_translations.field
    label: object  # lazy translated label
    max_length: int
    attr: str = ""  # attribute holding the original (default: the name)
    multiline: bool = True
    markdown: bool = False
    easy_read: bool = False

    def original(self, obj) -> str:
        return getattr(obj, self.attr or self.name) or ""


def members_translate(user, obj=None) -> bool:
    return is_member(user) or is_secretary(user)


@dataclass(frozen=True)
class TranslatableKind:
    kind: str
    label: object
    loader: Callable[[int], object | None]
    fields: tuple[TextField, ...]
    can_read: Callable[[object, object], bool]
    language_of: Callable[[object, str], str]
    url_of: Callable[[object], str]
    title_of: Callable[[object], str]
    authors_of: Callable[[object], Iterable[int | None]]
    recent: Callable[[int], Iterable[object]]
    translators: Callable[[object, object], bool] = members_translate
    on_change: Callable[[object], None] | None = None
    # The frozen French texts of the official record the object belongs to (approved minutes,
    # a transmitted recommendation): {"kind:id:field": {...}}, see translations_content/choice.py.
    record_of: Callable[[object], dict | None] | None = None

    def field(self, name: str) -> TextField | None:
        return next((f for f in self.fields if f.name == name), None)


_REGISTRY: dict[str, TranslatableKind] = {}

# Modules with a `register()` that declares their translatable texts; a domain adds itself here.
DOMAINS = [
    "council.proposals.translatable",
    "council.referrals.translatable",
    "council.comments.translatable",
    "council.recommendations.translatable",
    "council.minutes.translatable",
    "council.attachments.translatable",
]


def register_translatable(kind: str, **spec) -> None:
    _REGISTRY[kind] = TranslatableKind(kind=kind, **spec)


def translatable_kind(kind: str) -> TranslatableKind | None:
    return _REGISTRY.get(kind)


def registered_kinds() -> list[TranslatableKind]:
    return [_REGISTRY[kind] for kind in sorted(_REGISTRY)]


def register_domains() -> None:
    for module in DOMAINS:
        importlib.import_module(module).register()
