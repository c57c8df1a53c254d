"""Hostile webhook bodies: never a 5xx, never a poison event queued, never a batch lost.

Each body here answered 500 (or was accepted and then failed in the worker on every
attempt) before events were checked against LINE's webhook models.
"""
from __future__ import annotations

import io
import json
import random

import pytest
from hypothesis import HealthCheck, given, settings, strategies as st
from rq import Queue
from sqlalchemy import select

from bot.models import WebhookEvent
from handlers.events import process_event
from handlers.webhook import MAX_BODY_BYTES
from tests import hostile
from tests.emulator.openapi import shared_openapi_dir
from tests.signing import body_of, post, sign, text_event
from workers.queues import EVENTS


def _events(rt) -> dict[str, WebhookEvent]:
    with rt.db.sessions() as session:
        return {row.webhook_event_id: row for row in session.scalars(select(WebhookEvent))}


def _queued(rt) -> int:
    return Queue(EVENTS, connection=rt.redis).count


def _with(event: dict, path: str, value) -> dict:
    event = json.loads(json.dumps(event))
    *parents, last = path.split(".")
    node = event
    for key in parents:
        node = node[key]
    node[last] = value
    return event


POISON = {
    "text is a number": ("message.text", 42),
    "message is a string": ("message", "hello"),
    "timestamp is 1e30": ("timestamp", 1e30),
    "type is a list": ("type", ["message"]),
    "mention is a string": ("message.mention", "all"),
    "userId is a list": ("source.userId", ["U" + "a" * 32]),
    "userId over 64 characters": ("source.userId", "U" + "a" * 70),
    "source.type over 16": ("source.type", "x" * 20),
    "postback data a number": ("postback", {"data": 5}),
    "reply token too long": ("replyToken", "f" * 100),
    "lone surrogate": ("message.text", "\ud800"),
}


@pytest.mark.parametrize("problem", sorted(POISON))
def test_event_line_would_never_send_is_stored_rejected_and_its_batch_kept(client, rt, problem):
    path, value = POISON[problem]
    good, bad = text_event(), _with(text_event(), path, value)
    # ASCII escapes, as a body can carry a lone surrogate only as "\ud800".
    body = json.dumps({"destination": "U" + "0" * 32, "events": [good, bad]}).encode()
    assert post(client, body).status_code == 200
    stored = _events(rt)
    assert stored[good["webhookEventId"]].status == "received"
    assert stored[bad["webhookEventId"]].status == "rejected" and stored[bad["webhookEventId"]].error
    assert _queued(rt) == 1  # only the good one goes to the workers


@pytest.mark.parametrize("raw", ["NaN", "Infinity", "1e999999", "-1e999999"])
def test_non_finite_numbers_are_refused_without_a_5xx(client, rt, raw):
    good, bad = text_event(), text_event(timestamp=1234567890123)
    body = body_of(good, bad).replace(b"1234567890123", raw.encode())
    assert post(client, body).status_code == 200
    assert _events(rt)[bad["webhookEventId"]].status == "rejected"
    assert _events(rt)[good["webhookEventId"]].status == "received"


def test_json_nested_100000_deep_is_400_not_500(client, rt):
    deep = b'{"events": [' + b"[" * 100_000 + b"]" * 100_000 + b"]}"
    assert post(client, deep).status_code == 400
    nested_event = text_event(message=hostile._nested(500))
    assert post(client, body_of(nested_event)).status_code == 200
    assert _events(rt)[nested_event["webhookEventId"]].status == "rejected"


def test_body_over_the_limit_is_refused_before_it_is_read(client, rt):
    big = b"x" * (MAX_BODY_BYTES + 1)
    assert post(client, big, signature=sign(big)).status_code == 413
    assert post(client, big, signature=None).status_code == 413

    # Chunked, so no Content-Length to refuse it by: the read stops once past the limit.
    response = client.post("/callback", input_stream=io.BytesIO(big), headers={"X-Line-Signature": "x"},
                           environ_overrides={"wsgi.input_terminated": True})
    assert response.status_code == 413
    assert _events(rt) == {}


WEBHOOK_YML = shared_openapi_dir()


@pytest.mark.skipif(WEBHOOK_YML is None, reason="needs ../shared/line-openapi/webhook.yml")
@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture,
                                                                 HealthCheck.too_slow])
@given(rng=st.randoms(use_true_random=False), signed=st.booleans())
def test_fuzzed_webhook_bodies_from_lines_description_never_answer_5xx(client, rt, rng: random.Random, signed):
    table = hostile.schemas(WEBHOOK_YML / "webhook.yml")
    body = hostile.body(rng, table)
    response = post(client, body, signature="auto" if signed else rng.choice([None, "AAAA", sign(body, "other")]))
    assert response.status_code < 500
    if not signed:
        assert response.status_code == 400
    # Whatever was accepted runs in the worker without failing: nothing poison is queued.
    for row in _events(rt).values():
        if row.status == "received":
            process_event(rt, row.id)
            assert _events(rt)[row.webhook_event_id].status == "done", row.payload
