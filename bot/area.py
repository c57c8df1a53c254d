"""The area a console account may see: every console query is narrowed by it.

An officer sees the villages of their province, district or subdistrict; a committee
member the villages their fund serves, and only that fund's loans; an admin everything.
Lookups of one record by id go through `village_in` / `fund_in`, so another area's
record is "not found", never "forbidden" (which would tell that it exists).
"""
from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import Select, literal, or_, select
from sqlalchemy.orm import Session

from bot.models import ConsoleAccount, District, Fund, Province, Subdistrict, Village
from bot.people.places import DISTRICT, PROVINCE, SUBDISTRICT, place_name
from bot.people.tables import RowError, Table
from bot.texts import console as texts


@dataclass(frozen=True)
class Area:
    role: str
    province_id: int | None = None
    district_id: int | None = None
    subdistrict_id: int | None = None
    fund_id: int | None = None

    @classmethod
    def of(cls, account: ConsoleAccount) -> "Area":
        return cls(role=account.role, province_id=account.province_id, district_id=account.district_id,
                   subdistrict_id=account.subdistrict_id, fund_id=account.fund_id)

    @property
    def everything(self) -> bool:
        return self.role == "admin"

    def village_ids(self) -> Select:
        """A subquery of the ids of every village in the area."""
        query = select(Village.id)
        if self.everything:
            return query
        if self.role == "committee":
            fund = select(Fund.village_id, Fund.subdistrict_id).where(Fund.id == self.fund_id).subquery()
            return query.join(fund, or_(Village.id == fund.c.village_id,
                                        Village.subdistrict_id == fund.c.subdistrict_id))
        if self.subdistrict_id is not None:
            return query.where(Village.subdistrict_id == self.subdistrict_id)
        if self.district_id is not None:
            return query.join(Subdistrict).where(Subdistrict.district_id == self.district_id)
        if self.province_id is not None:
            return query.join(Subdistrict).join(District).where(District.province_id == self.province_id)
        return query.where(literal(False))

    def fund_ids(self) -> Select:
        """Funds whose loans the account sees: its own fund, or the funds of its villages."""
        if self.everything:
            return select(Fund.id)
        if self.role == "committee":
            return select(Fund.id).where(Fund.id == self.fund_id)
        villages = self.village_ids()
        in_area_subdistricts = select(Village.subdistrict_id).where(Village.id.in_(villages))
        return select(Fund.id).where(or_(Fund.village_id.in_(villages), Fund.subdistrict_id.in_(in_area_subdistricts)))

    def village_in(self, session: Session, village_id: int) -> Village | None:
        return session.scalar(select(Village).where(Village.id == village_id, Village.id.in_(self.village_ids())))

    def fund_in(self, session: Session, fund_id: int) -> Fund | None:
        return session.scalar(select(Fund).where(Fund.id == fund_id, Fund.id.in_(self.fund_ids())))

    def label(self, session: Session) -> str:
        """The area's name as the console header shows it."""
        if self.everything:
            return texts.AREA_EVERYWHERE
        if self.role == "committee":
            fund = session.get(Fund, self.fund_id)
            return fund.name if fund else "-"
        if self.subdistrict_id is not None:
            place = session.get(Subdistrict, self.subdistrict_id)
            return texts.AREA_SUBDISTRICT.format(subdistrict=place.name, district=place.district.name)
        if self.district_id is not None:
            place = session.get(District, self.district_id)
            return texts.AREA_DISTRICT.format(district=place.name, province=place.province.name)
        return texts.AREA_PROVINCE.format(province=session.get(Province, self.province_id).name)


def rows_outside(session: Session, area: Area, table: Table) -> list[RowError]:
    """Rows of an import file whose place is not in the area: an officer imports only their own.

    Checked on the place names written in the row, before anything is written, so a file
    naming another district is refused whole, like any other error.
    """
    if area.everything:
        return []
    if area.role == "committee":
        return [RowError(0, "", texts.IMPORT_NOT_FOR_COMMITTEE)]
    want = _area_names(session, area)
    if not any(column in table.headers for column in want):
        return [RowError(1, "", texts.IMPORT_NEEDS_PLACES)]
    errors = []
    for number, cells in table.rows:
        for column, name in want.items():
            given = place_name(column, cells.get(column, "")) if cells.get(column) else ""
            if given != name:
                errors.append(RowError(number, column, texts.IMPORT_OUTSIDE_AREA.format(area=area.label(session))))
                break
    return errors


def _area_names(session: Session, area: Area) -> dict[str, str]:
    if area.subdistrict_id is not None:
        place = session.get(Subdistrict, area.subdistrict_id)
        return {DISTRICT: place.district.name, SUBDISTRICT: place.name}
    if area.district_id is not None:
        place = session.get(District, area.district_id)
        return {PROVINCE: place.province.name, DISTRICT: place.name}
    return {PROVINCE: session.get(Province, area.province_id).name}
