"""Officers' spreadsheets: CSV (UTF-8, with or without BOM) or XLSX, with Thai headers.

Rows are numbered as the spreadsheet shows them (the header is row 1), so an
error report points at the line an officer sees in Excel.
"""
from __future__ import annotations

import csv
import io
import re
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from bot.texts.tables import (WHOLE_FILE, NOT_UTF8, NOT_A_TABLE, BROKEN_XLSX, EMPTY_FILE, MISSING_HEADER,
    UNKNOWN_HEADER, REPEATED_HEADER, ROW, IN_COLUMN, NOTHING_SAVED)


# Columns officers keep for themselves; read past without complaint.
IGNORED_HEADERS = {"ลำดับ", "ลำดับที่", "ที่", "หมายเหตุ"}

_INVISIBLE = re.compile(r"[\u200b\u200c\u200d\ufeff]")
# Some Thai keyboards and PDF copies type SARA AM as NIKHAHIT + SARA AA; folded
# to the single character so typed words match the headers and role names.
_SPLIT_SARA_AM = ("\u0e4d\u0e32", "\u0e33")
_SPACES = re.compile(r"\s+")


@dataclass(frozen=True)
class RowError:
    row: int  # 0 for the file as a whole, 1 for the header row
    column: str
    message: str

    def __str__(self) -> str:
        where = WHOLE_FILE if self.row == 0 else ROW.format(row=self.row)
        if self.column:
            where += IN_COLUMN.format(column=self.column)
        return f"{where}: {self.message}"


@dataclass
class TableReport:
    """What an all-or-nothing import did: counts, or the row errors that stopped it."""

    errors: list[RowError] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.errors

    def lines(self) -> list[str]:
        if self.errors:
            return [NOTHING_SAVED.format(count=len(self.errors))] + [str(e) for e in self.errors]
        return self.summary()

    def summary(self) -> list[str]:
        raise NotImplementedError


class UnreadableTable(ValueError):
    """The file is not a table this module can read."""


@dataclass
class Table:
    headers: list[str]
    rows: list[tuple[int, dict[str, str]]]  # (spreadsheet row number, header -> cleaned text)


def normalise_header(text: str) -> str:
    # Thai headers carry no meaningful spaces: "ชื่อ - นามสกุล" is "ชื่อ-นามสกุล".
    return _SPACES.sub("", _INVISIBLE.sub("", text or "")).replace(*_SPLIT_SARA_AM)


def clean_cell(value) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)  # Excel stores phone and ID numbers as floats
    if isinstance(value, datetime):
        value = value.date()
    if isinstance(value, date):
        return value.isoformat()
    return _SPACES.sub(" ", _INVISIBLE.sub("", str(value))).replace(*_SPLIT_SARA_AM).strip()


def read_table(path: Path | str) -> Table:
    path = Path(path)
    suffix = path.suffix.lower()
    if suffix == ".csv":
        raw_rows = _csv_rows(path)
    elif suffix == ".xlsx":
        raw_rows = _xlsx_rows(path)
    else:
        raise UnreadableTable(NOT_A_TABLE)
    numbered = [(number, [clean_cell(v) for v in values]) for number, values in enumerate(raw_rows, start=1)]
    if not numbered or not any(numbered[0][1]):
        raise UnreadableTable(EMPTY_FILE)
    headers = [normalise_header(h) for h in numbered[0][1]]
    while headers and not headers[-1]:
        headers.pop()  # trailing empty columns Excel leaves behind
    rows = []
    for number, values in numbered[1:]:
        if not any(values):
            continue
        padded = values + [""] * (len(headers) - len(values))
        rows.append((number, {header: padded[i] for i, header in enumerate(headers) if header}))
    return Table(headers=headers, rows=rows)


def _csv_rows(path: Path) -> list[list]:
    try:
        text = path.read_bytes().decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise UnreadableTable(NOT_UTF8) from error
    return list(csv.reader(io.StringIO(text, newline="")))


def _xlsx_rows(path: Path) -> list[list]:
    from openpyxl import load_workbook

    try:
        workbook = load_workbook(path, read_only=True, data_only=True)
    except Exception as error:  # openpyxl raises many kinds for a file that is not a workbook
        raise UnreadableTable(BROKEN_XLSX) from error
    try:
        return [list(row) for row in workbook.worksheets[0].iter_rows(values_only=True)]
    finally:
        workbook.close()


def header_errors(table: Table, required: list[str], optional: list[str]) -> list[RowError]:
    """Missing, unknown and repeated headers, each named so the officer can fix the sheet."""
    known = required + optional
    errors = [RowError(1, name, MISSING_HEADER) for name in required if name not in table.headers]
    seen: set[str] = set()
    for header in table.headers:
        if not header or header in IGNORED_HEADERS:
            continue
        if header in seen:
            errors.append(RowError(1, header, REPEATED_HEADER))
        elif header not in known:
            errors.append(RowError(1, header, UNKNOWN_HEADER.format(known=", ".join(known))))
        seen.add(header)
    return errors


def open_table(path: Path | str, required: list[str], optional: list[str]) -> tuple[Table | None, list[RowError]]:
    """The table and its header problems; (None, [why]) when the file cannot be read at all."""
    try:
        table = read_table(path)
    except UnreadableTable as error:
        return None, [RowError(0, "", str(error))]
    return table, header_errors(table, required, optional)
