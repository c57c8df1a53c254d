"""LINE's rate limits, per endpoint function and channel, as its reference documents them.

LINE counts each function on its own ("even if the endpoint URL is the same, it is a
different function"), so a burst of pushes never uses up broadcasts. Most functions allow
2,000 requests a second; a few, listed here, much fewer.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

HOUR = 3600.0


@dataclass(frozen=True)
class RateLimit:
    function: str
    method: str
    path: re.Pattern
    requests: int
    per_seconds: float


def _limit(function: str, method: str, path: str, requests: int, per_seconds: float) -> RateLimit:
    return RateLimit(function, method, re.compile(f"^{path}$"), requests, per_seconds)


LIMITS = (
    _limit("broadcast", "POST", "/v2/bot/message/broadcast", 60, HOUR),
    _limit("narrowcast", "POST", "/v2/bot/message/narrowcast", 60, HOUR),
    _limit("create rich menu", "POST", "/v2/bot/richmenu", 100, HOUR),
    _limit("delete rich menu", "DELETE", "/v2/bot/richmenu/[^/]+", 100, HOUR),
    _limit("multicast", "POST", "/v2/bot/message/multicast", 200, 1.0),
    _limit("link rich menu to users", "POST", "/v2/bot/richmenu/bulk/link", 200, 1.0),
    _limit("unlink rich menu from users", "POST", "/v2/bot/richmenu/bulk/unlink", 200, 1.0),
)
OTHER_REQUESTS_PER_SECOND = 2000


def limit_for(method: str, path: str) -> RateLimit:
    for limit in LIMITS:
        if limit.method == method and limit.path.match(path):
            return limit
    # Every other function has its own counter too: the method and path name it.
    return RateLimit(f"{method} {path}", method, re.compile(""), OTHER_REQUESTS_PER_SECOND, 1.0)
