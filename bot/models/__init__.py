"""Every table, imported here so Alembic and the app see the whole schema."""
from bot.db import Base
from bot.models.activities import Activity, ActivityAttendance, ActivityInvitee
from bot.models.console import AuditEntry, ConsoleAccount, HelpCase, HelpCaseNote, SignInLink, StoredMedia
from bot.models.conversation import Conversation
from bot.models.knowledge import AskedQuestion, KnowledgeDocument, KnowledgePassage
from bot.models.line import LineUser, OutboundMessage, RichMenu, WebhookEvent
from bot.models.loans import Fund, Instalment, Loan, Payment
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
from bot.models.notices import LineGroup, Notice, NoticeTemplate
from bot.models.reports import HouseholdReport, WeeklyReport
from bot.models.scheduling import ScheduledMessage

__all__ = [
    "Activity", "ActivityAttendance", "ActivityInvitee",
    "AskedQuestion", "AuditEntry", "Base", "ConsoleAccount", "Consent", "Conversation", "District", "Fund", "GroupMember", "HelpCase", "HelpCaseNote", "HouseholdReport",
    "Instalment", "InviteCode", "KnowledgeDocument", "KnowledgePassage", "LeaderHousehold", "LineGroup", "LineUser", "Loan",
    "Notice", "NoticeTemplate",
    "OccupationalGroup", "OfficerScope", "OutboundMessage", "Payment", "Person", "PersonRole", "Province",
    "RichMenu", "ScheduledMessage", "SignInLink", "StoredMedia", "Subdistrict", "Village", "WebhookEvent", "WeeklyReport",
]
