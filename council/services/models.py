"""Municipal services (housing, health…) that receive the council's recommendations."""

from datetime import datetime

from sqlalchemy import Column, ForeignKey, String, Table, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from council.db_types import UTCDateTime, utcnow
from council.extensions import db

SERVICE_NAME_MAX = 160
SERVICE_DESCRIPTION_MAX = 2000

service_officials = Table(
    "service_officials",
    db.metadata,
    Column("service_id", ForeignKey("services.id", ondelete="CASCADE"), primary_key=True),
    Column("user_id", ForeignKey("users.id", ondelete="CASCADE"), primary_key=True),
)


class Service(db.Model):
    __tablename__ = "services"

    id: Mapped[int] = mapped_column(primary_key=True)
    # The name in French, the council's working language; translations sit beside it.
    name: Mapped[str] = mapped_column(String(SERVICE_NAME_MAX), unique=True)
    contact_email: Mapped[str] = mapped_column(String(254))
    description: Mapped[str] = mapped_column(Text, default="")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    name_translations: Mapped[list["ServiceNameTranslation"]] = relationship(
        back_populates="service", cascade="all, delete-orphan", lazy="selectin"
    )
    officials = relationship("User", secondary=service_officials, back_populates="services")

    def name_in(self, locale: str) -> str:
        for translation in self.name_translations:
            if translation.locale == locale:
                return translation.name
        return self.name

    def translated_locales(self) -> dict[str, str]:
        return {t.locale: t.name for t in self.name_translations}


class ServiceNameTranslation(db.Model):
    __tablename__ = "service_name_translations"

    id: Mapped[int] = mapped_column(primary_key=True)
    service_id: Mapped[int] = mapped_column(ForeignKey("services.id", ondelete="CASCADE"))
    locale: Mapped[str] = mapped_column(String(10))
    name: Mapped[str] = mapped_column(String(SERVICE_NAME_MAX))

    service: Mapped[Service] = relationship(back_populates="name_translations")

    __table_args__ = (UniqueConstraint("service_id", "locale"),)
