"""Webhook bodies LINE would never send, built from LINE's own description (webhook.yml).

An event is first drawn the way the description says (its type from the discriminator,
each declared property with a value of its declared type or enum), with ids that are
sometimes in LINE's formats and sometimes not; then some of its values are replaced by
hostile ones: the wrong JSON type, huge or non-finite numbers, over-long or invalid text,
deep nesting. The same generator drives the hypothesis test in the suite (through a
Random that hypothesis controls) and the `benchmarks.hostile_webhook` run.
"""
from __future__ import annotations

import json
import random
import secrets
import time
from functools import cache
from pathlib import Path
from typing import Any

import yaml

REF = "#/components/schemas/"
# Placeholders json.dumps cannot write; swapped for their raw text afterwards.
RAW = {"__NaN__": "NaN", "__Inf__": "Infinity", "__Huge__": "1e999999", "__NegHuge__": "-1e999999"}
POSTBACKS = ["kb:more:³", "loan:ok:³", "oq:answer:³", "kb:more:99999999999999999999", "kb:more:-1", "kb:more:",
             "kb:yes:1:2", "loan:advice:0x10", "f:1:1:~cancel", "f:x:y:z", "kb:more:１２", "oq:answer:1e3",
             "loan:no:" + "9" * 300, "kb:officer:1", ":", ""]
TEXTS = ["", "เมนู", "ส่งรายงาน", "ถอนความยินยอม", "รหัส ACD34E", "x" * 5001, "\x00", "\ud800", "³²¹",
         "น้องสัมมาชีพ ข้อมูลของฉัน", "🙂" * 50]


@cache
def schemas(path: Path) -> dict[str, Any]:
    return yaml.safe_load(path.read_text())["components"]["schemas"]


def _chat_id(rng: random.Random, prefix: str, faithful: bool) -> Any:
    if faithful:
        return prefix + secrets.token_hex(16)
    return rng.choice([prefix + secrets.token_hex(16), prefix + "0" * 32, "U" + "a" * 70, prefix.lower() + "1" * 32,
                       ["U" + "a" * 32], "../config?", prefix + "Z" * 32, 42, None])


def _string(rng: random.Random, name: str, faithful: bool) -> Any:
    if name in {"userId", "groupId", "roomId", "botId"}:
        return _chat_id(rng, {"groupId": "C", "roomId": "R"}.get(name, "U"), faithful)
    if name == "data":  # postback data: what buttons send, and what a forger might
        return rng.choice(POSTBACKS + [rng.choice(POSTBACKS)[: rng.randint(0, 12)] + str(rng.randint(0, 10**6))])
    if name == "text":
        return rng.choice(TEXTS[1:5] + TEXTS[8:] if faithful else TEXTS)
    if name == "replyToken":
        return secrets.token_hex(16) if faithful else rng.choice([secrets.token_hex(16), "f" * 200, "", "x y"])
    if faithful:
        return rng.choice(["a", "ก" * 20, secrets.token_hex(8), str(rng.randint(1, 10**12))])
    return rng.choice(["", "a", "x" * 70, "ก" * 20, secrets.token_hex(8), "\ud800"])


def _value(rng: random.Random, spec: dict, table: dict, name: str, depth: int, faithful: bool) -> Any:
    if "$ref" in spec:
        return _object(rng, spec["$ref"].removeprefix(REF), table, depth + 1, faithful)
    if "enum" in spec:
        return rng.choice(spec["enum"] + ([] if faithful else ["not-in-enum"]))
    kind = spec.get("type")
    if kind == "string":
        return _string(rng, name, faithful)
    if kind == "integer":
        if faithful:
            return int(time.time() * 1000) if name in {"timestamp", "expireAt"} else rng.randint(0, 10**6)
        return rng.choice([int(time.time() * 1000), 0, -1, 2**63, 10**30, rng.randint(-10, 10**6)])
    if kind == "number":
        return rng.choice([1.5, 0.0, 1e308])
    if kind == "boolean":
        return rng.choice([True, False])
    if kind == "array":
        return [_value(rng, spec.get("items", {}), table, name, depth + 1, faithful)
                for _ in range(rng.randint(1 if faithful else 0, 3))]
    return None


def _object(rng: random.Random, name: str, table: dict, depth: int, faithful: bool) -> Any:
    schema = table.get(name, {})
    if depth > 6:
        return {}
    if "enum" in schema or schema.get("type") not in (None, "object"):
        return _value(rng, schema, table, name, depth, faithful)
    mapping = (schema.get("discriminator") or {}).get("mapping")
    if mapping:
        chosen = rng.choice(sorted(mapping))
        body = _object(rng, mapping[chosen].removeprefix(REF), table, depth + 1, faithful)
        if isinstance(body, dict):
            body[schema["discriminator"]["propertyName"]] = chosen
        return body
    result: dict[str, Any] = {}
    parts = [schema] + [table.get(part["$ref"].removeprefix(REF), {}) if "$ref" in part else part
                        for part in schema.get("allOf", [])]
    for part in parts:
        for prop, spec in (part.get("properties") or {}).items():
            if faithful or rng.random() < 0.9:
                result[prop] = _value(rng, spec, table, prop, depth, faithful)
    return result


def _hostile_value(rng: random.Random) -> Any:
    return rng.choice([["message"], {"type": "x"}, "all", "hello", 42, -1, 1e30, None, True, "__NaN__", "__Inf__",
                       "__Huge__", "__NegHuge__", "x" * 100, "\x00", "\ud800", _nested(rng.choice([30, 200]))])


def _nested(depth: int) -> Any:
    value: Any = 1
    for _ in range(depth):
        value = [value]
    return value


def _mutate(rng: random.Random, node: Any, rate: float) -> Any:
    if isinstance(node, dict):
        return {key: (_hostile_value(rng) if rng.random() < rate else _mutate(rng, value, rate))
                for key, value in node.items()}
    if isinstance(node, list):
        return [_mutate(rng, item, rate) for item in node]
    return node


def event(rng: random.Random, table: dict) -> dict:
    """Half the time as LINE describes it (its postback data and text still hostile), else bent."""
    faithful = rng.random() < 0.5
    drawn = _object(rng, "Event", table, 0, faithful)
    drawn["webhookEventId"] = rng.choice(["01" + secrets.token_hex(12).upper()] * 4 + ["", "x" * 100, 7])
    drawn.setdefault("timestamp", int(time.time() * 1000))
    return drawn if faithful else _mutate(rng, drawn, rng.choice([0.0, 0.05, 0.2]))


def body(rng: random.Random, table: dict) -> bytes:
    """One webhook body: a few drawn events, or a broken document."""
    shape = rng.random()
    if shape < 0.05:
        return rng.choice([b"", b"not json", b"[]", b'{"events": {}}', b'{"events": [', b"\xff\xfe",
                           b"[" * 100_000 + b"]" * 100_000, b'{"events": [' + b"[" * 50_000 + b"]" * 50_000 + b"]}"])
    document = {"destination": "U" + "0" * 32, "events": [event(rng, table) for _ in range(rng.randint(1, 3))]}
    text = json.dumps(document, ensure_ascii=rng.random() < 0.5)
    for placeholder, raw in RAW.items():
        text = text.replace(f'"{placeholder}"', raw)
    return text.encode("utf-8", "surrogatepass")
