"""Domain errors: each names a broken rule by a stable code, in a message free of personal data."""

from __future__ import annotations


class DomainError(Exception):
    """A command broke a rule of the domain; nothing was written.

    `code` is stable and machine-readable; `field` names the offending input when there is one.
    Messages must never contain personal data: they end up in logs and HTTP bodies.
    """

    code = "domain_error"
    status = 422

    def __init__(self, message: str, *, field: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.field = field


class InvalidValue(DomainError):
    code = "invalid_value"


class IdempotencyKeyReused(InvalidValue):
    """A command id already answered another command, or a different request."""

    code = "idempotency_key_reused"


class OutsideProgrammePeriod(DomainError):
    code = "outside_programme_period"


class DateOutOfSequence(DomainError):
    code = "date_out_of_sequence"


class CaseClosed(DomainError):
    code = "case_closed"
    status = 409


class CaseAlreadyClosed(DomainError):
    code = "case_already_closed"
    status = 409


class CaseSuspended(DomainError):
    code = "case_suspended"
    status = 409


class CaseNotSuspended(DomainError):
    code = "case_not_suspended"
    status = 409


class IntakeRequired(DomainError):
    code = "intake_required"
    status = 409


class IntakeAlreadyDone(DomainError):
    code = "intake_already_done"
    status = 409


class ConsentRequired(DomainError):
    code = "consent_required"
    status = 409


class ConsentNotGiven(DomainError):
    code = "consent_not_given"
    status = 409


class PlanRequired(DomainError):
    code = "plan_required"
    status = 409


class FollowUpBeforeClosure(DomainError):
    code = "follow_up_before_closure"
    status = 409


class FollowUpAlreadyRecorded(DomainError):
    code = "follow_up_already_recorded"
    status = 409


class InvalidTransfer(DomainError):
    code = "invalid_transfer"


class InvalidCorrection(DomainError):
    code = "invalid_correction"


class PersonErased(DomainError):
    code = "person_erased"
    status = 409


class GroupClosed(DomainError):
    code = "group_closed"
    status = 409


class NotFound(DomainError):
    code = "not_found"
    status = 404


class AlreadyExists(DomainError):
    code = "already_exists"
    status = 409


class ConcurrencyConflict(DomainError):
    """The aggregate moved on since the caller read it (stale expected version)."""

    code = "concurrency_conflict"
    status = 409


class PermissionDenied(DomainError):
    code = "permission_denied"
    status = 403


class FutureDate(InvalidValue):
    """A business date after today: what has not happened yet cannot be recorded."""

    code = "future_date"


class InvalidText(InvalidValue):
    """Text with a control character (or a line break in a one-line field)."""

    code = "invalid_text"


class UnknownProgramme(DomainError):
    """A programme code that the catalogue does not hold (e.g. when creating a user)."""

    code = "unknown_programme"
