"""Events as plain JSON for data-subject exports: codes with labels, dates, sealed text."""

from __future__ import annotations

from datetime import UTC, date, datetime
from typing import Any
from uuid import UUID

from domain.shared.labels import LabelledEnum
from domain.shared.values import Meta, PersonalData, PersonalText

_SKIP = {"originator_topic"}


def plain(value: Any) -> Any:
    """A JSON-ready copy; personal values appear as they decode (None once erased)."""
    if isinstance(value, LabelledEnum):
        return {"code": value.code, "it": value.it, "en": value.en}
    if isinstance(value, PersonalText):
        return value.text
    if isinstance(value, PersonalData):
        if value.erased:
            return None
        return {
            k: plain(getattr(value, k))
            for k in ("full_name", "fiscal_code", "birth_date", "phone", "email", "address")
        }
    if isinstance(value, Meta):
        return {
            "actor_id": value.actor_id,
            "role": value.actor_role.code,
            "command_id": value.command_id,
            "source": value.source,
        }
    if isinstance(value, datetime):
        return value.astimezone(UTC).isoformat()
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, UUID):
        return str(value)
    if isinstance(value, dict):
        return {str(k): plain(v) for k, v in value.items()}
    if isinstance(value, list | tuple | set):
        return [plain(v) for v in value]
    if hasattr(value, "__dataclass_fields__"):
        return {k: plain(getattr(value, k)) for k in value.__dataclass_fields__}
    return value


def event_dict(event: Any) -> dict[str, Any]:
    fields = {k: plain(v) for k, v in vars(event).items() if k not in _SKIP}
    return {"kind": type(event).__qualname__, **fields}


def sealed_values(value: Any) -> list[PersonalData | PersonalText]:
    """Every sealed value inside an event's fields (for the erasure check)."""
    if isinstance(value, PersonalData | PersonalText):
        return [value]
    if isinstance(value, dict):
        return [s for v in value.values() for s in sealed_values(v)]
    if isinstance(value, list | tuple):
        return [s for v in value for s in sealed_values(v)]
    if hasattr(value, "__dataclass_fields__") and not isinstance(value, Meta):
        return [s for k in value.__dataclass_fields__ for s in sealed_values(getattr(value, k))]
    return []
