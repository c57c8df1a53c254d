"""Building a notice's audience, and releasing it, on a synthetic district: seconds and SQL
statements at several sizes, against a bare SELECT of the same people's LINE ids in the same run.

    python -m benchmarks.notice_audience [--backend postgres|embedded] [--sizes 10000,100000]
        [--pg-admin URL]   (a database of its own per size, dropped afterwards; see benchmarks/stack.py)

One district of 10 subdistricts x 10 villages; people spread over the villages, nine in ten
households and one in ten leaders; every 20th has blocked the bot, every 25th never linked,
every 50th withdrew; the rest are linked and consented. Audiences: everyone in the district
(the largest), and half the villages' households who have not reported this month. The
baseline is what the audience cannot beat: one SELECT of the sendable people's LINE ids with
no filter, consent or exclusion logic. Each read is timed warm (the second of two runs). "release" reads
the audience once more and writes the multicast outbox rows, batch by batch (bot.notices.release); the
rows it hands on are counted, not sent.
"""
from __future__ import annotations

import argparse
import secrets
import time
from datetime import datetime
from types import SimpleNamespace

from sqlalchemy import event, insert, select, text

from benchmarks import stack
from bot import accounts, audience, clock, notices
from bot.area import Area
from bot.audience import AudienceSpec
from bot.db import Database
from bot.line import messages as m
from bot.models import (
    ConsoleAccount, Consent, District, LineUser, Notice, Person, PersonRole, Province, Subdistrict, Village,
)
from bot.settings import TIMEZONE

NOW = datetime(2026, 12, 2, 10, 0, tzinfo=TIMEZONE)
CHUNK = 10_000


def _insert(connection, table, rows) -> None:
    for start in range(0, len(rows), CHUNK):
        connection.execute(insert(table), rows[start:start + CHUNK])


def _build(db: Database, size: int) -> tuple[int, list[int]]:
    now = clock.utcnow()
    with db.session() as session:
        province = Province(name="อุบลราชธานี")
        district = District(province=province, name="เขื่องใน")
        session.add_all([province, district])
        session.flush()
        villages = []
        for s in range(10):
            subdistrict = Subdistrict(district=district, name=f"ตำบล{s}")
            session.add(subdistrict)
            session.flush()
            for v in range(10):
                village = Village(subdistrict_id=subdistrict.id, moo=v + 1, name=f"บ้าน{s}-{v}")
                session.add(village)
                villages.append(village)
        session.flush()
        village_ids = [village.id for village in villages]
        officer = Person(person_key=secrets.token_hex(16), full_name="พัฒนากร", roles=[PersonRole(role="officer")])
        session.add(officer)
        session.flush()
        account = accounts.create(session, officer, "bench-officer", "bench-password-1234", "officer",
                                  district=district)
        account_id = account.id
    people, users, consents = [], [], []
    for n in range(size):
        user = None if n % 25 == 0 or n % 50 == 0 else f"U{n:032x}"
        people.append({"person_key": f"{n:064x}", "full_name": f"คน{n}", "village_id": village_ids[n % 100],
                       "line_user_id": user, "withdrawn_at": now if n % 50 == 0 else None, "created_at": now})
        if user:
            users.append({"line_user_id": user, "following": n % 20 != 0, "created_at": now})
            consents.append({"line_user_id": user, "notice_version": "1", "agreed": True, "answered_at": now})
    with db.engine.begin() as connection:
        _insert(connection, Person.__table__, people)
        _insert(connection, LineUser.__table__, users)
        _insert(connection, Consent.__table__, consents)
        ids = connection.execute(select(Person.id).where(Person.full_name.like("คน%")).order_by(Person.id)).scalars().all()
        _insert(connection, PersonRole.__table__, [{"person_id": pid, "role": "leader" if i % 10 == 0 else "household"}
                                                   for i, pid in enumerate(ids)])
        if db.dialect == "postgresql":
            connection.execute(text("ANALYZE"))
    return account_id, village_ids


class Counter:
    def __init__(self, db: Database):
        self.count = 0
        event.listen(db.engine, "before_cursor_execute", self._count)

    def _count(self, *args) -> None:
        self.count += 1


class Held:
    """A dispatch that keeps the rows a release hands on instead of queueing them."""

    def __init__(self) -> None:
        self.ids: list[int] = []
        self.first_at: float | None = None

    def deliver_many(self, outbox_ids: list[int]) -> None:
        if self.first_at is None:
            self.first_at = time.perf_counter()
        self.ids += outbox_ids


class Unlimited:
    """LINE's quota answer for an account without a monthly limit (no LINE is called here)."""

    def message_quota(self):
        from bot.line.client import Quota

        return Quota(limit=None, used=0)


def _timed(work, warm: bool = True):
    """The second of two runs when `warm` (reads, measured as a live server runs them), else the only one."""
    if warm:
        work()
    started = time.perf_counter()
    result = work()
    return result, time.perf_counter() - started


def run(args, size: int) -> dict:
    with stack.database(args, stack.workspace("sammachip-audience-")) as url, clock.frozen_at(NOW):
        db = Database(url)
        account_id, village_ids = _build(db, size)
        counter = Counter(db)
        with db.sessions() as session:
            scope = Area.of(session.get(ConsoleAccount, account_id))
            today = clock.now().date()
            bare = select(Person.line_user_id).where(Person.line_user_id.is_not(None))
            _, baseline_s = _timed(lambda: session.execute(bare).scalars().all())
            before = counter.count
            everyone, resolve_s = _timed(lambda: audience.resolve(session, scope, AudienceSpec(), today))
            resolve_queries = (counter.count - before) // 2
            narrow_spec = AudienceSpec(villages=tuple(village_ids[:50]), roles=("household",),
                                       missing_monthly_report=True)
            narrow, narrow_s = _timed(lambda: audience.resolve(session, scope, narrow_spec, today))
            notice = notices.create(session, session.get(ConsoleAccount, account_id), title="ประกาศ",
                                    spec=AudienceSpec(), messages=[m.text("ประชุมค่ะ")], line=Unlimited())
            session.commit()
            before = counter.count
            held = Held()
            started = time.perf_counter()
            outbox_ids, release_s = _timed(lambda: notices.release(SimpleNamespace(db=db, dispatch=held), notice.id),
                                           warm=False)
            release_queries = counter.count - before
            first_s = held.first_at - started
            stored = session.get(Notice, notice.id, populate_existing=True).recipient_count
        db.dispose()
    return {"size": size, "baseline_s": baseline_s, "everyone": everyone.count, "resolve_s": resolve_s,
            "resolve_queries": resolve_queries, "excluded": everyone.excluded, "narrow": narrow.count,
            "narrow_s": narrow_s, "release_s": release_s, "first_s": first_s, "release_queries": release_queries,
            "stored": stored, "outbox_rows": len(outbox_ids)}


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--sizes", default="10000,100000")
    stack.add_options(parser, ports=0, redis=False)
    args = parser.parse_args()
    for size in (int(s) for s in args.sizes.split(",")):
        r = run(args, size)
        print(f"{args.backend}: {r['size']:,} people in 100 villages")
        print(f"  bare SELECT of LINE ids (baseline): {r['baseline_s']:.3f} s")
        print(f"  resolve everyone: {r['everyone']:,} recipients, excluded {r['excluded']}, {r['resolve_s']:.3f} s, "
              f"{r['resolve_queries']} SQL statements, x{r['resolve_s'] / r['baseline_s']:.1f} the baseline")
        print(f"  resolve half the villages' households not reported this month: {r['narrow']:,} in {r['narrow_s']:.3f} s")
        print(f"  release (audience read, outbox rows written batch by batch): {r['stored']:,} recipients, "
              f"{r['outbox_rows']} rows, {r['release_s']:.3f} s (the first batch handed on after "
              f"{r['first_s']:.3f} s), "
              f"{r['release_queries']} SQL statements, "
              f"{r['outbox_rows'] / max(r['stored'], 1):.3f} rows written per recipient")


if __name__ == "__main__":
    main()
