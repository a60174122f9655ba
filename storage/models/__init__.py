"""All csbot tables. Importing this package registers every model on ``Base.metadata``."""

from storage.models.audit import AuditEvent
from storage.models.base import Base, utcnow
from storage.models.jobs import POST_STATES, ScheduledPost
from storage.models.kpis import (
    POLARITIES,
    UNITS,
    Indicator,
    IndicatorOwner,
    IndicatorValue,
    IndicatorValueRemoval,
)
from storage.models.meetings import AgendaItem, AgendaItemOwner, Committee, Meeting, MeetingLink
from storage.models.plans import (
    ADDED_IN_CHAT,
    OUTSTANDING_STATUSES,
    STATUSES,
    Action,
    ActionOwner,
    Plan,
    PlanChannel,
    Section,
    Update,
)
from storage.models.secrets import AppSecret
from storage.models.slack import SlackBot, SlackEvent, SlackInstallation, SlackOAuthState
from storage.models.teams import TeamsConversation
from storage.models.tenancy import (
    ChatUser,
    Person,
    PersonAlias,
    PersonRole,
    RemovedPerson,
    Role,
    Workspace,
)

__all__ = [
    "ADDED_IN_CHAT",
    "OUTSTANDING_STATUSES",
    "POLARITIES",
    "POST_STATES",
    "STATUSES",
    "UNITS",
    "Action",
    "ActionOwner",
    "AgendaItem",
    "AgendaItemOwner",
    "AppSecret",
    "AuditEvent",
    "Base",
    "ChatUser",
    "Committee",
    "Indicator",
    "IndicatorOwner",
    "IndicatorValue",
    "IndicatorValueRemoval",
    "Meeting",
    "MeetingLink",
    "Person",
    "PersonAlias",
    "PersonRole",
    "Plan",
    "PlanChannel",
    "RemovedPerson",
    "Role",
    "ScheduledPost",
    "Section",
    "SlackBot",
    "SlackEvent",
    "SlackInstallation",
    "SlackOAuthState",
    "TeamsConversation",
    "Update",
    "Workspace",
    "utcnow",
]
