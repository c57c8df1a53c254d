"""Statistics of sent messages, counted from what the simulated users did (`/seen`, `/click`)
and read through line-bot-sdk's insight client: aggregation units, interactions per unit and
per broadcast or narrowcast (shown as null under 20 users, as LINE does), deliveries by day.

The shared OpenAPI copy has no insight.yml, so answers are checked against the SDK's insight
models, which LINE generates from it: a property they do not declare fails the test."""
from __future__ import annotations

from datetime import datetime, timedelta, timezone

import pytest
from linebot.v3.insight import ApiClient as InsightClient, Configuration as InsightConfiguration, Insight
from linebot.v3.insight.models import (GetMessageEventResponse, GetNumberOfMessageDeliveriesResponse,
                                       GetStatisticsPerUnitResponse)
from linebot.v3.messaging import ApiException, MulticastRequest, PushMessageRequest, TextMessage
from pydantic.v1 import BaseModel

from tests.emulator.conftest import ACCESS_TOKEN

MAP = "https://maps.example.org/sala"
FORM = "https://forms.example.org/rsvp"
CARD = {"type": "flex", "altText": "เชิญประชุม", "contents": {"type": "bubble", "body": {
    "type": "box", "layout": "vertical", "contents": [
        {"type": "text", "text": "ประชุมกลุ่ม ศาลา หมู่ 3"},
        {"type": "button", "action": {"type": "uri", "label": "แผนที่", "uri": MAP}},
        {"type": "button", "action": {"type": "uri", "label": "ตอบรับ", "uri": FORM}}]}}}
THANKS = {"type": "text", "text": "ขอบคุณค่ะ"}


def _today() -> str:
    return datetime.now(timezone(timedelta(hours=9))).strftime("%Y%m%d")


@pytest.fixture
def insight(admin) -> Insight:
    with InsightClient(InsightConfiguration(host=admin.base_url, access_token=ACCESS_TOKEN)) as client:
        yield Insight(client)


def undeclared(model: type[BaseModel], raw, path: str = "") -> list[str]:
    """Properties in a raw answer that the SDK model (from LINE's insight.yml) does not declare."""
    if isinstance(raw, list):
        return [problem for index, item in enumerate(raw) for problem in undeclared(model, item, f"{path}[{index}]")]
    fields = {field.alias: field for field in model.__fields__.values()}
    found = [f"{path}.{key}" for key in raw if key not in fields]
    for key, value in raw.items():
        nested = fields[key].type_ if key in fields else None
        if isinstance(nested, type) and issubclass(nested, BaseModel) and value is not None:
            found += undeclared(nested, value, f"{path}.{key}")
    return found


def _seen(admin, user: str, **body) -> list[int]:
    response = admin.call("POST", f"/_emulator/users/{user}/seen", json=body)
    assert response.status_code == 200, response.text
    return response.json()["seen"]


def _click(admin, user: str, uri: str) -> None:
    seq = next(item["seq"] for item in admin.messages(user)["messages"] if item["message"]["type"] == "flex")
    response = admin.call("POST", f"/_emulator/users/{user}/click", json={"seq": seq, "uri": uri})
    assert response.status_code == 200, response.text


# Aggregation units

def test_aggregation_unit_names_are_checked_as_line_documents(admin):
    user = admin.new_user()
    for units, prop in ((["a", "b"], "customAggregationUnits"), (["ประกาศ"], "customAggregationUnits[0]"),
                        (["notice-may"], "customAggregationUnits[0]"), (["x" * 31], "customAggregationUnits[0]"),
                        ([""], "customAggregationUnits[0]")):
        response = admin.api("POST", "/v2/bot/message/push", json={"to": user, "messages": [THANKS],
                                                                  "customAggregationUnits": units})
        assert response.status_code == 400 and response.json()["details"][0]["property"] == prop, units
    assert admin.api("POST", "/v2/bot/message/multicast", json={"to": [user], "messages": [THANKS],
                                                               "customAggregationUnits": [5]}).status_code == 400
    assert admin.texts(user) == []
    assert admin.api("GET", "/v2/bot/message/aggregation/info").json() == {"numOfCustomAggregationUnits": 0}


def test_units_used_this_month_are_counted_and_listed(admin, line_api):
    user = admin.new_user()
    for unit in ("notice_may", "Notice_may", "notice_may", "activity_7"):
        line_api.push_message(PushMessageRequest(to=user, messages=[TextMessage(text="ข่าว")],
                                                 custom_aggregation_units=[unit]))
    line_api.multicast(MulticastRequest(to=[user], messages=[TextMessage(text="ข่าว")],
                                        custom_aggregation_units=["activity_8"]))
    assert line_api.get_aggregation_unit_usage().num_of_custom_aggregation_units == 4  # case-sensitive names
    first = line_api.get_aggregation_unit_name_list(limit="3")
    second = line_api.get_aggregation_unit_name_list(limit="3", start=first.next)
    assert first.custom_aggregation_units + second.custom_aggregation_units == [
        "notice_may", "Notice_may", "activity_7", "activity_8"]
    assert second.next is None
    assert line_api.get_aggregation_unit_name_list().custom_aggregation_units[-1] == "activity_8"
    for params in ({"limit": "0"}, {"limit": "ten"}, {"start": "nope"}):
        assert admin.api("GET", "/v2/bot/message/aggregation/list", params=params).status_code == 400


def test_a_thousand_unit_names_a_month_and_no_more(admin):
    user = admin.new_user()
    for number in range(1000):
        assert admin.api("POST", "/v2/bot/message/push", json={
            "to": user, "messages": [THANKS], "customAggregationUnits": [f"unit_{number}"]}).status_code == 200
    refused = admin.api("POST", "/v2/bot/message/push", json={
        "to": user, "messages": [THANKS], "customAggregationUnits": ["one_too_many"]})
    assert refused.status_code == 400 and refused.json()["details"][0]["property"] == "customAggregationUnits[0]"
    reused = admin.api("POST", "/v2/bot/message/push", json={
        "to": user, "messages": [THANKS], "customAggregationUnits": ["unit_7"]})
    assert reused.status_code == 200
    assert len(admin.texts(user)) == 1001
    admin.configure(clock_offset_seconds=40 * 24 * 3600)  # next month: the count starts again
    assert admin.api("GET", "/v2/bot/message/aggregation/info").json() == {"numOfCustomAggregationUnits": 0}


# Interactions

def test_statistics_per_unit_count_real_opens_and_taps(admin, line_api, insight):
    users = [admin.new_user(f"สมาชิก {n}") for n in range(25)]
    line_api.multicast(MulticastRequest.from_dict({"to": users, "messages": [CARD, THANKS],
                                                   "customAggregationUnits": ["meeting_3"]}))
    line_api.push_message(PushMessageRequest.from_dict({"to": users[0], "messages": [THANKS],
                                                        "customAggregationUnits": ["other_unit"]}))
    for user in users[:21]:
        _seen(admin, user)
    for user in users[:20]:
        _click(admin, user, MAP)
    _click(admin, users[24], FORM)  # tapping shows the message first: an impression too
    for _ in range(2):
        _seen(admin, users[0], seq=admin.messages(users[0])["messages"][0]["seq"])  # scrolls back twice
    raw = admin.api("GET", "/v2/bot/insight/message/event/aggregation",
                    params={"customAggregationUnit": "meeting_3", "from": _today(), "to": _today()}).json()
    assert undeclared(GetStatisticsPerUnitResponse, raw) == []
    stats = insight.get_statistics_per_unit("meeting_3", _today(), _today())
    assert (stats.overview.unique_impression, stats.overview.unique_click) == (22, 21)
    assert stats.overview.unique_media_played is None
    card, thanks = stats.messages
    assert (card.seq, card.impression, card.unique_impression) == (1, 24, 22)
    assert (thanks.seq, thanks.impression, thanks.unique_impression) == (2, 21, 21)
    assert [(click.seq, click.url, click.click, click.unique_click, click.unique_click_of_request)
            for click in stats.clicks] == [(1, MAP, 20, 20, 20), (1, FORM, None, None, None)]  # 1 user: hidden


def test_figures_behind_fewer_than_twenty_users_are_null(admin, line_api, insight):
    users = [admin.new_user(f"คน {n}") for n in range(15)]
    line_api.multicast(MulticastRequest.from_dict({"to": users, "messages": [CARD],
                                                   "customAggregationUnits": ["small_group"]}))
    for user in users:
        for _ in range(2):
            _click(admin, user, MAP)  # 30 taps, but by 15 people
    stats = insight.get_statistics_per_unit("small_group", _today(), _today())
    assert stats.overview.unique_impression is None and stats.overview.unique_click is None
    assert stats.messages[0].impression is None and stats.messages[0].unique_impression is None
    assert stats.clicks[0].click is None and stats.clicks[0].unique_click is None


def test_per_unit_dates_are_checked(admin, insight):
    base = {"customAggregationUnit": "meeting_3", "from": "20260301"}
    for params, prop in (({**base, "to": "20260401"}, "to"), ({**base, "to": "20260228"}, "to"),
                         ({**base, "to": "2026-03-02"}, "to"), ({**base, "to": "20260230"}, "to"),
                         ({"customAggregationUnit": "meeting_3", "to": "20260302"}, "from"),
                         ({**base, "to": "20260302", "customAggregationUnit": "a b"}, "customAggregationUnit")):
        response = admin.api("GET", "/v2/bot/insight/message/event/aggregation", params=params)
        assert response.status_code == 400 and response.json()["details"][0]["property"] == prop, params
    empty = insight.get_statistics_per_unit("meeting_3", "20260301", "20260331")
    assert empty.messages == [] and empty.clicks == [] and empty.overview.unique_impression is None


def test_interactions_with_a_broadcast_and_a_narrowcast(admin, line_api, insight):
    users = [admin.new_user(f"คน {n}") for n in range(23)]
    broadcast = admin.api("POST", "/v2/bot/message/broadcast", json={"messages": [CARD]})
    request_id = broadcast.headers["X-Line-Request-Id"]
    for user in users[:19]:
        _seen(admin, user)
    figures = insight.get_message_event(request_id)
    assert (figures.overview.request_id, figures.overview.delivered) == (request_id, 23)
    assert figures.overview.unique_impression is None  # 19 people: hidden
    _seen(admin, users[19])
    raw = admin.api("GET", "/v2/bot/insight/message/event", params={"requestId": request_id}).json()
    assert undeclared(GetMessageEventResponse, raw) == []
    assert raw["overview"]["uniqueImpression"] == 20 and raw["messages"][0]["impression"] == 20
    assert [click["url"] for click in raw["clicks"]] == [MAP, FORM]
    narrowcast = admin.api("POST", "/v2/bot/message/narrowcast", json={"messages": [THANKS], "limit": {"max": 21}})
    assert insight.get_message_event(narrowcast.headers["X-Line-Request-Id"]).overview.delivered == 21
    pushed = line_api.push_message_with_http_info(PushMessageRequest(to=users[0], messages=[TextMessage(text="x")]))
    for request_id in (pushed.headers["X-Line-Request-Id"], "0f1e2d3c-0000-4000-8000-000000000000"):
        assert admin.api("GET", "/v2/bot/insight/message/event", params={"requestId": request_id}).status_code == 404
    assert admin.api("GET", "/v2/bot/insight/message/event").status_code == 400


def test_seen_and_click_are_what_a_user_could_do(admin, line_api):
    user, other = admin.new_user(), admin.new_user("ลุงมา")
    line_api.push_message(PushMessageRequest.from_dict({"to": user, "messages": [CARD, THANKS]}))
    assert len(_seen(admin, user)) == 2 and _seen(admin, user) == []  # nothing new the second time
    seq = admin.messages(user)["messages"][0]["seq"]
    for target, body, status in ((user, {"seq": seq, "uri": "https://elsewhere.example"}, 400),
                                 (user, {"seq": seq + 1, "uri": MAP}, 400),  # the text has no link
                                 (other, {"seq": seq, "uri": MAP}, 404),  # not delivered to them
                                 (user, {"seq": "1", "uri": MAP}, 400), (user, {"seq": seq}, 400),
                                 (user, {"uri": "https://elsewhere.example"}, 404),
                                 (f"U{'0' * 32}", {"seq": seq, "uri": MAP}, 404)):
        assert admin.call("POST", f"/_emulator/users/{target}/click", json=body).status_code == status, body
    latest = admin.call("POST", f"/_emulator/users/{user}/click", json={"uri": FORM})  # the newest message with it
    assert latest.status_code == 200 and latest.json() == {"seq": seq}
    assert admin.call("POST", f"/_emulator/users/{other}/seen", json={"seq": seq}).status_code == 404
    assert admin.call("POST", f"/_emulator/users/{user}/seen", json={"seq": "x"}).status_code == 400


# Deliveries by day

def test_messages_sent_by_day_are_ready_the_day_after(admin, line_api, insight):
    users = [admin.new_user(f"คน {n}") for n in range(4)]
    token = admin.send(users[0], text="สวัสดี")["event"]["replyToken"]
    admin.api("POST", "/v2/bot/message/reply", json={"replyToken": token, "messages": [THANKS, THANKS]})
    line_api.push_message(PushMessageRequest(to=users[0], messages=[TextMessage(text="ก"), TextMessage(text="ข")]))
    line_api.multicast(MulticastRequest(to=users[:3], messages=[TextMessage(text="ค")]))
    admin.api("POST", "/v2/bot/message/broadcast", json={"messages": [THANKS]})
    admin.api("POST", "/v2/bot/message/narrowcast", json={"messages": [THANKS], "limit": {"max": 2}})
    admin.send(users[3], "unfollow")
    admin.api("POST", "/v2/bot/message/broadcast", json={"messages": [THANKS]})
    today = _today()
    assert insight.get_number_of_message_deliveries(today).status == "unready"
    admin.configure(clock_offset_seconds=24 * 3600)
    raw = admin.api("GET", "/v2/bot/insight/message/delivery", params={"date": today}).json()
    assert undeclared(GetNumberOfMessageDeliveriesResponse, raw) == []
    counts = insight.get_number_of_message_deliveries(today)
    assert (counts.status, counts.api_reply, counts.api_push, counts.api_multicast, counts.api_broadcast,
            counts.api_narrowcast, counts.broadcast, counts.targeting) == ("ready", 1, 1, 3, 7, 2, 7, 2)
    assert insight.get_number_of_message_deliveries("20170228").status == "out_of_service"
    for date in ("2026-1-01", "20261301", None):
        response = admin.api("GET", "/v2/bot/insight/message/delivery", params={} if date is None else {"date": date})
        assert response.status_code == 400


def test_a_refused_send_uses_no_unit_name(admin, line_api):
    with pytest.raises(ApiException) as raised:
        line_api.push_message(PushMessageRequest(to="U" + "1" * 32, messages=[TextMessage(text="x")],
                                                 custom_aggregation_units=["ok_name"]))
    assert raised.value.status == 400  # an unknown user: LINE's "Failed to send messages"
    admin.configure(monthly_quota=0)
    user = admin.new_user()
    over = admin.api("POST", "/v2/bot/message/multicast", json={"to": [user], "messages": [THANKS],
                                                               "customAggregationUnits": ["ok_name"]})
    assert over.status_code == 429
    assert line_api.get_aggregation_unit_usage().num_of_custom_aggregation_units == 0
