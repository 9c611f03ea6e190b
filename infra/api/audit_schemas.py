"""Response schemas of the audit and GDPR routers: the chain report, the auditors' histories,
the access log, the Art. 15 export and the Art. 17 proof, typed so clients can be generated."""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel, ConfigDict, Field

from ..audit.access_log import AccessEntry
from .schemas import HistoryItem, Page


class FindingOut(BaseModel):
    position: int = Field(description="chain position; 0 for a stored row outside the chain")
    notification_id: int | None
    kind: str = Field(description="modified | removed | inserted | reordered | checkpoint")
    detail: str
    text_it: str
    text_en: str
    originator_id: str | None = None
    originator_version: int | None = None


class SpanOut(BaseModel):
    first_position: int
    last_position: int
    first_notification_id: int | None
    last_notification_id: int | None


class VerifyOut(BaseModel):
    ok: bool = Field(description="no tampering found")
    strict_ok: bool = Field(description="ok, and every record is under a signed checkpoint")
    records: int = Field(description="records read from the raw log in notification order")
    stored: int = Field(description="rows stored in the event table")
    outside: int = Field(description="stored rows outside the chained id range (tampering)")
    chained: int = Field(description="records covered by the stored chain")
    checkpoints_checked: int
    last_checkpoint: int = Field(description="last signed position the check relies on")
    head_link: str
    seconds: float
    finding: FindingOut | None = Field(description="the first finding")
    findings: list[FindingOut]
    unchained: SpanOut | None = Field(description="records after the chain head (not chained)")
    unverified: SpanOut | None = Field(description="records after the last signed checkpoint")
    warnings: list[str]


class AuditHistoryItem(HistoryItem):
    """An auditors' history item: the shared fields and the event in plain Italian and English."""

    text_it: str
    text_en: str


class AuditHistoryOut(Page):
    case_id: str
    person_id: str
    programme: str
    as_of: str | None
    version: int
    revealed: bool
    items: list[AuditHistoryItem]
    state_it: list[tuple[str, str]]
    state_en: list[tuple[str, str]]


class PersonHistoryOut(Page):
    person_id: str
    erased: bool
    revealed: bool
    cases: list[str]
    items: list[AuditHistoryItem]


AccessEntryOut = AccessEntry
"""An access-log line as auditors read it (the audit module's own dataclass)."""


class AccessLogOut(Page):
    items: list[AccessEntryOut]


class ExportedCase(BaseModel):
    case_id: str
    programme: str
    status: str
    events: list[dict[str, Any]] = Field(description="every event, as stored, decoded")


class GdprExportOut(BaseModel):
    """Everything held about one woman (Art. 15)."""

    format: str = Field(description="percorsi-gdpr-export/1")
    generated_at: str
    person_id: str
    erased: bool
    person: dict[str, Any] = Field(description="her registration, with `current` data")
    person_events: list[dict[str, Any]]
    cases: list[ExportedCase]
    access_log: list[AccessEntryOut]


class ErasureEvent(BaseModel):
    version: int
    chain_position: int | None


class ChainHead(BaseModel):
    position: int
    link: str


class ErasureProofOut(BaseModel):
    """The signed proof of an erasure: ids, times and counts, nothing personal. The signature
    covers every field but itself (and `signature_valid`), as canonical JSON with sorted keys."""

    model_config = ConfigDict(extra="allow")

    format: str = Field(description="percorsi-erasure-proof/1")
    person_id: str
    erased_at: str
    legal_basis: str
    issued_at: str
    erasure_event: ErasureEvent
    key_destroyed: bool
    sealed_values_checked: int
    sealed_values_readable: int
    cases: list[str]
    chain_head: ChainHead
    public_key: str = Field(description="Ed25519 public key, hex")
    signature: str = Field(description="Ed25519 signature, hex")


class ErasureProofCheckedOut(ErasureProofOut):
    signature_valid: bool = Field(description="the signature verifies with `public_key`")
