"""Which roles may issue which command (DESIGN §3); the API adds programme scoping on top."""

from __future__ import annotations

from domain.shared.errors import PermissionDenied
from domain.shared.roles import ActorRole

_CASEWORK = frozenset({ActorRole.CASEWORKER, ActorRole.COORDINATOR, ActorRole.SYSTEM})
_COORDINATION = frozenset({ActorRole.COORDINATOR, ActorRole.SYSTEM})
_ADMINISTRATION = frozenset({ActorRole.ADMIN, ActorRole.SYSTEM})

PERMISSIONS: dict[str, frozenset[ActorRole]] = {
    **dict.fromkeys(
        (
            "register_person",
            "change_profile",
            "change_household",
            "change_personal_data",
            "refer_case",
            "give_consent",
            "complete_intake",
            "agree_plan",
            "review_plan",
            "record_activity",
            "refer_to_service",
            "assess",
            "record_outcome",
            "suspend_case",
            "resume_case",
            "record_follow_up",
            "record_not_taken_on",
            "hold_group_session",
        ),
        _CASEWORK,
    ),
    **dict.fromkeys(
        (
            "correct_event",
            "close_case",
            "transfer_case",
            "register_programme",
            "extend_programme",
            "amend_programme",
            "form_group",
            "end_group",
            "map_stakeholder",
            "start_collaboration",
            "end_collaboration",
        ),
        _COORDINATION,
    ),
    # Withdrawal must never be blocked by who happens to take the call.
    "withdraw_consent": _CASEWORK | _ADMINISTRATION,
    "erase_person": _ADMINISTRATION,
}


def check_permission(command: str, role: ActorRole) -> None:
    allowed = PERMISSIONS.get(command)
    if allowed is None:
        raise PermissionDenied(f"no rule for command {command!r}")
    if role not in allowed:
        raise PermissionDenied(f"role {role.value} may not {command.replace('_', ' ')}")
