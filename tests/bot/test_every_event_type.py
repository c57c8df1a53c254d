"""Every event type in LINE's webhook description, signed, stored and handled without error.

Samples are checked against webhook.yml, so they are events LINE could send; a type LINE
adds to the description fails the coverage test until it has a sample here. Only those two
checks need LINE's OpenAPI files: the handling of every sample runs without them.
"""
from __future__ import annotations

import secrets
import time

import pytest
import yaml
from sqlalchemy import select

from bot.models import WebhookEvent
from handlers.events import process_event
from tests.emulator.conftest import requires_openapi
from tests.emulator.openapi import schema_errors, shared_openapi_dir
from tests.signing import body_of, post

USER = {"type": "user", "userId": "U" + "1" * 32}
GROUP = {"type": "group", "groupId": "C" + "2" * 32, "userId": "U" + "1" * 32}
REPLY = {"replyToken": "a" * 32}
TEXT = {"id": "468789577898262530", "type": "text", "quoteToken": "q" * 16, "text": "สวัสดี"}

SAMPLES = {
    "message": {**REPLY, "message": TEXT},
    "unsend": {"unsend": {"messageId": "325708"}},
    "follow": {**REPLY, "follow": {"isUnblocked": False}},
    "unfollow": {},
    "join": {**REPLY, "source": GROUP},
    "leave": {"source": GROUP},
    "memberJoined": {**REPLY, "source": GROUP, "joined": {"members": [USER]}},
    "memberLeft": {"source": GROUP, "left": {"members": [USER]}},
    "postback": {**REPLY, "postback": {"data": "kb:more:1"}},
    "videoPlayComplete": {**REPLY, "videoPlayComplete": {"trackingId": "track-1"}},
    "beacon": {**REPLY, "beacon": {"hwid": "d41d8cd98f", "type": "enter"}},
    "accountLink": {**REPLY, "link": {"result": "ok", "nonce": "xxxxxxxxxxxxxxx"}},
    "membership": {**REPLY, "membership": {"type": "joined", "membershipId": 3189}},
    "module": {"module": {"type": "attached", "botId": "U" + "3" * 32, "scopes": ["message:send"]}},
    "activated": {"chatControl": {"expireAt": 1462629479859}},
    "deactivated": {},
    "botSuspended": {},
    "botResumed": {},
    "delivery": {"delivery": {"data": "abcdefg"}},
}
# Events about the channel itself carry no user: LINE sends them without a source.
NO_SOURCE = {"module", "activated", "deactivated", "botSuspended", "botResumed", "delivery"}


def _event(kind: str) -> dict:
    event = {"type": kind, "mode": "active", "timestamp": int(time.time() * 1000),
             "webhookEventId": "01" + secrets.token_hex(12).upper(), "deliveryContext": {"isRedelivery": False}}
    if kind not in NO_SOURCE:
        event["source"] = USER
    event.update(SAMPLES[kind])
    return event


@requires_openapi
def test_samples_cover_every_event_type_in_the_description():
    spec = yaml.safe_load((shared_openapi_dir() / "webhook.yml").read_text())
    assert set(spec["components"]["schemas"]["Event"]["discriminator"]["mapping"]) == set(SAMPLES)


@requires_openapi
@pytest.mark.parametrize("kind", sorted(SAMPLES))
def test_sample_is_an_event_line_could_send(kind):
    assert schema_errors("webhook.yml", "Event", _event(kind)) == []


@pytest.mark.parametrize("kind", sorted(SAMPLES))
def test_event_type_is_acknowledged_stored_and_handled(kind, client, rt):
    event = _event(kind)
    assert post(client, body_of(event)).status_code == 200
    with rt.db.sessions() as session:
        row = session.scalar(select(WebhookEvent).where(WebhookEvent.webhook_event_id == event["webhookEventId"]))
    process_event(rt, row.id)
    with rt.db.sessions() as session:
        handled = session.get(WebhookEvent, row.id)
        assert handled.status == "done" and handled.error is None


def test_console_verification_events_are_acknowledged_and_answered_with_nothing(client, rt):
    from bot.models import OutboundMessage

    for token in ("0" * 32, "f" * 32):
        event = _event("message")
        event.update(replyToken=token, source={"type": "user", "userId": "Udeadbeefdeadbeefdeadbeefdeadbeef"})
        assert post(client, body_of(event)).status_code == 200
        with rt.db.sessions() as session:
            row = session.scalar(select(WebhookEvent).where(WebhookEvent.webhook_event_id == event["webhookEventId"]))
        process_event(rt, row.id)
    with rt.db.sessions() as session:
        assert session.scalars(select(OutboundMessage)).all() == []
