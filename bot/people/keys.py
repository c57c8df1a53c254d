"""person_key: how an imported person is recognised in the next import, without
storing their national ID.

An HMAC of the national ID (else the phone) under a secret from settings
(SAMMACHIP_PERSON_KEY_SECRET), never from the source: every Thai mobile number can
be tried in minutes, so an unkeyed hash in a stolen database would name everyone.
The key outlives a withdrawal, so a re-import does not bring a withdrawn person back.
"""
from __future__ import annotations

import hashlib
import hmac

from bot import runtime

# Keys written before the keyed hash: still recognised so the first import after an
# upgrade matches everyone, and each matched person is moved to the keyed form.
_LEGACY_NAMESPACE = "sammachip-bot/person-key/v1"


def _keyed(kind: str, value: str) -> str:
    secret = runtime.current().settings.person_key_secret
    return hmac.new(secret.encode(), f"{kind}:{value}".encode(), hashlib.sha256).hexdigest()


def _legacy(kind: str, value: str) -> str:
    return hashlib.sha256(f"{_LEGACY_NAMESPACE}:{kind}:{value}".encode()).hexdigest()


def for_id(national_id: str) -> str:
    return _keyed("id", national_id)


def for_phone(phone: str) -> str:
    return _keyed("phone", phone)


def candidates_for_id(national_id: str) -> list[str]:
    return [for_id(national_id), _legacy("id", national_id)]


def candidates_for_phone(phone: str) -> list[str]:
    return [for_phone(phone), _legacy("phone", phone)]
