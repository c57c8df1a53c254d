"""The building blocks of the emulator's own checks on request bodies (`message_rules`,
`rules`): a `Problems` record and `take`, which reads one property and notes what is wrong.

A value of the wrong JSON type is answered as LINE's parser answers it ("The property,
'x', in the request body is invalid"); every other broken rule becomes one `details` entry
of "The request body has N error(s)". Properties LINE does not know are ignored, as LINE does.
"""
from __future__ import annotations

import unicodedata
from collections.abc import Callable
from typing import Any

HTTPS_URL_MAX = 2000  # LINE's limit on every image and icon URL



def utf16_units(text: str) -> int:
    """Message text is counted in UTF-16 code units (an emoji outside the BMP counts 2)."""
    return sum(2 if ord(char) > 0xFFFF else 1 for char in text)


def user_perceived_characters(text: str) -> int:
    """Labels count what a reader sees as one character: a Thai consonant with its vowel and
    tone marks is one (combining marks, SARA AM and zero-width joiners join the one before)."""
    joiners = {"\u0e33", "\u0eb3", "\u200d"}
    return sum(1 for char in text if not unicodedata.combining(char)
               and unicodedata.category(char) not in ("Mn", "Mc", "Me") and char not in joiners)


class Problems:
    """What is wrong with one request body: the first mistyped property, and every broken rule."""

    def __init__(self) -> None:
        self.mistyped: str | None = None
        self.details: list[dict[str, str]] = []

    def wrong_type(self, path: str) -> None:
        self.mistyped = self.mistyped or path

    def add(self, path: str, message: str) -> None:
        self.details.append({"message": message, "property": path})

    def __bool__(self) -> bool:
        return self.mistyped is not None or bool(self.details)


_TYPES: dict[str, Callable[[Any], bool]] = {
    "string": lambda v: isinstance(v, str),
    "integer": lambda v: isinstance(v, int) and not isinstance(v, bool),
    "number": lambda v: isinstance(v, (int, float)) and not isinstance(v, bool),
    "boolean": lambda v: isinstance(v, bool),
    "object": lambda v: isinstance(v, dict),
    "array": lambda v: isinstance(v, list),
}


def join_path(path: str, key: str) -> str:
    return f"{path}.{key}" if path else key


def take(problems: Problems, obj: dict, key: str, path: str, kind: str, *, required: bool = False,
         max_length: int | None = None, min_length: int | None = None, count: Callable[[str], int] = len,
         one_of: tuple | None = None, https: bool = False, items: tuple[int, int] | None = None,
         minimum: float | None = None, maximum: float | None = None) -> Any:
    """`obj[key]` when it is there with the right type and its rules hold, else None (the problem noted)."""
    where = join_path(path, key)
    value = obj.get(key)
    if value is None:
        if required:
            problems.add(where, "must be specified")
        return None
    if not _TYPES[kind](value):
        problems.wrong_type(where)
        return None
    if one_of is not None and value not in one_of:
        problems.add(where, f"Must be one of the following values: [{', '.join(map(str, one_of))}]")
        return None
    if kind == "string":
        lower = min_length if min_length is not None else (1 if required else 0)
        if count(value) < lower and value == "":
            problems.add(where, "May not be empty")
            return None
        if https and not value.startswith("https://"):
            problems.add(where, "must be an HTTPS URL")
            return None
        limit = max_length if max_length is not None else (HTTPS_URL_MAX if https else None)
        if not lower <= count(value) <= (limit if limit is not None else count(value)):
            problems.add(where, f"Length must be between {lower} and {limit}")
            return None
    if items is not None and not items[0] <= len(value) <= items[1]:
        problems.add(where, f"Size must be between {items[0]} and {items[1]}")
        return None
    if (minimum is not None and value < minimum) or (maximum is not None and value > maximum):
        problems.add(where, f"must be between {minimum} and {maximum}")
        return None
    return value


def objects_in(problems: Problems, values: list, path: str) -> list[tuple[dict, str]]:
    """The list's members that are objects, with their paths; others noted as mistyped."""
    found = []
    for index, value in enumerate(values):
        if isinstance(value, dict):
            found.append((value, f"{path}[{index}]"))
        else:
            problems.wrong_type(f"{path}[{index}]")
    return found
