"""The officers' overview page for a whole district: time to render and SQL queries per render,
at the issue's size and at a tenth of it, to show the query count does not grow with villages.

    python -m benchmarks.console_overview [--backend embedded|postgres] [--pg-admin URL] [--renders 30]

The full district: 250 villages (10 subdistricts of 25), 2 leaders and 20 households per
village (5,000 households), a year (52 weeks) of weekly reports from 85 % of the leaders each
week, 12 monthly reports per household, and 1,000 household loans of 20 monthly instalments
(20,000 instalments), the first eight months paid except on every eighth loan. The baseline
is the same shape with 25 villages (a tenth of everything). Each render is one GET of
/console/ through the real app (Flask test client) by a district officer; the first render of
each size is a warm-up. The database is created for the run and dropped (PostgreSQL) or its
temporary folder removed (SQLite) afterwards.
"""
from __future__ import annotations

import argparse
import secrets
import shutil
import statistics
import tempfile
import time
from datetime import date, datetime, timedelta
from decimal import Decimal
from pathlib import Path

from sqlalchemy import create_engine, event, insert, text

import sammachip  # noqa: F401  (the entry layer installs the dispatch the app expects)
from bot import accounts, clock, migrate, thai
from bot.db import Database
from bot.models import (
    District, HouseholdReport, Fund, Instalment, LeaderHousehold, Loan, Person, PersonRole, Province, Subdistrict,
    Village, WeeklyReport,
)
from bot.settings import TIMEZONE, Settings
from sammachip.app import create_app

NOW = datetime(2026, 12, 2, 10, 0, tzinfo=TIMEZONE)
SUBDISTRICTS = 10
LEADERS_PER_VILLAGE, HOUSEHOLDS_PER_VILLAGE = 2, 20
WEEKS, MONTHS = 52, 12
INSTALMENTS_PER_LOAN = 20
CHUNK = 5_000


def _insert(connection, table, rows) -> None:
    for start in range(0, len(rows), CHUNK):
        connection.execute(insert(table), rows[start:start + CHUNK])


def build(db: Database, villages: int) -> None:
    """A district of `villages` villages with people, a year of reports and loans (see the module doc)."""
    now = clock.utcnow()
    per_subdistrict = -(-villages // SUBDISTRICTS)
    weeks = [thai.iso_week(NOW - timedelta(weeks=back)) for back in range(WEEKS)]
    months = [thai.month_key(date(NOW.year - (NOW.month - 1 - back < 0), (NOW.month - 1 - back) % 12 + 1, 1))
              for back in range(MONTHS)]
    with db.engine.begin() as c:
        c.execute(insert(Province.__table__), [{"id": 1, "name": "จังหวัดทดสอบ"}])
        c.execute(insert(District.__table__), [{"id": 1, "province_id": 1, "name": "อำเภอทดสอบ"}])
        _insert(c, Subdistrict.__table__, [{"id": s, "district_id": 1, "name": f"ตำบล{s}"}
                                           for s in range(1, SUBDISTRICTS + 1)])
        _insert(c, Village.__table__, [{"id": v, "subdistrict_id": (v - 1) // per_subdistrict + 1,
                                        "moo": (v - 1) % per_subdistrict + 1, "name": f"บ้าน{v}"}
                                       for v in range(1, villages + 1)])
        people, roles, links, weekly, monthly = [], [], [], [], []
        person_id = 0
        leaders_by_village: dict[int, list[int]] = {}
        households: list[tuple[int, int]] = []
        for village in range(1, villages + 1):
            for _ in range(LEADERS_PER_VILLAGE):
                person_id += 1
                people.append({"id": person_id, "person_key": secrets.token_hex(16), "full_name": f"ผู้นำ {person_id}",
                               "phone": "0811111111", "village_id": village, "created_at": now})
                roles.append({"person_id": person_id, "role": "leader"})
                leaders_by_village.setdefault(village, []).append(person_id)
            for index in range(HOUSEHOLDS_PER_VILLAGE):
                person_id += 1
                people.append({"id": person_id, "person_key": secrets.token_hex(16),
                               "full_name": f"ครัวเรือน {person_id}", "phone": "0822222222", "village_id": village,
                               "created_at": now})
                roles.append({"person_id": person_id, "role": "household"})
                links.append({"leader_id": leaders_by_village[village][index % LEADERS_PER_VILLAGE],
                              "household_id": person_id})
                households.append((person_id, village))
        for leader_ids in leaders_by_village.values():
            for leader in leader_ids:
                for number, week in enumerate(weeks):
                    if (leader + number) % 7 == 0:
                        continue  # about 85 % of leaders report in a week
                    weekly.append({"leader_id": leader, "week": week, "visited_household_ids": [],
                                   "activities": [], "households_practising": 8, "income_trend": "up",
                                   "photo_message_ids": [], "late": number % 5 == 0, "submitted_at": now,
                                   "updated_at": now})
        for household, _ in households:
            for number, month in enumerate(months):
                monthly.append({"household_id": household, "month": month, "practised": (household + number) % 4 != 0,
                                "income_vs_start": "up" if household % 5 else "same", "needs_help": False,
                                "submitted_at": now})
        officer_id = person_id + 1  # ids are given explicitly, so PostgreSQL's sequences are never asked
        people.append({"id": officer_id, "person_key": secrets.token_hex(16), "full_name": "พัฒนากร ทดสอบ",
                       "phone": "0833333333", "village_id": None, "created_at": now})
        _insert(c, Person.__table__, people)
        _insert(c, PersonRole.__table__, roles)
        _insert(c, LeaderHousehold.__table__, links)
        _insert(c, WeeklyReport.__table__, weekly)
        _insert(c, HouseholdReport.__table__, monthly)
        c.execute(insert(Fund.__table__), [{"id": s, "name": f"กองทุนสตรี ตำบล{s}", "kind": "womens",
                                            "subdistrict_id": s} for s in range(1, SUBDISTRICTS + 1)])
        loans, instalments = [], []
        first_due = date(2026, 4, 15)
        for loan_id, (household, village) in enumerate(households[::5], start=1):
            loans.append({"id": loan_id, "fund_id": (village - 1) // per_subdistrict + 1, "contract": f"C{loan_id}",
                          "household_id": household, "principal": Decimal("20000.00"), "interest_rate": Decimal("0"),
                          "approved_on": date(2026, 3, 1), "frequency": "monthly", "created_at": now})
            for number in range(1, INSTALMENTS_PER_LOAN + 1):
                due = date(first_due.year + (first_due.month + number - 2) // 12,
                           (first_due.month + number - 2) % 12 + 1, 15)
                paid = Decimal("1000.00") if number <= 8 and loan_id % 8 else Decimal("0.00")
                instalments.append({"loan_id": loan_id, "number": number, "due_on": due,
                                    "principal_due": Decimal("1000.00"), "interest_due": Decimal("0.00"),
                                    "amount_due": Decimal("1000.00"), "paid_amount": paid,
                                    "paid_on": due if paid else None})
        _insert(c, Loan.__table__, loans)
        _insert(c, Instalment.__table__, instalments)
    with db.session() as session:
        accounts.create(session, session.get(Person, officer_id), "bench-officer", "bench-password-1", "officer",
                        district=session.get(District, 1))


def _database(backend: str, pg_admin: str, villages: int, folder: Path) -> str:
    if backend == "embedded":
        return f"sqlite:///{folder / f'overview_{villages}.sqlite3'}"
    name = f"sammachip_console_bench_{villages}_{secrets.token_hex(3)}"
    admin = create_engine(pg_admin, isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.execute(text(f'CREATE DATABASE "{name}"'))
    admin.dispose()
    return pg_admin.rsplit("/", 1)[0] + f"/{name}"


def _drop(backend: str, pg_admin: str, url: str) -> None:
    if backend != "postgres":
        return
    admin = create_engine(pg_admin, isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.execute(text(f'DROP DATABASE IF EXISTS "{url.rsplit("/", 1)[1]}" WITH (FORCE)'))
    admin.dispose()


def measure(url: str, folder: Path, villages: int, renders: int) -> dict:
    migrate.upgrade(url)
    db = Database(url)
    started = time.perf_counter()
    build(db, villages)
    built = time.perf_counter() - started
    db.dispose()
    # No Redis is needed: the overview reads only the database, and the session is set directly.
    app = create_app(Settings(env="benchmark", instance_dir=folder, database_url=url, redis_url="redis://127.0.0.1:9"))
    runtime = app.extensions["sammachip"]
    queries = [0]
    event.listen(runtime.db.engine, "before_cursor_execute", lambda *args: queries.__setitem__(0, queries[0] + 1))
    client = app.test_client()
    with client.session_transaction() as session:
        session["account_id"] = 1
    times, counts = [], []
    for index in range(renders + 1):
        queries[0] = 0
        started = time.perf_counter()
        response = client.get("/console/")
        elapsed = time.perf_counter() - started
        assert response.status_code == 200, response.status_code
        if index:  # the first render is a warm-up
            times.append(elapsed * 1000)
            counts.append(queries[0])
    runtime.close()
    times.sort()
    return {"villages": villages, "built_s": built, "p50": statistics.median(times),
            "p95": times[max(0, int(len(times) * 0.95) - 1)], "queries": max(counts), "min_queries": min(counts)}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--backend", choices=["embedded", "postgres"], default="embedded")
    parser.add_argument("--pg-admin", default="postgresql+psycopg://postgres@127.0.0.1:5432/postgres")
    parser.add_argument("--renders", type=int, default=30)
    parser.add_argument("--villages", type=int, default=250)
    args = parser.parse_args()
    folder = Path(tempfile.mkdtemp(prefix="console-bench-"))
    results = []
    try:
        with clock.frozen_at(NOW):
            for villages in (args.villages // 10, args.villages):
                url = _database(args.backend, args.pg_admin, villages, folder)
                try:
                    results.append(measure(url, folder, villages, args.renders))
                finally:
                    _drop(args.backend, args.pg_admin, url)
    finally:
        shutil.rmtree(folder, ignore_errors=True)
    for r in results:
        print(f"{r['villages']} villages ({r['villages'] * HOUSEHOLDS_PER_VILLAGE} households, "
              f"{r['villages'] * HOUSEHOLDS_PER_VILLAGE // 5 * INSTALMENTS_PER_LOAN} instalments; built in "
              f"{r['built_s']:.1f} s): {args.renders} renders, p50 {r['p50']:.0f} ms, p95 {r['p95']:.0f} ms, "
              f"SQL queries per render {r['min_queries']}-{r['queries']}")
    small, large = results
    print(f"queries at {large['villages']} / at {small['villages']} villages = {large['queries'] / small['queries']:.2f}")
    print(f"p95 at {large['villages']} / at {small['villages']} villages = {large['p95'] / small['p95']:.2f}")


if __name__ == "__main__":
    main()
