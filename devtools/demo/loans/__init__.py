"""Demo loans for the demo district, with instalments around the demo date (late November 2569).

A package (not a bare folder) so the CSV ships with an installed bot.
"""
from __future__ import annotations

from pathlib import Path

from sqlalchemy.orm import Session

from bot.loans.importer import LoanImportReport, import_loans

LOANS_CSV = Path(__file__).with_name("loans.csv")


def load_demo_loans(session: Session) -> LoanImportReport:
    """Needs the demo people (`devtools.demo.people.load_demo`) first; a second call changes nothing."""
    return import_loans(session, LOANS_CSV)
