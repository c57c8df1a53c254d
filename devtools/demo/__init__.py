"""Demo data for the embedded default, loaded on every `sammachip dev` start.

Idempotent: a second start changes nothing that is already there.
"""
from __future__ import annotations

from bot import knowledge
from bot.db import Database
from bot.people import invites
from bot.settings import Settings
from devtools.demo.console import load_demo_officer
from devtools.demo.loans import load_demo_loans
from devtools.demo.people import load_demo


def load_demo_data(settings: Settings) -> None:
    database = Database(settings.database_url)
    try:
        with database.session() as session:
            results = knowledge.import_defaults(session)
            places, people = load_demo(session)
            loans = load_demo_loans(session)
            codes = invites.issue_codes(session)
            load_demo_officer(session)
        changed = [r for r in results if r.change != "unchanged"]
        if changed:
            print(f"knowledge base: {len(changed)} default documents loaded", flush=True)
        if people.created:
            print(f"demo district: {people.created} people imported", flush=True)
        if loans.created:
            print(f"demo loans: {loans.created} loaded", flush=True)
        if codes:
            print(f"invite codes issued: {len(codes)} (see `sammachip invites list`)", flush=True)
    finally:
        database.dispose()
