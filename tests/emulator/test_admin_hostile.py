"""The simulated users' API is development-only, but a wrong body still gets a 4xx that
says what is wrong, never a 5xx."""
from __future__ import annotations

import json

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.emulator.test_judging import JSON_VALUES

FIELDS = ["type", "text", "data", "params", "source", "mention", "packageId", "stickerId", "content", "content_type",
          "file_name", "message_id", "display_text", "user_id", "display_name", "language", "members", "name",
          "group_id", "user_ids", "events", "redeliver", "fail", "latency_ms", "duration", "age", "gender", "app_type",
          "area", "friend_days", "seq", "uri", "clock_offset_seconds"]
EVENT_TYPES = st.sampled_from(["text", "postback", "follow", "unfollow", "image", "video", "audio", "file",
                               "sticker", "location", "unsend", "join", "leave", "memberJoined", "memberLeft"])


@settings(max_examples=120, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(target=st.sampled_from(["users", "user events", "groups", "group events", "raw", "config", "attributes",
                               "seen", "click", "audiences"]),
       kind=EVENT_TYPES,
       body=st.dictionaries(st.sampled_from(FIELDS), JSON_VALUES, max_size=5))
def test_hostile_bodies_get_a_4xx_not_a_5xx(admin, target, kind, body):
    user = admin.new_user()
    group = admin.call("POST", "/_emulator/groups", json={"members": [user]}).json()["group_id"]
    path = {"users": "/_emulator/users", "user events": f"/_emulator/users/{user}/events",
            "groups": "/_emulator/groups", "group events": f"/_emulator/groups/{group}/events",
            "raw": "/_emulator/webhook/raw", "config": "/_emulator/config",
            "attributes": f"/_emulator/users/{user}/attributes", "seen": f"/_emulator/users/{user}/seen",
            "click": f"/_emulator/users/{user}/click", "audiences": "/_emulator/audiences"}[target]
    if target.endswith("events"):
        body = {"type": kind, **body}
    response = admin.call("POST", path, data=json.dumps(body), headers={"Content-Type": "application/json"})
    assert response.status_code < 500, (path, body, response.text[:300])


ODD_EVENTS = [
    {"type": "text", "text": "x", "source": "group"},
    {"type": "text", "text": "x", "source": ["group"]},
    {"type": "video", "duration": "8000"},
    {"type": "audio", "duration": True},
    {"type": "unsend", "message_id": {}},
    {"type": "location", "latitude": "16.4"},
    {"type": "location", "title": 5},
    {"type": "sticker", "packageId": {}},
    {"type": "postback", "data": "x", "display_text": 5},
    {"type": "image", "content": 5, "content_type": "image/png"},
]
ODD_BODIES = [
    ("/_emulator/groups", {"group_id": 5}),
    ("/_emulator/groups", {"members": [{}]}),
    ("/_emulator/users", {"display_name": "x", "language": ["th"]}),
    ("/_emulator/config", {"latency_ms": "x"}),
    ("/_emulator/config", {"webhook_url": 5}),
    ("/_emulator/config", {"clock_offset_seconds": "1d"}),
    ("/_emulator/audiences", {"user_ids": [{}]}),
    ("/_emulator/config", {"fail": [{"path": {}, "status": "x"}]}),
    ("/_emulator/config", {"fail": [{"path": "/v2/bot/message/push", "status": 200}]}),
    ("/_emulator/webhook/raw", {"events": [{"source": "x"}]}),
]


def test_odd_events_and_bodies_are_refused_with_a_reason(admin):
    user = admin.new_user()
    group = admin.call("POST", "/_emulator/groups", json={"members": [user]}).json()["group_id"]
    admin.call("POST", f"/_emulator/groups/{group}/events", json={"type": "join"}).raise_for_status()
    for body in ODD_EVENTS:
        response = admin.call("POST", f"/_emulator/users/{user}/events", json=body)
        assert response.status_code == 400 and response.json()["error"], body
    for path, body in ODD_BODIES:
        response = admin.call("POST", path, json=body)
        assert response.status_code == 400 and response.json()["error"], (path, body)
    config = admin.call("GET", "/_emulator/config").json()
    assert config["latency_ms"] == 0 and config["fail"] == []  # nothing half-applied
    assert admin.api("POST", "/v2/bot/message/push", json={"to": user, "messages": [
        {"type": "text", "text": "ยังใช้ได้"}]}).status_code == 200
