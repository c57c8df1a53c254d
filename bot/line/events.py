"""Is this a webhook event as LINE describes it? line-bot-sdk's own parser models decide,
so the check follows the SDK as LINE adds fields and event types."""
from __future__ import annotations

import re

from linebot.v3.webhooks import Event


def schema_problem(event: dict) -> str | None:
    """None when the SDK parses `event`, else why not (printable ASCII, short)."""
    try:
        Event.from_dict(event)
    except Exception as error:  # the SDK raises ValidationError, ValueError, TypeError, KeyError...
        # The SDK quotes the input in its messages: keep printable ASCII only.
        first_line = (str(error).splitlines() or [""])[0]
        return f"not a LINE event: {type(error).__name__}: {re.sub(r'[^ -~]', '?', first_line)[:200]}"
    return None
