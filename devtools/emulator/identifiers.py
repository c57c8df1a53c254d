"""Identifiers shaped like LINE's, so code that stores or pattern-checks them is exercised."""
from __future__ import annotations

import itertools
import re
import secrets
import time
import uuid

_CROCKFORD = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"
_message_ids = itertools.count(int(time.time() * 1000) * 1000)
USER_ID = re.compile(r"^U[0-9a-f]{32}$")
GROUP_ID = re.compile(r"^C[0-9a-f]{32}$")
ROOM_ID = re.compile(r"^R[0-9a-f]{32}$")


def user_id() -> str:
    return "U" + secrets.token_hex(16)


def message_id() -> str:
    """LINE message ids are decimal strings that grow over time."""
    return str(next(_message_ids))


def webhook_event_id() -> str:
    """A ULID: 48-bit millisecond time then 80 random bits, in 26 Crockford base-32 digits."""
    value = (int(time.time() * 1000) << 80) | secrets.randbits(80)
    return "".join(_CROCKFORD[(value >> shift) & 31] for shift in range(125, -1, -5))


def reply_token() -> str:
    return secrets.token_hex(16)


def quote_token() -> str:
    return secrets.token_urlsafe(48)


def request_id() -> str:
    return str(uuid.uuid4())


def audience_group_id() -> int:
    """LINE's audience group ids are 13-digit numbers."""
    return secrets.randbelow(9 * 10 ** 12) + 10 ** 12


def rich_menu_id() -> str:
    return "richmenu-" + secrets.token_hex(16)


def is_uuid(value: str) -> bool:
    try:
        return str(uuid.UUID(value)) == value.lower()
    except ValueError:
        return False
