"""What a notice costs against LINE's monthly message quota.

LINE bills by recipient, not by request or message object: a multicast to N people costs
N messages whether it carries one message object or five, and a push to a group costs one
per member. So a notice costs its recipients plus its groups' members.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Sequence

from bot.texts import notices as texts


@dataclass(frozen=True)
class Cost:
    messages: int
    # Left this month; None when LINE sets no limit or did not say.
    left: int | None
    # False when LINE did not answer: the cost is shown, nothing is refused for it.
    known: bool = True

    @property
    def over(self) -> bool:
        return self.known and self.left is not None and self.messages > self.left


def cost(line, recipients: int, group_ids: Sequence[str] = ()) -> Cost:
    members = [line.group_member_count(group_id) for group_id in group_ids]
    messages = recipients + sum(count or 0 for count in members)
    quota = line.message_quota()
    if quota is None:
        return Cost(messages=messages, left=None, known=False)
    return Cost(messages=messages, left=quota.left)


def refusal(found: Cost) -> str | None:
    """The Thai sentence refusing a notice that would run over the quota, or None."""
    if not found.over:
        return None
    return texts.NOTICE_OVER_QUOTA.format(cost=f"{found.messages:,}", left=f"{found.left:,}")


def describe(found: Cost) -> str:
    """The cost as officers read it before sending: messages used, against what is left."""
    if not found.known:
        return texts.NOTICE_COST_UNKNOWN.format(cost=f"{found.messages:,}")
    if found.left is None:
        return texts.NOTICE_COST_NO_LIMIT.format(cost=f"{found.messages:,}")
    return texts.NOTICE_COST.format(cost=f"{found.messages:,}", left=f"{found.left:,}")
