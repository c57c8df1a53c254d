"""X-Line-Signature: is this request body really from LINE?"""
from __future__ import annotations

from linebot.v3.webhook import SignatureValidator


def signature_is_valid(secret: str, body: bytes, signature: str | None) -> bool:
    if not signature:
        return False
    try:
        text = body.decode("utf-8")
    except UnicodeDecodeError:
        return False
    return SignatureValidator(secret).validate(text, signature)
