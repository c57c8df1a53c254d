"""Demo places and people for the embedded development default.

A package (not a bare folder) so the CSV files ship with an installed bot.
"""
from __future__ import annotations

from pathlib import Path

from sqlalchemy.orm import Session

from bot.people.importer import ImportReport, import_people
from bot.people.places import PlacesReport, load_places

PLACES_CSV = Path(__file__).with_name("places.csv")
PEOPLE_CSV = Path(__file__).with_name("people.csv")


def load_demo(session: Session) -> tuple[PlacesReport, ImportReport]:
    """The demo district and its people; a second call changes nothing."""
    places = load_places(session, PLACES_CSV)
    return places, import_people(session, PEOPLE_CSV)
