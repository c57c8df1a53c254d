"""Printable invite sheets: one A4 page per village, cut into cards an officer hands out.

Each card carries the person's name and role, their code in large letters, the
last day it works (พ.ศ.) and a QR code that opens the bot's LINE chat with
"รหัส XXXXXX" already typed, so a villager only has to press send.
"""
from __future__ import annotations

import io
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import quote

import fontpkg_sarabun
import qrcode
from PIL import Image, ImageDraw, ImageFont
from sqlalchemy import select
from sqlalchemy.orm import Session

from bot import clock
from bot.models import GroupMember, InviteCode, OccupationalGroup, Person, Village
from bot.people import roles as vocab
from bot.people.invites import ALPHABET, live_code
from bot.settings import TIMEZONE
from bot.thai import thai_date
from bot.texts.invite_sheet import (SHEET_TITLE, PRINTED_ON, PAGE_OF, PEOPLE_COUNT, CODE_LABEL, VALID_UNTIL,
    SCAN_HINT, TYPE_HINT, ONE_USE, PDPA_NOTE, NOTHING_TO_PRINT, CODE_IN_CHAT)


DPI = 200
PAGE_SIZE = (1654, 2339)  # A4 at 200 dpi
MARGIN = 70
COLUMNS, ROWS = 2, 4
HEADER_HEIGHT = 230
FOOTER_HEIGHT = 70
QR_SIZE = 260
BLACK, GREY, LIGHT = (0, 0, 0), (90, 90, 90), (160, 160, 160)

_FONT_DIR = Path(fontpkg_sarabun.__file__).parent / "files"
REGULAR = _FONT_DIR / "Sarabun-Regular.ttf"
BOLD = _FONT_DIR / "Sarabun-Bold.ttf"


def invite_url(line_basic_id: str, code: str) -> str:
    """LINE's documented oaMessage link: opens the chat with the text filled in."""
    basic_id = line_basic_id if line_basic_id.startswith("@") else "@" + line_basic_id
    return f"https://line.me/R/oaMessage/{quote(basic_id, safe='')}/?{quote(CODE_IN_CHAT.format(code=code), safe='')}"


@dataclass(frozen=True)
class Card:
    name: str
    role: str
    committee: str
    code: str
    valid_until: str
    url: str


def render_village_sheet(session: Session, village_id: int, line_basic_id: str, fmt: str = "pdf") -> bytes:
    """PDF (one A4 page per eight people) or PNG (the pages stacked) of a village's live codes."""
    if fmt not in ("pdf", "png"):
        raise ValueError(f"unknown sheet format {fmt!r}")
    village = session.get(Village, village_id)
    if village is None:
        raise LookupError(f"no village {village_id}")
    cards = village_cards(session, village, line_basic_id)
    per_page = COLUMNS * ROWS
    chunks = [cards[i:i + per_page] for i in range(0, len(cards), per_page)] or [[]]
    pages = [_page(village.label, chunk, number, len(chunks), len(cards), line_basic_id)
             for number, chunk in enumerate(chunks, start=1)]
    output = io.BytesIO()
    if fmt == "pdf":
        # Pillow embeds grey pages as JPEG; high quality keeps QR modules and Thai marks crisp.
        grey = [page.convert("L") for page in pages]
        grey[0].save(output, "PDF", save_all=True, append_images=grey[1:], resolution=DPI, quality=90,
                     title=f"{SHEET_TITLE} {village.label}")
    else:
        sheet = Image.new("RGB", (PAGE_SIZE[0], PAGE_SIZE[1] * len(pages)), "white")
        for index, page in enumerate(pages):
            sheet.paste(page, (0, index * PAGE_SIZE[1]))
        sheet.save(output, "PNG", dpi=(DPI, DPI), optimize=True)
    return output.getvalue()


def village_cards(session: Session, village: Village, line_basic_id: str) -> list[Card]:
    people = session.scalars(select(Person).where(
        Person.village_id == village.id, Person.line_user_id.is_(None), Person.withdrawn_at.is_(None))
        .order_by(Person.id))
    cards = []
    for person in people:
        invite: InviteCode | None = live_code(session, person.id)
        if invite is None:
            continue
        role, committee = _role_lines(session, person)
        cards.append(Card(name=person.full_name, role=role, committee=committee, code=invite.code,
                          valid_until=thai_date(invite.expires_at.astimezone(TIMEZONE)),
                          url=invite_url(line_basic_id, invite.code)))
    return cards


def _role_lines(session: Session, person: Person) -> tuple[str, str]:
    """The roles, then the committee seat with its group (group names are long, so a line of their own)."""
    order = [vocab.LEADER, vocab.HOUSEHOLD, vocab.OFFICER]
    roles = [vocab.role_label(role) for role in order if role in person.role_names]
    seats = session.execute(select(GroupMember.committee_role, OccupationalGroup.name).join(OccupationalGroup)
                            .where(GroupMember.person_id == person.id, GroupMember.committee_role.is_not(None)))
    committee = [f"{vocab.role_label(vocab.COMMITTEE)}: {vocab.seat_label(seat)} {group}" for seat, group in seats]
    return " · ".join(roles), " · ".join(committee)


def _font(path: Path, size: int) -> ImageFont.FreeTypeFont:
    return ImageFont.truetype(str(path), size, layout_engine=ImageFont.Layout.RAQM)


def _fitted(draw: ImageDraw.ImageDraw, text: str, path: Path, size: int, width: int, smallest: int):
    """The largest font (down to `smallest`) that fits; past that the text is cut with an ellipsis."""
    while size > smallest and draw.textlength(text, font=_font(path, size)) > width:
        size -= 2
    font = _font(path, size)
    while draw.textlength(text, font=font) > width and len(text) > 1:
        text = text[:-2] + "…"
    return text, font


def _page(label: str, cards: list[Card], number: int, pages: int, total: int, basic_id: str) -> Image.Image:
    page = Image.new("RGB", PAGE_SIZE, "white")
    draw = ImageDraw.Draw(page)
    width = PAGE_SIZE[0] - 2 * MARGIN
    draw.text((MARGIN, MARGIN), SHEET_TITLE, font=_font(BOLD, 50), fill=BLACK)
    text, font = _fitted(draw, label, BOLD, 44, width, 30)
    draw.text((MARGIN, MARGIN + 75), text, font=font, fill=BLACK)
    details = " · ".join([PRINTED_ON.format(date=thai_date(clock.now())), PEOPLE_COUNT.format(count=total),
                          PAGE_OF.format(page=number, pages=pages)])
    draw.text((MARGIN, MARGIN + 145), details, font=_font(REGULAR, 28), fill=GREY)
    top = MARGIN + HEADER_HEIGHT
    card_width = width // COLUMNS
    card_height = (PAGE_SIZE[1] - top - MARGIN - FOOTER_HEIGHT) // ROWS
    if not cards:
        draw.text((MARGIN, top + 40), NOTHING_TO_PRINT, font=_font(REGULAR, 32), fill=BLACK)
    for index, card in enumerate(cards):
        left = MARGIN + (index % COLUMNS) * card_width
        upper = top + (index // COLUMNS) * card_height
        _card(page, draw, card, (left, upper, left + card_width, upper + card_height), basic_id)
    draw.text((MARGIN, PAGE_SIZE[1] - MARGIN - 40), PDPA_NOTE, font=_font(REGULAR, 26), fill=GREY)
    return page


def _card(page: Image.Image, draw: ImageDraw.ImageDraw, card: Card, box: tuple[int, int, int, int],
          basic_id: str) -> None:
    left, upper, right, lower = box
    _dashed_rectangle(draw, box)
    pad = 26
    qr_left = right - pad - QR_SIZE
    text_width = qr_left - left - 2 * pad
    x, y = left + pad, upper + pad - 6
    name, font = _fitted(draw, card.name, BOLD, 42, text_width, 30)
    draw.text((x, y), name, font=font, fill=BLACK)
    for offset, line in zip((60, 94), [line for line in (card.role, card.committee) if line]):
        text, font = _fitted(draw, line, REGULAR, 26, text_width, 20)
        draw.text((x, y + offset), text, font=font, fill=GREY)
    draw.text((x, y + 138), CODE_LABEL, font=_font(REGULAR, 26), fill=BLACK)
    _code(draw, card.code, (x, y + 166), text_width)
    draw.text((x, y + 282), VALID_UNTIL.format(date=card.valid_until), font=_font(BOLD, 30), fill=BLACK)
    draw.text((x, y + 326), ONE_USE, font=_font(REGULAR, 24), fill=GREY)
    page.paste(_qr(card.url), (qr_left, upper + pad))
    hint_font = _font(REGULAR, 24)
    hint_x = qr_left + (QR_SIZE - draw.textlength(SCAN_HINT, font=hint_font)) / 2
    draw.text((hint_x, upper + pad + QR_SIZE + 2), SCAN_HINT, font=hint_font, fill=BLACK)
    hint, font = _fitted(draw, TYPE_HINT.format(basic_id=basic_id), REGULAR, 24, right - left - 2 * pad, 18)
    draw.text((x, lower - pad - 34), hint, font=font, fill=GREY)


def _code(draw: ImageDraw.ImageDraw, code: str, origin: tuple[int, int], width: int) -> None:
    """Fixed-pitch letters in two groups of three, so nobody skips or doubles one when copying."""
    x, y = origin
    pitch = min(72, (width - 30) // len(code))
    size = 96
    while max(draw.textlength(letter, font=_font(BOLD, size)) for letter in ALPHABET) > pitch - 4:
        size -= 4
    font = _font(BOLD, size)
    for index, letter in enumerate(code):
        gap = 30 if index >= len(code) // 2 else 0
        cell_x = x + index * pitch + gap
        draw.text((cell_x + (pitch - draw.textlength(letter, font=font)) / 2, y), letter, font=font, fill=BLACK)


def _qr(url: str) -> Image.Image:
    code = qrcode.QRCode(error_correction=qrcode.constants.ERROR_CORRECT_M, border=2)
    code.add_data(url)
    code.make(fit=True)
    modules = code.modules_count + 2 * code.border
    code.box_size = QR_SIZE // modules
    image = code.make_image(fill_color="black", back_color="white").get_image().convert("RGB")
    framed = Image.new("RGB", (QR_SIZE, QR_SIZE), "white")
    framed.paste(image, ((QR_SIZE - image.width) // 2, (QR_SIZE - image.height) // 2))
    return framed


def _dashed_rectangle(draw: ImageDraw.ImageDraw, box: tuple[int, int, int, int], dash: int = 14) -> None:
    left, upper, right, lower = box
    for x in range(left, right, dash * 2):
        draw.line([(x, upper), (min(x + dash, right), upper)], fill=LIGHT, width=2)
        draw.line([(x, lower), (min(x + dash, right), lower)], fill=LIGHT, width=2)
    for y in range(upper, lower, dash * 2):
        draw.line([(left, y), (left, min(y + dash, lower))], fill=LIGHT, width=2)
        draw.line([(right, y), (right, min(y + dash, lower))], fill=LIGHT, width=2)
