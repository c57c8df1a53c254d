"""Places, people and the roles they hold.

A person is known before they ever chat: officers import them, then hand each an
invite code. Only a redeemed code links a LINE account to a person, so nobody
can claim to be someone else by typing a name.
"""
from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, Index, Integer, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from bot import clock, texts
from bot.db import Base


class Province(Base):
    __tablename__ = "provinces"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(100), unique=True)


class District(Base):
    __tablename__ = "districts"
    __table_args__ = (UniqueConstraint("province_id", "name"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    province_id: Mapped[int] = mapped_column(ForeignKey("provinces.id"))
    name: Mapped[str] = mapped_column(String(100))
    province: Mapped[Province] = relationship()


class Subdistrict(Base):
    __tablename__ = "subdistricts"
    __table_args__ = (UniqueConstraint("district_id", "name"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    district_id: Mapped[int] = mapped_column(ForeignKey("districts.id"))
    name: Mapped[str] = mapped_column(String(100))
    district: Mapped[District] = relationship()


class Village(Base):
    __tablename__ = "villages"
    __table_args__ = (UniqueConstraint("subdistrict_id", "moo"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    subdistrict_id: Mapped[int] = mapped_column(ForeignKey("subdistricts.id"))
    moo: Mapped[int] = mapped_column(Integer)  # หมู่ที่
    name: Mapped[str] = mapped_column(String(100))
    subdistrict: Mapped[Subdistrict] = relationship()

    @property
    def label(self) -> str:
        return texts.VILLAGE_LABEL.format(moo=self.moo, name=self.name, subdistrict=self.subdistrict.name,
                                          district=self.subdistrict.district.name)


class Person(Base):
    __tablename__ = "people"

    id: Mapped[int] = mapped_column(primary_key=True)
    # sha256 of the national ID, else of the phone number: stable across re-imports
    # without keeping the ID itself.
    person_key: Mapped[str] = mapped_column(String(64), unique=True)
    full_name: Mapped[str] = mapped_column(String(200))
    phone: Mapped[str | None] = mapped_column(String(20))
    # Indexed: an audience of a few villages reads their people, not the whole province.
    village_id: Mapped[int | None] = mapped_column(ForeignKey("villages.id"), index=True)
    occupation: Mapped[str | None] = mapped_column(String(200))
    household_members: Mapped[int | None] = mapped_column(Integer)
    line_user_id: Mapped[str | None] = mapped_column(String(64), unique=True)
    linked_at: Mapped[datetime | None]
    # Personal data is erased on withdrawal; the row stays so counts stay right.
    withdrawn_at: Mapped[datetime | None]
    created_at: Mapped[datetime] = mapped_column(default=clock.utcnow)
    village: Mapped[Village | None] = relationship()
    roles: Mapped[list["PersonRole"]] = relationship(cascade="all, delete-orphan", back_populates="person")

    @property
    def role_names(self) -> set[str]:
        return {role.role for role in self.roles}

    @property
    def roles_in_thai(self) -> str:
        return ", ".join(texts.ROLE_NAMES[r] for r in sorted(self.role_names) if r in texts.ROLE_NAMES)

    @property
    def village_label(self) -> str:
        return self.village.label if self.village is not None else texts.NO_VILLAGE


class PersonRole(Base):
    """household | leader | committee | officer; one person may hold several."""

    __tablename__ = "person_roles"
    __table_args__ = (UniqueConstraint("person_id", "role"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    person_id: Mapped[int] = mapped_column(ForeignKey("people.id", ondelete="CASCADE"))
    role: Mapped[str] = mapped_column(String(16))
    person: Mapped[Person] = relationship(back_populates="roles")


class LeaderHousehold(Base):
    """The households a sammachip leader teaches and follows."""

    __tablename__ = "leader_households"
    __table_args__ = (UniqueConstraint("leader_id", "household_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    leader_id: Mapped[int] = mapped_column(ForeignKey("people.id", ondelete="CASCADE"))
    household_id: Mapped[int] = mapped_column(ForeignKey("people.id", ondelete="CASCADE"))


class OccupationalGroup(Base):
    __tablename__ = "occupational_groups"
    __table_args__ = (UniqueConstraint("village_id", "name"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    village_id: Mapped[int] = mapped_column(ForeignKey("villages.id"))
    name: Mapped[str] = mapped_column(String(200))
    occupation: Mapped[str | None] = mapped_column(String(200))


class GroupMember(Base):
    """A member of an occupational group, with their committee seat if any (the "5 ก")."""

    __tablename__ = "group_members"
    __table_args__ = (UniqueConstraint("group_id", "person_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    group_id: Mapped[int] = mapped_column(ForeignKey("occupational_groups.id", ondelete="CASCADE"))
    person_id: Mapped[int] = mapped_column(ForeignKey("people.id", ondelete="CASCADE"))
    # chair | vice_chair | secretary | treasurer | accounts | marketing | production | quality | pr; null: member
    committee_role: Mapped[str | None] = mapped_column(String(16))


class OfficerScope(Base):
    """Where an officer follows up: a whole district, or some of its subdistricts."""

    __tablename__ = "officer_scopes"
    __table_args__ = (UniqueConstraint("person_id", "district_id", "subdistrict_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    person_id: Mapped[int] = mapped_column(ForeignKey("people.id", ondelete="CASCADE"))
    district_id: Mapped[int] = mapped_column(ForeignKey("districts.id"))
    subdistrict_id: Mapped[int | None] = mapped_column(ForeignKey("subdistricts.id"))


class InviteCode(Base):
    __tablename__ = "invite_codes"

    id: Mapped[int] = mapped_column(primary_key=True)
    person_id: Mapped[int] = mapped_column(ForeignKey("people.id", ondelete="CASCADE"), index=True)
    code: Mapped[str] = mapped_column(String(16), unique=True)
    created_at: Mapped[datetime] = mapped_column(default=clock.utcnow)
    expires_at: Mapped[datetime]
    used_at: Mapped[datetime | None]
    person: Mapped[Person] = relationship()


class Consent(Base):
    """A LINE user's answer to the PDPA notice, kept even before they link."""

    __tablename__ = "consents"
    # A person's latest answer is the last entry of their part of this index (ties: the later
    # row), read without touching the table: how an audience checks consent, one lookup a person.
    __table_args__ = (Index("ix_consents_latest", "line_user_id", "answered_at", "id", "agreed"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    line_user_id: Mapped[str] = mapped_column(String(64))
    notice_version: Mapped[str] = mapped_column(String(16))
    agreed: Mapped[bool]
    answered_at: Mapped[datetime] = mapped_column(default=clock.utcnow)
