"""Every table, imported here so Alembic and the app see the whole schema."""
from bot.db import Base
from bot.models.conversation import Conversation
from bot.models.knowledge import AskedQuestion, KnowledgeDocument, KnowledgePassage
from bot.models.line import LineUser, OutboundMessage, RichMenu, WebhookEvent
from bot.models.people import (
    Consent,
    District,
    GroupMember,
    InviteCode,
    LeaderHousehold,
    OccupationalGroup,
    OfficerScope,
    Person,
    PersonRole,
    Province,
    Subdistrict,
    Village,
)

__all__ = [
    "AskedQuestion", "Base", "Consent", "Conversation", "District", "GroupMember", "InviteCode", "KnowledgeDocument",
    "KnowledgePassage", "LeaderHousehold", "LineUser", "OccupationalGroup", "OfficerScope", "OutboundMessage",
    "Person", "PersonRole", "Province", "RichMenu", "Subdistrict", "Village", "WebhookEvent",
]
