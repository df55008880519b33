"""Workshop mode's core (no Streamlit): activities, rules, storage and results.

    from ndl_explain.workshop import WorkshopService, WorkshopStore
    service = WorkshopService(WorkshopStore())        # SQLite in ./data, or NDL_DATABASE_URL
    created = service.create_workshop("Library talk", ["check", "comfort"], ["some-scenario"])
    service.answer(created.code, participant_token, "check-before:collect-more", "false")
"""
from .activities import check_content
from .errors import (
    BadParticipant,
    Closed,
    Expired,
    Finished,
    FreeTextOff,
    InvalidAnswer,
    InvalidSetup,
    Limited,
    NotCurrent,
    NotFacilitator,
    Unavailable,
    WorkshopError,
    WrongCode,
)
from .service import (
    CreatedWorkshop,
    FacilitatorView,
    ParticipantView,
    PresenterView,
    WorkshopService,
    new_participant_token,
    normalise_code,
)
from .store import WorkshopStore

__all__ = [
    "BadParticipant", "check_content", "Closed", "CreatedWorkshop", "Expired", "FacilitatorView", "Finished",
    "FreeTextOff", "InvalidAnswer", "InvalidSetup", "Limited", "NotCurrent", "NotFacilitator", "ParticipantView", "PresenterView",
    "Unavailable", "WorkshopError", "WorkshopService", "WorkshopStore", "WrongCode",
    "new_participant_token", "normalise_code",
]
