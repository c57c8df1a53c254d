"""Failed sign-ins counted in Redis, per account name and per address, in fixed windows.

An atomic MULTI (SET NX EX, then INCR) so parallel web processes share one count and a
window always expires. The count is of failures only: an officer who signs in fine is
never slowed down, and a wrong password from many addresses still locks the account name.
"""
from __future__ import annotations

import hashlib

from redis import Redis

WINDOW_SECONDS = 15 * 60
PER_ACCOUNT = 5
PER_ADDRESS = 20


def _keys(username: str, address: str) -> list[tuple[str, int]]:
    name = hashlib.sha256(username.strip().lower().encode()).hexdigest()[:32]
    return [(f"console:sign-in-failures:account:{name}", PER_ACCOUNT),
            (f"console:sign-in-failures:address:{address}", PER_ADDRESS)]


def blocked(redis: Redis, username: str, address: str) -> bool:
    keys = _keys(username, address)
    counts = redis.mget([key for key, _ in keys])
    return any(int(count or 0) >= limit for count, (_, limit) in zip(counts, keys))


def failed(redis: Redis, username: str, address: str) -> None:
    pipe = redis.pipeline(transaction=True)
    for key, _ in _keys(username, address):
        pipe.set(key, 0, ex=WINDOW_SECONDS, nx=True)
        pipe.incr(key)
    pipe.execute()


def minutes_left(redis: Redis, username: str, address: str) -> int:
    ttls = [redis.ttl(key) for key, _ in _keys(username, address)]
    return max(1, (max(ttls) + 59) // 60)
