"""Every table, imported here so Alembic and the app see the whole schema."""
from bot.db import Base
from bot.models.line import LineUser, OutboundMessage, WebhookEvent

__all__ = ["Base", "LineUser", "OutboundMessage", "WebhookEvent"]
