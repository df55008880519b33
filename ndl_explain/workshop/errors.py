"""Typed workshop errors: each names the interface message the screen shows, and none changes data."""
from __future__ import annotations


class WorkshopError(Exception):
    """Base class. ``key`` is the interface text (``workshop.<key>``) the UI shows for it."""

    key = "error_general"

    def __init__(self, detail: str = ""):
        super().__init__(detail or self.__class__.__name__)
        self.detail = detail


class WrongCode(WorkshopError):
    """No live workshop has this join code (mistyped, never existed, or deleted)."""

    key = "error_wrong_code"


class Expired(WorkshopError):
    """The workshop has passed its expiry time; its data is being removed."""

    key = "error_expired"


class Finished(WorkshopError):
    """The facilitator has moved past the last activity."""

    key = "error_finished"


class Closed(WorkshopError):
    """The activity is not open for answers (not started yet, or closed)."""

    key = "error_closed"


class NotCurrent(WorkshopError):
    """The answer is for an activity the group is no longer on (an old screen)."""

    key = "error_not_current"


class NotFacilitator(WorkshopError):
    """The facilitator token is missing, malformed or does not match any workshop."""

    key = "error_not_facilitator"


class BadParticipant(WorkshopError):
    """The participant token is missing or malformed (tampered with)."""

    key = "error_bad_participant"


class InvalidAnswer(WorkshopError):
    """The answer is not one of the choices offered for that question."""

    key = "error_invalid_answer"


class InvalidSetup(WorkshopError):
    """The facilitator's choices for a new workshop cannot be used (no activities, bad title...)."""

    key = "error_invalid_setup"


class FreeTextOff(WorkshopError):
    """Free text was sent but the facilitator has not turned it on."""

    key = "error_free_text_off"


class Unavailable(WorkshopError):
    """The database cannot be reached after retries: live voting is unavailable for now."""

    key = "error_unavailable"


class Limited(WorkshopError):
    """Too many wrong join codes from this address, or too many new workshops: wait ``wait`` seconds.

    ``what`` is "join" or "create"; nothing was looked up or created."""

    key = "too_many_codes"

    def __init__(self, what: str, wait: int):
        super().__init__(f"{what}: wait {wait} s")
        self.what = what
        self.wait = max(1, int(wait))
        self.key = "too_many_codes" if what == "join" else "too_many_workshops"
