"""Demo data for the embedded default, loaded on every `sammachip dev` start.

Idempotent: a second start changes nothing that is already there.
"""
from __future__ import annotations

from bot import knowledge
from bot.db import Database
from bot.settings import Settings


def load_demo_data(settings: Settings) -> None:
    database = Database(settings.database_url)
    try:
        with database.session() as session:
            results = knowledge.import_defaults(session)
        changed = [r for r in results if r.change != "unchanged"]
        if changed:
            print(f"knowledge base: {len(changed)} default documents loaded", flush=True)
    finally:
        database.dispose()
