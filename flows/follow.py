"""Following and blocking the bot: who they are, what to say, and whether pushes may go out."""
from __future__ import annotations

from bot import clock, texts
from bot.line import messages as m
from bot.notices.releases import someone_left
from flows import onboarding, welcome
from flows.turn import Turn


def on_follow(turn: Turn) -> None:
    user = turn.user
    unblocked = bool((turn.event.get("follow") or {}).get("isUnblocked"))
    user.following, user.followed_at, user.blocked_at = True, clock.utcnow(), None
    if not user.display_name:
        profile = turn.runtime.line.profile(user.line_user_id)
        if profile:
            user.display_name, user.language = profile.get("displayName"), profile.get("language")
    if turn.person is not None:
        welcome.welcome_back(turn)
        onboarding.relink_rich_menu(turn, turn.person)
    elif onboarding.has_consented(turn):
        turn.reply(m.text(texts.WELCOME_BACK if unblocked else texts.WELCOME, welcome.menu_actions(turn.person)))
    else:
        onboarding.register(turn, intro=texts.WELCOME_BACK if unblocked else texts.WELCOME)


def on_unfollow(turn: Turn) -> None:
    """Blocked: nothing may be pushed to them until they follow again, nor multicast by a
    notice being released now."""
    turn.user.following, turn.user.blocked_at = False, clock.utcnow()
    someone_left(turn.session)
