"""Narrowcast reaches exactly whom LINE would reach: recipients (audiences, redeliveries and
their operators), demographic filters on what LINE knows of each user, and limits; the
progress endpoint reports the real counts, and failures found after acceptance."""
from __future__ import annotations

import pytest
from linebot.v3.messaging import (AgeDemographicFilter, AudienceRecipient, GenderDemographicFilter, Limit,
                                  NarrowcastRequest, OperatorDemographicFilter, OperatorRecipient, TextMessage)
from linebot.v3.messaging.models import DemographicFilter, Filter

TEXT = {"type": "text", "text": "ประชุมกลุ่มออมทรัพย์"}

# Who LINE knows what of: (age, gender, app, area, days a friend).
PEOPLE = {
    "นิด": dict(age=22, gender="female", app_type="android", area="th_07", friend_days=10),
    "ชัย": dict(age=35, gender="male", app_type="ios", area="th_01", friend_days=100),
    "บุญ": dict(age=61, gender="female", app_type="ios", area="th_07", friend_days=3),
    "เงียบ": dict(friend_days=400),  # LINE is sure of nothing but how long they have been a friend
    "หาย": dict(age=45, gender="male", app_type="android", area="th_03", friend_days=50),  # has blocked the bot
}

FILTERS = [
    ({"type": "age", "gte": "age_20", "lt": "age_40"}, {"นิด", "ชัย"}),
    ({"type": "age", "gte": "age_60"}, {"บุญ"}),
    ({"type": "gender", "oneOf": ["female"]}, {"นิด", "บุญ"}),
    ({"type": "appType", "oneOf": ["ios"]}, {"ชัย", "บุญ"}),
    ({"type": "area", "oneOf": ["th_07", "th_03"]}, {"นิด", "บุญ"}),
    ({"type": "subscriptionPeriod", "gte": "day_7", "lt": "day_30"}, {"นิด"}),
    ({"type": "subscriptionPeriod", "lt": "day_7"}, {"บุญ"}),
    ({"type": "subscriptionPeriod", "gte": "day_365"}, {"เงียบ"}),
    ({"type": "operator", "and": [{"type": "gender", "oneOf": ["female"]}, {"type": "appType", "oneOf": ["android"]}]},
     {"นิด"}),
    ({"type": "operator", "or": [{"type": "area", "oneOf": ["th_01"]}, {"type": "age", "gte": "age_60"}]},
     {"ชัย", "บุญ"}),
    # Unknown is neither female nor not female: "เงียบ" is reached by neither.
    ({"type": "operator", "not": {"type": "gender", "oneOf": ["female"]}}, {"ชัย"}),
    ({"type": "operator", "or": [{"type": "subscriptionPeriod", "gte": "day_365"},
                                 {"type": "gender", "oneOf": ["male"]}]}, {"เงียบ", "ชัย"}),
    ({"type": "operator", "and": [{"type": "subscriptionPeriod", "gte": "day_365"},
                                  {"type": "operator", "not": {"type": "gender", "oneOf": ["male"]}}]}, set()),
]


@pytest.fixture
def village(admin) -> dict[str, str]:
    people = {name: admin.new_user(name, **attributes) for name, attributes in PEOPLE.items()}
    admin.send(people["หาย"], "unfollow")
    return people


def _narrowcast(admin, **body):
    return admin.api("POST", "/v2/bot/message/narrowcast", json={"messages": [TEXT], **body})


def _progress(admin, response) -> dict:
    request_id = response.headers["X-Line-Request-Id"]
    while True:
        progress = admin.api("GET", "/v2/bot/message/progress/narrowcast", params={"requestId": request_id}).json()
        if progress["phase"] in ("succeeded", "failed"):
            return progress


def _reached(admin, people: dict[str, str]) -> set[str]:
    return {name for name, user in people.items() if admin.texts(user)}


@pytest.mark.parametrize("demographic, expected", FILTERS, ids=[str(index) for index in range(len(FILTERS))])
def test_demographic_filters_reach_exactly_who_they_describe(admin, village, demographic, expected):
    response = _narrowcast(admin, filter={"demographic": demographic})
    assert response.status_code == 202
    progress = _progress(admin, response)
    assert _reached(admin, village) == expected
    if expected:
        assert (progress["phase"], progress["targetCount"], progress["successCount"], progress["failureCount"]) == (
            "succeeded", len(expected), len(expected), 0)
    else:
        assert (progress["phase"], progress["errorCode"]) == ("failed", 2)  # LINE: not enough recipients


def test_attributes_can_change_and_be_forgotten(admin, village):
    changed = admin.call("POST", f"/_emulator/users/{village['เงียบ']}/attributes",
                         json={"gender": "female", "age": 70})
    assert changed.status_code == 200 and changed.json()["gender"] == "female"
    admin.call("POST", f"/_emulator/users/{village['นิด']}/attributes", json={"gender": None})
    _narrowcast(admin, filter={"demographic": {"type": "gender", "oneOf": ["female"]}})
    assert _reached(admin, village) == {"บุญ", "เงียบ"}
    for bad in ({"age": -1}, {"gender": "other"}, {"app_type": "desktop"}, {"area": "bangkok"},
                {"friend_days": "ten"}, {"mood": "happy"}):
        assert admin.call("POST", f"/_emulator/users/{village['นิด']}/attributes", json=bad).status_code == 400
    assert admin.call("POST", "/_emulator/users", json={"display_name": "x", "age": 300}).status_code == 400
    assert admin.call("POST", f"/_emulator/users/U{'0' * 32}/attributes", json={"age": 5}).status_code == 404


def test_following_again_restarts_the_friendship_length(admin, village):
    admin.send(village["หาย"], "follow")
    _narrowcast(admin, filter={"demographic": {"type": "subscriptionPeriod", "lt": "day_7"}})
    assert _reached(admin, village) == {"บุญ", "หาย"}


def test_an_audience_reaches_its_following_members_through_the_sdk(admin, line_api):
    people = [admin.new_user(f"สมาชิก {n}") for n in range(60)]
    outsider = admin.new_user("คนนอก")
    audience = admin.call("POST", "/_emulator/audiences", json={"user_ids": people[:55]}).json()["audienceGroupId"]
    admin.send(people[0], "unfollow")
    request = NarrowcastRequest(messages=[TextMessage(text="เชิญประชุม")],
                                recipient=AudienceRecipient(audience_group_id=audience))
    response = line_api.narrowcast_with_http_info(request)
    assert response.status_code == 202
    request_id = response.headers["X-Line-Request-Id"]
    while (progress := line_api.get_narrowcast_progress(request_id)).phase != "succeeded":
        assert progress.phase in ("waiting", "sending")
    assert (progress.target_count, progress.success_count, progress.failure_count) == (54, 54, 0)
    assert [bool(admin.texts(user)) for user in people] == [False] + [True] * 54 + [False] * 5
    assert admin.texts(outsider) == []


def test_an_audience_of_fewer_than_fifty_fails_after_acceptance(admin):
    people = [admin.new_user(f"คน {n}") for n in range(3)]
    audience = admin.call("POST", "/_emulator/audiences", json={"user_ids": people}).json()["audienceGroupId"]
    response = _narrowcast(admin, recipient={"type": "operator", "and": [
        {"type": "audience", "audienceGroupId": audience},
        {"type": "operator", "not": {"type": "audience", "audienceGroupId": audience}}]})
    assert response.status_code == 202
    progress = _progress(admin, response)
    assert (progress["phase"], progress["errorCode"]) == ("failed", 4) and progress["failedDescription"]
    assert all(admin.texts(user) == [] for user in people)
    for bad in ({"user_ids": []}, {"user_ids": ["U" + "0" * 32]}, {"user_ids": "everyone"}):
        assert admin.call("POST", "/_emulator/audiences", json=bad).status_code == 400


def test_audience_and_filter_together(admin, village):
    people = [admin.new_user(f"หญิง {n}", gender="female") for n in range(30)]
    people += [admin.new_user(f"ชาย {n}", gender="male") for n in range(30)]
    audience = admin.call("POST", "/_emulator/audiences", json={"user_ids": people}).json()["audienceGroupId"]
    response = _narrowcast(admin, recipient={"type": "audience", "audienceGroupId": audience},
                           filter={"demographic": {"type": "gender", "oneOf": ["female"]}})
    assert _progress(admin, response)["successCount"] == 30
    assert [bool(admin.texts(user)) for user in people] == [True] * 30 + [False] * 30
    assert _reached(admin, village) == set()


def test_limit_max_picks_at_random_and_counts_what_was_sent(admin, line_api):
    users = [admin.new_user(f"คน {n}") for n in range(10)]
    request = NarrowcastRequest(messages=[TextMessage(text="สุ่ม")], limit=Limit(max=4))
    response = line_api.narrowcast_with_http_info(request)
    request_id = response.headers["X-Line-Request-Id"]
    while (progress := line_api.get_narrowcast_progress(request_id)).phase != "succeeded":
        pass
    assert progress.target_count == progress.success_count == 4
    assert sum(bool(admin.texts(user)) for user in users) == 4


def test_up_to_remaining_quota(admin):
    users = [admin.new_user(f"คน {n}") for n in range(8)]
    admin.configure(monthly_quota=5)
    over = _narrowcast(admin)
    assert over.status_code == 429  # the whole audience does not fit in the month's quota
    forbidden = _narrowcast(admin, limit={"upToRemainingQuota": True, "forbidPartialDelivery": True})
    assert forbidden.status_code == 202 and _progress(admin, forbidden)["errorCode"] == 5
    assert sum(bool(admin.texts(user)) for user in users) == 0
    partial = _narrowcast(admin, limit={"upToRemainingQuota": True})
    assert _progress(admin, partial)["successCount"] == 5
    assert sum(bool(admin.texts(user)) for user in users) == 5
    assert admin.api("GET", "/v2/bot/message/quota/consumption").json() == {"totalUsage": 5}


def test_sdk_filter_objects_are_applied(admin, line_api, village):
    demographic = OperatorDemographicFilter(var_and=[AgeDemographicFilter(gte="age_20", lt="age_65"),
                                                  GenderDemographicFilter(one_of=["female"])])
    request = NarrowcastRequest(messages=[TextMessage(text="สตรี")], filter=Filter(demographic=demographic))
    assert isinstance(request.filter.demographic, DemographicFilter)
    line_api.narrowcast(request)
    assert _reached(admin, village) == {"นิด", "บุญ"}
    request = NarrowcastRequest(messages=[TextMessage(text="ทุกคนนอกกลุ่ม")],
                                recipient=OperatorRecipient(var_not=AudienceRecipient(audience_group_id=1)))
    assert admin.api("POST", "/v2/bot/message/narrowcast", json=request.to_dict()).status_code == 400
