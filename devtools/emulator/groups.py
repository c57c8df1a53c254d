"""Group chats (C...) and multi-person chats (R...): LINE's endpoints about them, and the
simulated side that adds the bot to a group, removes it, and has members come and go.

As on LINE, the member endpoints answer only while the bot is in the chat (404 after it
left or was removed), and member ids come 100 a page with a `next` token.
"""
from __future__ import annotations

from flask import Blueprint, Response, jsonify, request

from devtools.emulator import identifiers
from devtools.emulator.errors import NOT_FOUND, line_error
from devtools.emulator.state import EmulatorState, Group, current_state
from devtools.emulator.webhooks import base_event, post_events

group_chats = Blueprint("line_group_chats", __name__)
group_admin = Blueprint("line_emulator_groups", __name__, url_prefix="/_emulator/groups")

MEMBER_IDS_PAGE = 100
CHAT_KINDS = {"group": ("groupId", identifiers.GROUP_ID), "room": ("roomId", identifiers.ROOM_ID)}
GROUP_EVENTS = ("join", "leave", "memberJoined", "memberLeft")


def _joined(state: EmulatorState, kind: str, chat_id: str) -> Group | None:
    group = state.groups.get(chat_id)
    if group is None or not group.bot_joined or not CHAT_KINDS[kind][1].match(chat_id):
        return None
    return group


@group_chats.get("/v2/bot/<any(group, room):kind>/<chat_id>/summary")
def summary(kind: str, chat_id: str):
    if kind == "room":
        return line_error(404, NOT_FOUND)  # LINE has no summary for multi-person chats
    group = _joined(current_state(), kind, chat_id)
    return line_error(404, NOT_FOUND) if group is None else jsonify(groupId=chat_id, groupName=group.name)


@group_chats.get("/v2/bot/<any(group, room):kind>/<chat_id>/members/count")
def member_count(kind: str, chat_id: str):
    group = _joined(current_state(), kind, chat_id)
    return line_error(404, NOT_FOUND) if group is None else jsonify(count=len(group.members))


@group_chats.get("/v2/bot/<any(group, room):kind>/<chat_id>/member/<user_id>")
def member_profile(kind: str, chat_id: str, user_id: str):
    state = current_state()
    with state.lock:
        group = _joined(state, kind, chat_id)
        if group is None or user_id not in group.members or user_id not in state.users:
            return line_error(404, NOT_FOUND)
        return jsonify(displayName=state.users[user_id].display_name, userId=user_id)


@group_chats.get("/v2/bot/<any(group, room):kind>/<chat_id>/members/ids")
def member_ids(kind: str, chat_id: str):
    state = current_state()
    with state.lock:
        group = _joined(state, kind, chat_id)
        if group is None:
            return line_error(404, NOT_FOUND)
        members = sorted(group.members)
    start = request.args.get("start")
    offset = _page_start(start, members)
    if offset is None:
        return line_error(400, "The value for the 'start' parameter is invalid")
    page = members[offset:offset + MEMBER_IDS_PAGE]
    more = offset + MEMBER_IDS_PAGE < len(members)
    return jsonify(memberIds=page, **({"next": members[offset + MEMBER_IDS_PAGE]} if more else {}))


def _page_start(start: str | None, ordered: list[str]) -> int | None:
    """Where a page begins: the `next` token is the first id of the next page."""
    if start is None:
        return 0
    return ordered.index(start) if start in ordered else None


@group_chats.post("/v2/bot/<any(group, room):kind>/<chat_id>/leave")
def leave(kind: str, chat_id: str):
    """The bot leaves; LINE then sends the bot a leave event, as when a member removes it."""
    state = current_state()
    with state.lock:
        group = _joined(state, kind, chat_id)
        if group is None:
            return line_error(404, NOT_FOUND)
        group.bot_joined = False
        event = base_event("leave", _source(chat_id))
        state.record(chat_id, "event", event=event)
    post_events(state, [event])
    return jsonify({})


# The simulated side

def _problem(status: int, message: str) -> tuple[Response, int]:
    return jsonify(error=message), status


def _source(chat_id: str) -> dict:
    kind = "group" if chat_id.startswith("C") else "room"
    return {"type": kind, CHAT_KINDS[kind][0]: chat_id}


@group_admin.post("")
def create_group():
    """A group (or, with an R... id, a multi-person chat) of known users; the bot joins when told to."""
    body = request.get_json(silent=True)
    body = body if isinstance(body, dict) else {}
    chat_id = body.get("group_id") or "C" + identifiers.user_id()[1:]
    members = body.get("members") or []
    state = current_state()
    if not isinstance(chat_id, str) or not (identifiers.GROUP_ID.match(chat_id) or identifiers.ROOM_ID.match(chat_id)):
        return _problem(400, "group_id must be C (group) or R (room) followed by 32 lowercase hex digits")
    name = body.get("name") or f"กลุ่ม {chat_id[-4:]}"
    if not isinstance(name, str) or not isinstance(members, list) or not all(
            isinstance(member, str) and member in state.users for member in members):
        return _problem(400, "name is text and members a list of known user ids")
    with state.lock:
        if chat_id in state.groups:
            return _problem(409, f"group {chat_id} already exists")
        state.groups[chat_id] = Group(name=name, members=set(members), bot_joined=False)
        state.timeline.setdefault(chat_id, [])
    return jsonify(group_id=chat_id, **state.groups[chat_id].as_json()), 201


@group_admin.get("/<chat_id>")
def get_group(chat_id: str):
    state = current_state()
    with state.lock:
        group = state.groups.get(chat_id)
        return _problem(404, f"no group {chat_id}") if group is None else jsonify(group_id=chat_id, **group.as_json())


@group_admin.post("/<chat_id>/events")
def group_event(chat_id: str):
    """join (the bot is added), leave (a member removes it), memberJoined / memberLeft (`user_ids`)."""
    body = request.get_json(silent=True)
    body = body if isinstance(body, dict) else {}
    kind, user_ids = body.get("type"), body.get("user_ids") or []
    state = current_state()
    with state.lock:
        group = state.groups.get(chat_id)
        if group is None:
            return _problem(404, f"no group {chat_id}")
        problem = _check_group_event(state, group, kind, user_ids)
        if problem:
            return _problem(400, problem)
        event = base_event(kind, _source(chat_id))
        if kind in ("join", "memberJoined"):
            event["replyToken"] = state.issue_reply_token(chat_id)
        members = [{"type": "user", "userId": user_id} for user_id in user_ids]
        if kind == "join":
            group.bot_joined = True
        elif kind == "leave":
            group.bot_joined = False
        elif kind == "memberJoined":
            group.members.update(user_ids)
            event["joined"] = {"members": members}
        else:
            group.members.difference_update(user_ids)
            event["left"] = {"members": members}
        cursor = state.current_seq()
        state.record(chat_id, "event", event=event)
    return jsonify(event=event, cursor=cursor, **post_events(state, [event]))


def _check_group_event(state: EmulatorState, group: Group, kind, user_ids) -> str | None:
    if kind not in GROUP_EVENTS:
        return f"type must be one of {', '.join(GROUP_EVENTS)}"
    if not isinstance(user_ids, list):
        return "user_ids must be a list of user ids"
    if kind == "join" and group.bot_joined or kind == "leave" and not group.bot_joined:
        return "the bot is already in the group" if kind == "join" else "the bot is not in the group"
    if kind in ("memberJoined", "memberLeft"):
        if not group.bot_joined:
            return "the bot is not in the group, so LINE tells it nothing"
        if not isinstance(user_ids, list) or not user_ids or not all(
                isinstance(user_id, str) and user_id in state.users for user_id in user_ids):
            return "user_ids must list known users"
        inside = [u in group.members for u in user_ids]
        if kind == "memberJoined" and any(inside) or kind == "memberLeft" and not all(inside):
            return "a member can join only from outside and leave only from inside"
    return None
