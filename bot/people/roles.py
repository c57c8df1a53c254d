"""The words officers write for roles and committee seats, and the keys stored for them."""
from __future__ import annotations

HOUSEHOLD, LEADER, COMMITTEE, OFFICER = "household", "leader", "committee", "officer"

# How each role is printed; also the spelling the import template uses.
ROLE_LABELS = {
    HOUSEHOLD: "ครัวเรือนเป้าหมาย",
    LEADER: "ผู้นำสัมมาชีพ",
    COMMITTEE: "กรรมการ",
    OFFICER: "พัฒนากร",
}

# Other spellings seen on officers' own lists.
ROLE_ALIASES = {
    **{label: key for key, label in ROLE_LABELS.items()},
    **{key: key for key in ROLE_LABELS},
    "ครัวเรือน": HOUSEHOLD,
    "ผู้นำ": LEADER,
    "ปราชญ์ชุมชน": LEADER,
    "ปราชญ์": LEADER,
    "กรรมการกลุ่ม": COMMITTEE,
    "เจ้าหน้าที่": OFFICER,
    "เจ้าหน้าที่พัฒนาชุมชน": OFFICER,
    "นักวิชาการพัฒนาชุมชน": OFFICER,
}

SEAT_LABELS = {
    "chair": "ประธาน",
    "vice_chair": "รองประธาน",
    "secretary": "เลขานุการ",
    "treasurer": "เหรัญญิก",
    "accounts": "บัญชี",
    "marketing": "การตลาด",
    "production": "การผลิต",
    "quality": "ตรวจสอบคุณภาพ",
    "pr": "ประชาสัมพันธ์",
}

# "ฝ่าย" (department) is stripped before lookup, so "ฝ่ายการตลาด" reads as การตลาด.
SEAT_ALIASES = {
    **{label: key for key, label in SEAT_LABELS.items()},
    "รองประธานกรรมการ": "vice_chair",
    "ประธานกรรมการ": "chair",
    "ประธานกลุ่ม": "chair",
    "เลขา": "secretary",
    "ผลิต": "production",
    "คุณภาพ": "quality",
}

# A plain member of the group holds no seat.
MEMBER_WORDS = {"สมาชิก", "สมาชิกกลุ่ม"}


def role_label(role: str) -> str:
    return ROLE_LABELS.get(role, role)


def seat_label(seat: str | None) -> str:
    return SEAT_LABELS.get(seat or "", "")
