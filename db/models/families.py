"""Families, the people in them, the agencies involved and their level-of-need history."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import Boolean, Column, Date, ForeignKey, Index, String, Table, Text, func
from sqlalchemy.orm import Mapped, mapped_column, relationship

from db.models.base import Base, SyncColumns, SyncSpec


class Family(SyncColumns, Base):
    __tablename__ = "family"
    __sync__ = SyncSpec(entity="family", family_key="id")

    reference: Mapped[str] = mapped_column(String(32), unique=True)
    family_name: Mapped[str] = mapped_column(String(120))
    address_line1: Mapped[str] = mapped_column(String(200), default="")
    address_line2: Mapped[str] = mapped_column(String(200), default="")
    town: Mapped[str] = mapped_column(String(100), default="")
    postcode: Mapped[str] = mapped_column(String(10), default="")
    phone: Mapped[str] = mapped_column(String(40), default="")
    email: Mapped[str] = mapped_column(String(200), default="")
    contact_notes: Mapped[str] = mapped_column(Text, default="")
    status: Mapped[str] = mapped_column(String(20), default="open")
    level_code: Mapped[str] = mapped_column(String(40), default="")
    lead_professional: Mapped[str] = mapped_column(String(120), default="")
    lead_agency: Mapped[str] = mapped_column(String(120), default="")
    allocated_to: Mapped[str] = mapped_column(String(80), default="")
    request_date: Mapped[dt.date | None] = mapped_column(Date, nullable=True)
    request_source: Mapped[str] = mapped_column(String(40), default="")
    request_reason: Mapped[str] = mapped_column(Text, default="")
    last_contact: Mapped[dt.date | None] = mapped_column(Date, nullable=True)
    next_review: Mapped[dt.date | None] = mapped_column(Date, nullable=True)

    people: Mapped[list[Person]] = relationship(back_populates="family")


class Person(SyncColumns, Base):
    __tablename__ = "person"
    __sync__ = SyncSpec(entity="person", family_key="family_id")

    family_id: Mapped[str] = mapped_column(ForeignKey("family.id"))
    # child, unborn, parent_carer, significant_adult
    role: Mapped[str] = mapped_column(String(30))
    given_name: Mapped[str] = mapped_column(String(80), default="")
    family_name: Mapped[str] = mapped_column(String(80), default="")
    relationship_to_child: Mapped[str] = mapped_column(String(80), default="")
    date_of_birth: Mapped[dt.date | None] = mapped_column(Date, nullable=True)
    expected_date: Mapped[dt.date | None] = mapped_column(Date, nullable=True)
    gender: Mapped[str] = mapped_column(String(40), default="")
    ethnicity: Mapped[str] = mapped_column(String(80), default="")
    language: Mapped[str] = mapped_column(String(60), default="")
    interpreter_needed: Mapped[bool] = mapped_column(Boolean, default=False)
    school_or_setting: Mapped[str] = mapped_column(String(160), default="")
    nhs_number: Mapped[str] = mapped_column(String(12), default="")

    family: Mapped[Family] = relationship(back_populates="people")


class AgencyInvolvement(SyncColumns, Base):
    __tablename__ = "agency_involvement"
    __sync__ = SyncSpec(entity="agency_involvement", family_key="family_id")

    family_id: Mapped[str] = mapped_column(ForeignKey("family.id"), index=True)
    agency: Mapped[str] = mapped_column(String(120))
    contact_name: Mapped[str] = mapped_column(String(120), default="")
    contact_role: Mapped[str] = mapped_column(String(120), default="")
    phone: Mapped[str] = mapped_column(String(40), default="")
    email: Mapped[str] = mapped_column(String(200), default="")


class LevelChange(SyncColumns, Base):
    """One decision about a family's level of need; the history is all of them."""

    __tablename__ = "level_change"
    __sync__ = SyncSpec(entity="level_change", family_key="family_id")

    family_id: Mapped[str] = mapped_column(ForeignKey("family.id"), index=True)
    decided_on: Mapped[dt.date] = mapped_column(Date)
    from_level: Mapped[str] = mapped_column(String(40), default="")
    to_level: Mapped[str] = mapped_column(String(40))
    # initial, step_up, step_down, up, down
    direction: Mapped[str] = mapped_column(String(20))
    reason: Mapped[str] = mapped_column(Text, default="")
    decided_by: Mapped[str] = mapped_column(String(120), default="")


Index("ix_family_status_level", Family.status, Family.level_code)
# A family's people, youngest first, with what the caseload shows of them: at every
# unlock the caseload reads every family's names and children from this index alone,
# in order (app.families.caseload), rather than sorting everyone and looking each row
# up in the table. It also finds a family's people, as the index on family_id did.
Index(
    "ix_person_family_youngest_first",
    Person.family_id,
    func.coalesce(Person.expected_date, Person.date_of_birth).desc(),
    Person.deleted,
    Person.role,
    Person.given_name,
    Person.family_name,
    Person.date_of_birth,
    Person.expected_date,
)
# What the caseload shows of each family's people, one row a family that has anyone:
# ``names``, everyone's names (the words a search finds), and ``children``, each child's
# role, names and dates, youngest first (app.families.caseload reads them). Not a
# record of its own: SQLite triggers on person keep it (db.caseload_lines, where the
# lines' format is), so any write to person, through the ORM, a sync's bulk insert or
# plain SQL, keeps it true. A migration that makes the person table again (a batch
# alteration) drops those triggers and must create them again.
caseload_people = Table(
    "caseload_people",
    Base.metadata,
    Column("family_id", String(36), primary_key=True),
    Column("names", Text, nullable=False),
    Column("children", Text, nullable=True),
    sqlite_with_rowid=False,
)
