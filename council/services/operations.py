"""Creating and editing municipal services."""

from flask_babel import gettext as _
from sqlalchemy import func, select

from council.errors import OperationError
from council.extensions import db
from council.i18n import LOCALE_CODES
from council.services.models import Service, ServiceNameTranslation


def _check_unique_name(name: str, service: Service | None = None) -> None:
    query = select(Service.id).where(func.lower(Service.name) == name.strip().lower())
    if service is not None:
        query = query.where(Service.id != service.id)
    if db.session.scalar(query) is not None:
        raise OperationError(_("A service with this name already exists."), "name")


def create_service(
    name: str, contact_email: str, description: str = "", translations: dict | None = None
) -> Service:
    _check_unique_name(name)
    service = Service(
        name=name.strip(), contact_email=contact_email.strip().lower(), description=description
    )
    db.session.add(service)
    set_name_translations(service, translations or {})
    db.session.flush()
    return service


def update_service(
    service: Service, name: str, contact_email: str, description: str, translations: dict
) -> None:
    _check_unique_name(name, service)
    service.name = name.strip()
    service.contact_email = contact_email.strip().lower()
    service.description = description
    set_name_translations(service, translations)
    db.session.flush()


def set_name_translations(service: Service, translations: dict[str, str]) -> None:
    """Replace the translated names; an empty value removes that language's name."""
    existing = {t.locale: t for t in service.name_translations}
    for locale in LOCALE_CODES:
        name = (translations.get(locale) or "").strip()
        if name and locale in existing:
            existing[locale].name = name
        elif name:
            service.name_translations.append(ServiceNameTranslation(locale=locale, name=name))
        elif locale in existing:
            service.name_translations.remove(existing[locale])
