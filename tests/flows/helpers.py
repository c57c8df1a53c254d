"""Drive flows directly, one event at a time, against the real database.

Each call is one turn in its own transaction, as the event worker runs it.
"""
from __future__ import annotations

import secrets
import time

from bot.models import LineUser
from flows import engine
from flows.turn import Turn


class Chat:
    def __init__(self, rt, user_id: str | None = None):
        self.rt = rt
        self.user_id = user_id or "U" + secrets.token_hex(16)
        if user_id is None:
            with rt.db.session() as session:
                session.add(LineUser(line_user_id=self.user_id, following=True))

    def _event(self, kind: str, **fields) -> dict:
        return {"type": kind, "mode": "active", "timestamp": int(time.time() * 1000),
                "source": {"type": "user", "userId": self.user_id}, "webhookEventId": secrets.token_hex(13),
                "replyToken": secrets.token_hex(16), "deliveryContext": {"isRedelivery": False}, **fields}

    def turn(self, event: dict, action) -> list[dict]:
        with self.rt.db.session() as session:
            turn = Turn(runtime=self.rt, session=session, event=event, event_key=event["webhookEventId"])
            action(turn)
            return turn.replies

    def run(self, action) -> list[dict]:
        """Any handler as the reaction to a typed message (a menu word, say)."""
        return self.turn(self._event("message", message={"id": "1", "type": "text", "text": "menu"}), action)

    def start(self, flow, **kwargs) -> list[dict]:
        return self.turn(self._event("message", message={"id": "1", "type": "text", "text": "start"}),
                         lambda turn: engine.start(turn, flow, **kwargs))

    def say(self, text: str) -> list[dict]:
        event = self._event("message", message={"id": secrets.token_hex(4), "type": "text", "text": text})
        return self.turn(event, lambda turn: self._handled(engine.handle(turn), text))

    def tap(self, action: dict, params: dict | None = None) -> list[dict]:
        postback = {"data": action["data"], **({"params": params} if params else {})}
        return self.turn(self._event("postback", postback=postback), lambda turn: engine.handle(turn))

    def photo(self) -> list[dict]:
        event = self._event("message", message={"id": secrets.token_hex(6), "type": "image"})
        return self.turn(event, lambda turn: engine.handle(turn))

    @staticmethod
    def _handled(handled: bool, text: str) -> None:
        assert handled, f"no conversation took {text!r}"


def chips(message: dict) -> dict[str, dict]:
    return {item["action"]["label"]: item["action"] for item in message.get("quickReply", {}).get("items", [])}


def last_chips(replies: list[dict]) -> dict[str, dict]:
    return chips(replies[-1])


def buttons(message: dict) -> dict[str, dict]:
    """Buttons in a Flex bubble or carousel."""
    contents = message["contents"]
    bubbles = contents["contents"] if contents["type"] == "carousel" else [contents]
    found = {}
    for bubble in bubbles:
        for button in (bubble.get("footer") or {}).get("contents", []):
            found[button["action"]["label"]] = button["action"]
    return found
