"""Who a notice (or an activity's invitation) goes to: an audience spec, resolved to LINE users.

A spec names people by where they live, what they are, what they learn, how their loans
stand and whether they reported. Categories narrow each other (AND); the choices inside
one category widen it (OR): "leaders and households of villages 3 and 5 who are 30+ days
overdue". Nothing is sent outside the officer's area: every query is cut to `Area.village_ids()`
(and, for loans, `Area.fund_ids()`) whatever the spec says.

Everything is one set-based query per answer, so a province of 100,000 people resolves in
about as many statements as a village of ten. Each person is one row (filters are EXISTS
tests, never joins that could repeat them), so a person matched twice is sent to once.
People the audience matches but who must not get it are counted by reason, not sent to.
"""
from __future__ import annotations

from collections import Counter
from dataclasses import asdict, dataclass, field, fields
from datetime import date, timedelta
from typing import Any

from sqlalchemy import Connection, Select, and_, case, exists, func, literal, or_, select, text
from sqlalchemy.orm import Session

from bot import thai
from bot.area import Area
from bot.db import dialect_of
from bot.models import (
    Consent, District, Fund, GroupMember, HouseholdReport, Instalment, LineUser, Loan, OccupationalGroup, Person,
    PersonRole, Subdistrict, Village, WeeklyReport,
)
from bot.people.roles import ROLE_LABELS

# Why a matched person is not sent to. Checked in this order: a withdrawn person is not also "unlinked".
WITHDRAWN, UNLINKED, BLOCKED, NO_CONSENT = "withdrawn", "unlinked", "blocked", "no_consent"
EXCLUSIONS = (WITHDRAWN, UNLINKED, BLOCKED, NO_CONSENT)
SENDABLE = "ok"
ROLES = tuple(ROLE_LABELS)
MAX_DAYS = 3650
MAX_CHOICES = 500


class AudienceError(ValueError):
    """The spec is malformed or names something outside the officer's area; `field` says which part."""

    def __init__(self, field_name: str, message: str = "") -> None:
        super().__init__(f"{field_name}: {message}" if message else field_name)
        self.field = field_name


@dataclass(frozen=True)
class AudienceSpec:
    """An audience as the officer asked for it; empty means "anyone" for that category."""

    provinces: tuple[int, ...] = ()
    districts: tuple[int, ...] = ()
    subdistricts: tuple[int, ...] = ()
    villages: tuple[int, ...] = ()
    roles: tuple[str, ...] = ()
    # Occupational group or curriculum: members of these groups, or people learning these occupations.
    groups: tuple[int, ...] = ()
    occupations: tuple[str, ...] = ()
    # Borrowers (a household's own loan, or a member of a borrowing group) with money left on an
    # instalment at least `overdue_days` late, or due within `due_within_days`; of these funds.
    overdue_days: int | None = None
    due_within_days: int | None = None
    funds: tuple[int, ...] = ()
    # Leaders who have not sent this week's report; households that have not reported this month.
    missing_weekly_report: bool = False
    missing_monthly_report: bool = False

    def to_json(self) -> dict[str, Any]:
        """Only what is set, with lists for tuples: what a notice row stores."""
        return {name: list(value) if isinstance(value, tuple) else value
                for name, value in asdict(self).items() if value not in ((), None, False)}

    @classmethod
    def from_json(cls, data: Any) -> "AudienceSpec":
        """A spec from stored or submitted JSON; anything malformed raises AudienceError."""
        if not isinstance(data, dict):
            raise AudienceError("spec", "not an object")
        known = {f.name: f for f in fields(cls)}
        values: dict[str, Any] = {}
        for name, value in data.items():
            if name not in known:
                raise AudienceError(name, "unknown")
            values[name] = _field_value(name, value)
        return cls(**values)

    @property
    def everyone(self) -> bool:
        return not self.to_json()


_INT_LISTS = ("provinces", "districts", "subdistricts", "villages", "groups", "funds")
_DAYS = ("overdue_days", "due_within_days")
_FLAGS = ("missing_weekly_report", "missing_monthly_report")


def _field_value(name: str, value: Any) -> Any:
    if name in _FLAGS:
        if not isinstance(value, bool):
            raise AudienceError(name, "not true or false")
        return value
    if name in _DAYS:
        if value is None:
            return None
        if isinstance(value, bool) or not isinstance(value, int) or not 0 <= value <= MAX_DAYS:
            raise AudienceError(name, f"a whole number of days from 0 to {MAX_DAYS}")
        return value
    if not isinstance(value, (list, tuple)) or len(value) > MAX_CHOICES:
        raise AudienceError(name, "not a list")
    if name in _INT_LISTS:
        if any(isinstance(item, bool) or not isinstance(item, int) or item < 1 for item in value):
            raise AudienceError(name, "ids are positive whole numbers")
        return tuple(sorted(set(value)))
    if name == "roles":
        if any(item not in ROLES for item in value):
            raise AudienceError(name, f"one of {', '.join(ROLES)}")
        return tuple(sorted(set(value)))
    if any(not isinstance(item, str) or not item.strip() or len(item) > 200 for item in value):
        raise AudienceError(name, "names of 1-200 characters")
    return tuple(sorted({item.strip() for item in value}))


@dataclass(frozen=True)
class Audience:
    """A spec resolved on one day: who gets it, who is left out and why, and where they are."""

    line_user_ids: tuple[str, ...]
    excluded: dict[str, int] = field(default_factory=dict)
    by_village: dict[int, int] = field(default_factory=dict)
    # A person holding two roles counts under each, so these may add up to more than `count`.
    by_role: dict[str, int] = field(default_factory=dict)

    @property
    def count(self) -> int:
        return len(self.line_user_ids)

    @property
    def excluded_total(self) -> int:
        return sum(self.excluded.values())


def check(session: Session, scope: Area, spec: AudienceSpec) -> None:
    """Refuse a spec naming a place, group or fund with nothing in the officer's area.

    `resolve` never reaches outside the area anyway; this tells the officer they asked
    for something they cannot have, instead of quietly sending to fewer people.
    """
    villages = scope.village_ids()
    named = (("villages", Village.id, select(Village.id)),
             ("subdistricts", Subdistrict.id, select(Village.subdistrict_id)),
             ("districts", District.id, select(Subdistrict.district_id).join(Village)),
             ("provinces", District.province_id, select(District.province_id).join(Subdistrict).join(Village)))
    for name, _, reached in named:
        wanted = set(getattr(spec, name))
        if wanted:
            column = reached.selected_columns[0]
            found = set(session.scalars(reached.where(Village.id.in_(villages), column.in_(wanted)).distinct()))
            if wanted - found:
                raise AudienceError(name, "outside the area")
    if spec.groups:
        found = set(session.scalars(select(OccupationalGroup.id).where(
            OccupationalGroup.id.in_(spec.groups), OccupationalGroup.village_id.in_(villages))))
        if set(spec.groups) - found:
            raise AudienceError("groups", "outside the area")
    if spec.funds:
        found = set(session.scalars(select(Fund.id).where(Fund.id.in_(spec.funds), Fund.id.in_(scope.fund_ids()))))
        if set(spec.funds) - found:
            raise AudienceError("funds", "outside the area")


def matched(scope: Area, spec: AudienceSpec, today: date) -> Select:
    """Every person the spec matches in the area, once each: (person_id, line_user_id,
    village_id, state), state being SENDABLE or the reason they are left out."""
    consented = _latest_consent_agreed()
    state = case(
        (Person.withdrawn_at.is_not(None), literal(WITHDRAWN)),
        (or_(Person.line_user_id.is_(None), LineUser.id.is_(None)), literal(UNLINKED)),
        (LineUser.following.is_(False), literal(BLOCKED)),
        (~consented, literal(NO_CONSENT)),
        else_=literal(SENDABLE))
    query = (select(Person.id.label("person_id"), Person.line_user_id.label("line_user_id"),
                    Person.village_id.label("village_id"), state.label("state"))
             .outerjoin(LineUser, LineUser.line_user_id == Person.line_user_id)
             .where(Person.village_id.in_(scope.village_ids())))
    return query.where(*_conditions(scope, spec, today))


def sendable(scope: Area, spec: AudienceSpec, today: date) -> Select:
    """`matched` narrowed to those who get it: (person_id, line_user_id, village_id)."""
    found = matched(scope, spec, today).subquery()
    return (select(found.c.person_id, found.c.line_user_id, found.c.village_id)
            .where(found.c.state == SENDABLE))


def without_jit(session: Session | Connection) -> None:
    """PostgreSQL's JIT compiles these plans (their estimated cost is high) for longer than they run:
    at 100,000 people it took 0.67 s of a 1.1 s query. Off for the rest of this transaction."""
    if dialect_of(session) == "postgresql":
        session.execute(text("SET LOCAL jit = off"))


def resolve(session: Session, scope: Area, spec: AudienceSpec, today: date) -> Audience:
    """The spec on `today`, in three statements however many people it reaches."""
    without_jit(session)
    found = matched(scope, spec, today).subquery()
    users: list[str] = []
    excluded: Counter = Counter()
    by_village: Counter = Counter()
    for line_user_id, village_id, state in session.execute(
            select(found.c.line_user_id, found.c.village_id, found.c.state)):
        if state == SENDABLE:
            users.append(line_user_id)
            by_village[village_id] += 1
        else:
            excluded[state] += 1
    by_role = dict(session.execute(
        select(PersonRole.role, func.count()).where(PersonRole.person_id.in_(
            select(found.c.person_id).where(found.c.state == SENDABLE))).group_by(PersonRole.role)).all())
    if spec.roles:
        by_role = {role: number for role, number in by_role.items() if role in spec.roles}
    return Audience(line_user_ids=tuple(sorted(users)), excluded={k: excluded[k] for k in EXCLUSIONS if excluded[k]},
                    by_village=dict(by_village), by_role=by_role)


def tally(session: Session, scope: Area, spec: AudienceSpec, today: date) -> tuple[int, dict[str, int]]:
    """How many the spec reaches on `today` and who it leaves out, by reason: `resolve`'s figures
    without its lists, in one grouped statement (what a notice's quota check needs)."""
    without_jit(session)
    found = matched(scope, spec, today).subquery()
    states = dict(session.execute(select(found.c.state, func.count()).group_by(found.c.state)).all())
    return states.get(SENDABLE, 0), {k: states[k] for k in EXCLUSIONS if states.get(k)}


def at_most(session: Session, scope: Area, spec: AudienceSpec, today: date) -> int:
    """At most how many the spec reaches on `today`: everyone it matches, before those left out
    are taken away. Enough for the quota check of a notice that fits with room to spare, and
    a fraction of `tally`'s cost: no LINE account, follow or consent looked up per person."""
    return session.scalar(select(func.count()).select_from(Person).where(
        Person.village_id.in_(scope.village_ids()), *_conditions(scope, spec, today))) or 0


def _latest_consent_agreed():
    """True when the person's latest answer to the PDPA notice is yes (ties: the later row).

    The latest answer is read per person from `ix_consents_latest` (one index lookup), not
    by comparing every answer with every later one, which hashed the whole table whatever
    the audience's size: a village cost as much as a province."""
    latest = (select(Consent.agreed).where(Consent.line_user_id == Person.line_user_id)
              .order_by(Consent.answered_at.desc(), Consent.id.desc()).limit(1).scalar_subquery())
    return latest.is_(True)


def _conditions(scope: Area, spec: AudienceSpec, today: date) -> list:
    conditions = []
    places = _places(spec)
    if places is not None:
        conditions.append(Person.village_id.in_(places))
    if spec.roles:
        conditions.append(exists().where(PersonRole.person_id == Person.id, PersonRole.role.in_(spec.roles)))
    learning = []
    if spec.groups:
        learning.append(exists().where(GroupMember.person_id == Person.id, GroupMember.group_id.in_(spec.groups)))
    if spec.occupations:
        learning.append(Person.occupation.in_(spec.occupations))
    if learning:
        conditions.append(or_(*learning))
    if spec.overdue_days is not None or spec.due_within_days is not None or spec.funds:
        conditions.append(_borrowers(scope, spec, today))
    reports = []
    if spec.missing_weekly_report:
        reports.append(and_(_holds("leader"), Person.id.not_in(
            select(WeeklyReport.leader_id).where(WeeklyReport.week == thai.iso_week(today)))))
    if spec.missing_monthly_report:
        reports.append(and_(_holds("household"), Person.id.not_in(
            select(HouseholdReport.household_id).where(HouseholdReport.month == thai.month_key(today)))))
    if reports:
        conditions.append(or_(*reports))
    return conditions


def _holds(role: str):
    return exists().where(PersonRole.person_id == Person.id, PersonRole.role == role)


def _places(spec: AudienceSpec) -> Select | None:
    """The villages the spec names at any level, or None when it names none."""
    named = []
    if spec.villages:
        named.append(Village.id.in_(spec.villages))
    if spec.subdistricts:
        named.append(Village.subdistrict_id.in_(spec.subdistricts))
    if spec.districts:
        named.append(Subdistrict.district_id.in_(spec.districts))
    if spec.provinces:
        named.append(District.province_id.in_(spec.provinces))
    if not named:
        return None
    return select(Village.id).join(Subdistrict, Subdistrict.id == Village.subdistrict_id).join(
        District, District.id == Subdistrict.district_id).where(or_(*named))


def _borrowers(scope: Area, spec: AudienceSpec, today: date):
    """People borrowing (their own loan, or through their group) on a loan that fits the spec."""
    unpaid = Instalment.paid_amount < Instalment.amount_due
    states = []
    if spec.overdue_days is not None:
        states.append(Instalment.due_on <= today - timedelta(days=max(spec.overdue_days, 1)))
    if spec.due_within_days is not None:
        states.append(Instalment.due_on.between(today, today + timedelta(days=spec.due_within_days)))
    owing = exists().where(Instalment.loan_id == Loan.id, unpaid, or_(*states) if states else literal(True))
    loans = [Loan.fund_id.in_(scope.fund_ids()), owing]
    if spec.funds:
        loans.append(Loan.fund_id.in_(spec.funds))
    own = select(Loan.household_id).where(Loan.household_id.is_not(None), *loans)
    through_group = select(GroupMember.person_id).where(
        GroupMember.group_id.in_(select(Loan.group_id).where(Loan.group_id.is_not(None), *loans)))
    return or_(Person.id.in_(own), Person.id.in_(through_group))

