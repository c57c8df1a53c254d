"""The emulator keeps users, groups, chats, content and rich menus across a restart when
given a state file (as `sammachip dev` does), and starts clean without one."""
from __future__ import annotations

import requests

from devtools.emulator import running_emulator
from devtools.emulator.images import solid_png
from tests.emulator.conftest import ACCESS_TOKEN, emulator_config

AUTH = {"Authorization": f"Bearer {ACCESS_TOKEN}"}


def _populate(addresses) -> tuple[str, str, str, int]:
    user = requests.post(addresses.api + "/_emulator/users", json={"display_name": "ยายสมร", "age": 67, "area": "th_07"},
                         timeout=5).json()
    group = requests.post(addresses.api + "/_emulator/groups", json={"members": [user["user_id"]]},
                          timeout=5).json()["group_id"]
    requests.post(f"{addresses.api}/_emulator/groups/{group}/events", json={"type": "join"}, timeout=5)
    requests.post(addresses.api + "/v2/bot/message/push", headers=AUTH, timeout=5,
                  json={"to": user["user_id"], "messages": [{"type": "text", "text": "สวัสดีค่ะ"}]})
    photo = requests.post(f"{addresses.api}/_emulator/users/{user['user_id']}/events", json={"type": "image"},
                          timeout=5).json()["event"]["message"]["id"]
    menu = requests.post(addresses.api + "/v2/bot/richmenu", headers=AUTH, timeout=5, json={
        "size": {"width": 2500, "height": 843}, "selected": True, "name": "หลัก", "chatBarText": "เมนู",
        "areas": [{"bounds": {"x": 0, "y": 0, "width": 2500, "height": 843},
                   "action": {"type": "postback", "data": "menu"}}]}).json()["richMenuId"]
    requests.post(f"{addresses.data}/v2/bot/richmenu/{menu}/content", data=solid_png(2500, 843), timeout=5,
                  headers={**AUTH, "Content-Type": "image/png"}).raise_for_status()
    requests.post(f"{addresses.api}/v2/bot/user/all/richmenu/{menu}", headers=AUTH, timeout=5).raise_for_status()
    audience = requests.post(addresses.api + "/_emulator/audiences", json={"user_ids": [user["user_id"]]},
                             timeout=5).json()["audienceGroupId"]
    requests.post(addresses.api + "/v2/bot/message/push", headers=AUTH, timeout=5, json={
        "to": user["user_id"], "messages": [{"type": "text", "text": "ข่าว"}], "customAggregationUnits": ["news"]})
    return user["user_id"], group, photo, audience


def test_state_survives_a_restart_with_a_state_file(tmp_path):
    state_file = tmp_path / "emulator-state.json"
    with running_emulator(emulator_config(bot_user_id="U" + "1" * 32), state_file=state_file) as first:
        user, group, photo, audience = _populate(first)
    with running_emulator(emulator_config(bot_user_id="U" + "2" * 32), state_file=state_file) as second:
        assert requests.get(second.api + "/v2/bot/info", headers=AUTH, timeout=5).json()["userId"] == "U" + "1" * 32
        users = requests.get(second.api + "/_emulator/users", timeout=5).json()["users"]
        assert [(u["user_id"], u["display_name"], u["age"], u["area"]) for u in users] == [
            (user, "ยายสมร", 67, "th_07")]
        texts = [m["message"]["text"] for m in requests.get(f"{second.api}/_emulator/users/{user}/messages",
                                                            timeout=5).json()["messages"]]
        assert texts == ["สวัสดีค่ะ", "ข่าว"]
        assert requests.get(second.api + "/v2/bot/message/aggregation/list", headers=AUTH,
                            timeout=5).json() == {"customAggregationUnits": ["news"]}
        narrowcast = requests.post(second.api + "/v2/bot/message/narrowcast", headers=AUTH, timeout=5, json={
            "messages": [{"type": "text", "text": "x"}],
            "recipient": {"type": "audience", "audienceGroupId": audience}})
        assert narrowcast.status_code == 202  # the audience group is still known
        assert requests.get(f"{second.api}/v2/bot/group/{group}/members/ids", headers=AUTH,
                            timeout=5).json() == {"memberIds": [user]}
        assert requests.get(f"{second.data}/v2/bot/message/{photo}/content", headers=AUTH,
                            timeout=5).content.startswith(b"\x89PNG")
        shown = requests.get(f"{second.api}/_emulator/users/{user}/richmenu", timeout=5).json()
        assert shown["richMenu"]["name"] == "หลัก"
        pushed = requests.post(second.api + "/v2/bot/message/push", headers=AUTH, timeout=5,
                               json={"to": user, "messages": [{"type": "text", "text": "ยังจำได้"}]})
        assert pushed.status_code == 200


def test_without_a_state_file_nothing_is_kept(tmp_path):
    with running_emulator(emulator_config()) as first:
        _populate(first)
    with running_emulator(emulator_config()) as second:
        assert requests.get(second.api + "/_emulator/users", timeout=5).json()["users"] == []


def test_an_unreadable_state_file_starts_clean(tmp_path):
    state_file = tmp_path / "emulator-state.json"
    state_file.write_text("{half a file", encoding="utf-8")
    with running_emulator(emulator_config(), state_file=state_file) as addresses:
        assert requests.get(addresses.api + "/_emulator/users", timeout=5).json()["users"] == []
