"""Rich menus, one per role: defined here, drawn with Pillow, created on LINE once.

`sync` is idempotent: a menu's name on LINE carries a hash of its layout and
image, so an unchanged menu is found and reused (LINE allows only 100 creations
an hour), and a changed one replaces the old after users are moved to it.
"""
from __future__ import annotations

import hashlib
import io
import json
import logging
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import fontpkg_sarabun
from PIL import Image, ImageDraw, ImageFont
from sqlalchemy import select

from bot import clock, texts
from bot.models import LineUser, Person, PersonRole, RichMenu

log = logging.getLogger(__name__)

WIDTH, HEIGHT = 2500, 843  # LINE's compact size
COLUMNS, ROWS = 3, 2
# A person with several roles sees the menu of the broadest one.
ROLE_PRIORITY = ("officer", "committee", "leader", "household")
GUEST = "guest"
BULK_LINK_LIMIT = 500
NAME_PREFIX = "sammachip"


@dataclass(frozen=True)
class Button:
    label: str
    sends: str  # the text the tap sends, as if typed: the router knows these words


ASK = Button(texts.RICH_MENU_ASK, texts.MENU_ASK)
HELP = Button(texts.RICH_MENU_HELP, texts.MENU_HELP)
MENU = Button(texts.RICH_MENU_MENU, texts.MENU_WORD)
MY_DATA = Button(texts.RICH_MENU_MY_DATA, texts.MY_DATA_WORD)
REGISTER = Button(texts.RICH_MENU_REGISTER, texts.REGISTER_WORD)
OFFICER_QUESTIONS = Button(texts.RICH_MENU_OFFICER_QUESTIONS, texts.OFFICER_QUESTIONS_WORD)
REPORT = Button(texts.RICH_MENU_REPORT, texts.REPORT_WORD)
LOANS = Button(texts.RICH_MENU_LOANS, texts.MY_LOANS_WORD)
PAID = Button(texts.RICH_MENU_PAID, texts.REPORT_PAYMENT_WORD)
RECORD = Button(texts.RICH_MENU_RECORD, texts.RECORD_PAYMENT_WORD)

MENUS: dict[str, list[Button]] = {
    GUEST: [ASK, REGISTER, HELP],
    "household": [REPORT, LOANS, PAID, ASK, MY_DATA, HELP],
    "leader": [REPORT, ASK, MENU, MY_DATA, HELP],
    "committee": [RECORD, LOANS, ASK, MENU, MY_DATA, HELP],
    "officer": [ASK, OFFICER_QUESTIONS, MENU, MY_DATA, HELP],
}
COLOURS = {GUEST: "#5B8C5A", "household": "#2E7D5B", "leader": "#1F6F8B", "committee": "#7A5C2E", "officer": "#4A4E8C"}


def role_for(person: Person | None) -> str:
    held = person.role_names if person is not None and person.withdrawn_at is None else set()
    return next((role for role in ROLE_PRIORITY if role in held), GUEST)


def _cells(count: int) -> list[tuple[int, int, int, int]]:
    """(x, y, width, height) for `count` buttons: one row of up to three, else two rows."""
    rows = 1 if count <= COLUMNS else ROWS
    per_row = [count] if rows == 1 else [COLUMNS, count - COLUMNS]
    cells, height = [], HEIGHT // rows
    for row, columns in enumerate(per_row):
        width = WIDTH // columns
        cells += [(c * width, row * height, width if c < columns - 1 else WIDTH - c * width, height)
                  for c in range(columns)]
    return cells


def definition(role: str) -> dict:
    buttons = MENUS[role]
    return {
        "size": {"width": WIDTH, "height": HEIGHT},
        "selected": False,
        "name": f"{NAME_PREFIX}-{role}",
        "chatBarText": texts.RICH_MENU_BAR,
        "areas": [{"bounds": {"x": x, "y": y, "width": w, "height": h},
                   "action": {"type": "message", "label": b.label, "text": b.sends}}
                  for b, (x, y, w, h) in zip(buttons, _cells(len(buttons)))],
    }


@lru_cache(maxsize=1)
def _font(size: int) -> ImageFont.FreeTypeFont:
    path = Path(fontpkg_sarabun.__file__).parent / "files" / "Sarabun-Bold.ttf"
    return ImageFont.truetype(str(path), size, layout_engine=ImageFont.Layout.RAQM)


def render(role: str) -> bytes:
    """The menu image: large white Thai labels on calm tiles, readable at arm's length."""
    image = Image.new("RGB", (WIDTH, HEIGHT), "#FFFFFF")
    draw = ImageDraw.Draw(image)
    font = _font(110)
    for button, (x, y, w, h) in zip(MENUS[role], _cells(len(MENUS[role]))):
        draw.rounded_rectangle((x + 12, y + 12, x + w - 12, y + h - 12), radius=48, fill=COLOURS[role])
        draw.text((x + w / 2, y + h / 2), button.label, font=font, fill="#FFFFFF", anchor="mm")
    out = io.BytesIO()
    image.save(out, format="PNG", optimize=True)
    return out.getvalue()


def _versioned(role: str) -> tuple[dict, bytes]:
    body, image = definition(role), render(role)
    digest = hashlib.sha256(json.dumps(body, sort_keys=True, ensure_ascii=False).encode() + image).hexdigest()[:10]
    body["name"] = f"{NAME_PREFIX}-{role}-{digest}"
    return body, image


def sync(runtime) -> dict[str, str]:
    """Make LINE hold exactly the current menu for every role; returns role -> what happened."""
    line = runtime.line
    existing = {menu["name"]: menu["richMenuId"] for menu in line.rich_menus()}
    report: dict[str, str] = {}
    with runtime.db.session() as session:
        for role in MENUS:
            body, image = _versioned(role)
            menu_id = existing.get(body["name"])
            report[role] = "unchanged" if menu_id else "created"
            if menu_id is None:
                menu_id = line.create_rich_menu(body, image)
            stored = session.scalar(select(RichMenu).where(RichMenu.role == role))
            if stored is None:
                stored = RichMenu(role=role)
                session.add(stored)
            stored.rich_menu_id, stored.name, stored.synced_at = menu_id, body["name"], clock.utcnow()
            if role == GUEST:
                line.set_default_rich_menu(menu_id)
    relink_all(runtime)
    current = set(_current_names(runtime))
    for name, menu_id in existing.items():
        if name.startswith(NAME_PREFIX + "-") and name not in current:
            line.delete_rich_menu(menu_id)
    return report


def _current_names(runtime) -> list[str]:
    with runtime.db.sessions() as session:
        return list(session.scalars(select(RichMenu.name)))


def _menu_id(runtime, role: str) -> str | None:
    with runtime.db.sessions() as session:
        return session.scalar(select(RichMenu.rich_menu_id).where(RichMenu.role == role))


def link(runtime, line_user_id: str, role: str) -> None:
    """Show this user their role's menu (guests see the default menu)."""
    line = runtime.line
    if role == GUEST:
        line.unlink_rich_menu(line_user_id)
    else:
        menu_id = _menu_id(runtime, role)
        if menu_id is None:
            log.warning("no rich menu for role %s: run `sammachip richmenu sync`", role)
            return
        line.link_rich_menu(line_user_id, menu_id)
    with runtime.db.session() as session:
        user = session.scalar(select(LineUser).where(LineUser.line_user_id == line_user_id))
        if user is not None:
            user.rich_menu_role = role


def relink_all(runtime) -> dict[str, int]:
    """Link every linked person's account to their role's menu, 500 users per call."""
    with runtime.db.sessions() as session:
        people = session.scalars(select(Person).join(PersonRole).where(
            Person.line_user_id.is_not(None), Person.withdrawn_at.is_(None)).distinct()).all()
        by_role: dict[str, list[str]] = {}
        for person in people:
            by_role.setdefault(role_for(person), []).append(person.line_user_id)
    counts = {}
    for role, user_ids in by_role.items():
        menu_id = _menu_id(runtime, role)
        if menu_id is None or role == GUEST:
            continue
        for start in range(0, len(user_ids), BULK_LINK_LIMIT):
            runtime.line.bulk_link_rich_menu(menu_id, user_ids[start:start + BULK_LINK_LIMIT])
        with runtime.db.session() as session:
            for user in session.scalars(select(LineUser).where(LineUser.line_user_id.in_(user_ids))):
                user.rich_menu_role = role
        counts[role] = len(user_ids)
    return counts
