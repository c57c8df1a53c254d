"""The reminder planner on a synthetic province: how long one run takes and how many SQL
queries it issues, at several sizes, to show that finding due reminders costs the same
few queries however many instalments there are.

    python -m benchmarks.loans_planner [--backend postgres|embedded] [--sizes 100000,300000,1000000]
        [--pg-admin URL]   (a database of its own per size, dropped afterwards; see benchmarks/stack.py)

A province of 25 districts x 10 subdistricts x 10 villages (2,500 villages), one committee
member per village, one officer per district, and one household borrower per loan; each loan
has 20 monthly instalments (so 1,000,000 instalments is 50,000 loans). First due dates are
spread over 28 days; instalments due before the benchmark day are paid except on every tenth
loan, which is overdue. Every tenth person is linked to LINE and consented. The benchmark
day is 15 March 2027 at 09:00 Bangkok, when the 09:00 steps fire. Rows are bulk inserted
with executemany in chunks. Delivery jobs are counted, not sent to Redis.

The first run of the day is the one that decides every reminder; a second run at the
same instant finds them all decided. Queries are counted with `before_cursor_execute`
(an executemany counts once).
"""
from __future__ import annotations

import argparse
import time
from datetime import date, datetime, timedelta
from decimal import Decimal

from sqlalchemy import event, insert, text

from benchmarks import stack
from bot import clock
from bot.db import Database
from bot.loans import planner
from bot.models import (
    Consent, District, Fund, Instalment, LineUser, Loan, OfficerScope, Person, PersonRole, Province, Subdistrict,
    Village,
)
from bot.settings import TIMEZONE

NOW = datetime(2027, 3, 15, 9, 0, tzinfo=TIMEZONE)
INSTALMENTS_PER_LOAN = 20
CHUNK = 10_000
DISTRICTS, SUBDISTRICTS, VILLAGES = 25, 10, 10


class Counting:
    """A runtime for the planner: a real database, deliveries counted instead of queued."""

    def __init__(self, db: Database):
        self.db = db
        self.dispatch = self
        self.enqueued = 0

    def deliver(self, outbox_id: int, delay=None) -> None:
        self.enqueued += 1


def _insert(connection, table, rows) -> None:
    for start in range(0, len(rows), CHUNK):
        connection.execute(insert(table), rows[start:start + CHUNK])


def build(db: Database, loans: int) -> None:
    now = clock.utcnow()
    with db.engine.begin() as c:
        c.execute(insert(Province.__table__), [{"id": 1, "name": "จังหวัดทดสอบ"}])
        _insert(c, District.__table__, [{"id": d, "province_id": 1, "name": f"อำเภอ{d}"} for d in range(1, DISTRICTS + 1)])
        _insert(c, Subdistrict.__table__, [{"id": s, "district_id": (s - 1) // SUBDISTRICTS + 1, "name": f"ตำบล{s}"}
                                           for s in range(1, DISTRICTS * SUBDISTRICTS + 1)])
        villages = DISTRICTS * SUBDISTRICTS * VILLAGES
        _insert(c, Village.__table__, [{"id": v, "subdistrict_id": (v - 1) // VILLAGES + 1, "moo": (v - 1) % VILLAGES + 1,
                                        "name": f"บ้าน{v}"} for v in range(1, villages + 1)])
        # People: committee 1..villages, officers next, then one household per loan.
        officers = range(villages + 1, villages + DISTRICTS + 1)
        households = range(villages + DISTRICTS + 1, villages + DISTRICTS + loans + 1)
        everyone = range(1, households.stop)
        linked = [p for p in everyone if p % 10 == 0]
        _insert(c, Person.__table__, [{
            "id": p, "person_key": f"k{p}", "full_name": f"นางทดสอบ {p}", "phone": None,
            "village_id": p if p <= villages else (None if p in officers else (p % villages) + 1),
            "line_user_id": f"U{p:032d}" if p % 10 == 0 else None, "created_at": now} for p in everyone])
        _insert(c, PersonRole.__table__, [{"person_id": p, "role": "committee" if p <= villages else
                                           "officer" if p in officers else "household"} for p in everyone])
        _insert(c, LineUser.__table__, [{"line_user_id": f"U{p:032d}", "following": True, "created_at": now}
                                        for p in linked])
        _insert(c, Consent.__table__, [{"line_user_id": f"U{p:032d}", "notice_version": "1", "agreed": True,
                                        "answered_at": now} for p in linked])
        _insert(c, OfficerScope.__table__, [{"person_id": o, "district_id": o - villages, "subdistrict_id": None}
                                            for o in officers])
        c.execute(insert(Fund.__table__), [{"id": 1, "name": "กองทุนทดสอบ", "kind": "womens", "treasurer_id": 1}])
        loan_rows, instalment_rows = [], []
        principal = Decimal("20000.00")
        share = principal / INSTALMENTS_PER_LOAN
        for number, household in enumerate(households, start=1):
            village = (household % villages) + 1
            loan_rows.append({"id": number, "fund_id": 1, "contract": f"L{number}", "household_id": household,
                              "committee_id": village, "principal": principal, "interest_rate": Decimal("0"),
                              "approved_on": date(2026, 1, 1), "frequency": "monthly", "created_at": now})
            first = date(2026, 6, 1) + timedelta(days=number % 28)
            overdue_loan = number % 10 == 0
            for n in range(INSTALMENTS_PER_LOAN):
                month = first.month - 1 + n
                due = first.replace(year=first.year + month // 12, month=month % 12 + 1)
                paid = due < NOW.date() and not overdue_loan
                instalment_rows.append({"loan_id": number, "number": n + 1, "due_on": due, "principal_due": share,
                                        "interest_due": Decimal("0.00"), "amount_due": share,
                                        "paid_amount": share if paid else Decimal("0.00"), "paid_on": due if paid else None})
        _insert(c, Loan.__table__, loan_rows)
        _insert(c, Instalment.__table__, instalment_rows)


def measure(args, instalments: int) -> dict:
    with stack.database(args, stack.workspace("sammachip-loans-")) as url:
        return _measure(Database(url), instalments)


def _measure(db: Database, instalments: int) -> dict:
    loans = instalments // INSTALMENTS_PER_LOAN
    started = time.perf_counter()
    build(db, loans)
    if db.dialect == "postgresql":
        with db.engine.connect() as connection:
            connection.execution_options(isolation_level="AUTOCOMMIT").execute(text("VACUUM ANALYZE"))
    built = time.perf_counter() - started
    queries = {"n": 0}

    @event.listens_for(db.engine, "before_cursor_execute")
    def _count(*_args):
        queries["n"] += 1

    runtime = Counting(db)
    with clock.frozen_at(NOW):
        with db.sessions() as session:
            queries["n"] = 0
            started = time.perf_counter()
            found = planner.find_reminders(session, clock.now())
            find_seconds, find_queries = time.perf_counter() - started, queries["n"]
        queries["n"] = 0
        started = time.perf_counter()
        outcomes = planner.plan_reminders(runtime)
        run_seconds, run_queries = time.perf_counter() - started, queries["n"]
        queries["n"] = 0
        started = time.perf_counter()
        again = planner.plan_reminders(runtime)
        rerun_seconds, rerun_queries = time.perf_counter() - started, queries["n"]
    db.dispose()
    return {"instalments": instalments, "loans": loans, "build_s": built, "reminders": len(found),
            "find_s": find_seconds, "find_queries": find_queries, "run_s": run_seconds, "run_queries": run_queries,
            "outcomes": outcomes, "enqueued": runtime.enqueued, "rerun_s": rerun_seconds,
            "rerun_queries": rerun_queries, "rerun_outcomes": again}


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--sizes", default="100000,300000,1000000", help="instalment counts, comma separated")
    stack.add_options(parser, ports=0, redis=False)
    args = parser.parse_args()
    results = []
    for size in (int(s) for s in args.sizes.split(",")):
        result = measure(args, size)
        results.append(result)
        print(f"{args.backend}: {result['instalments']:,} instalments / {result['loans']:,} loans / 2,500 villages;"
              f" built in {result['build_s']:.1f} s")
        print(f"  finding due reminders: {result['reminders']:,} in {result['find_s']:.2f} s,"
              f" {result['find_queries']} SQL queries")
        print(f"  planner run at 09:00: {result['run_s']:.2f} s, {result['run_queries']:,} SQL queries,"
              f" outcomes {result['outcomes']}, deliveries enqueued {result['enqueued']:,}")
        print(f"  second run: {result['rerun_s']:.2f} s, {result['rerun_queries']} SQL queries,"
              f" outcomes {result['rerun_outcomes']}", flush=True)
    first, last = results[0], results[-1]
    print(f"instalments x{last['instalments'] / first['instalments']:.0f}, reminders "
          f"x{last['reminders'] / max(1, first['reminders']):.0f}: first-run queries {first['run_queries']} -> "
          f"{last['run_queries']}; second-run queries {first['rerun_queries']} -> {last['rerun_queries']};"
          f" first run at the largest size {last['run_s']:.2f} s (target < 5 s)")


if __name__ == "__main__":
    main()
