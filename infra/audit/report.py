"""What `verify` reports: tampering found (findings) and what it could not vouch for (spans).

`ok` means no tampering was found. Records after the chain head (never chained) and records
after the last signed checkpoint are not tampering, but nothing proves they are genuine either:
they are reported as spans, a warning normally and a failure in strict mode.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any

from .findings import Finding


@dataclass(frozen=True)
class Span:
    """Chain positions first..last (1-based, in notification order) and their notification ids."""

    first_position: int
    last_position: int
    first_notification_id: int | None
    last_notification_id: int | None

    def text(self) -> str:
        ids = f"notification ids {self.first_notification_id}..{self.last_notification_id}"
        return f"positions {self.first_position}..{self.last_position} ({ids})"


@dataclass
class Report:
    ok: bool = True
    records: int = 0
    stored: int = 0
    outside: int = 0
    chained: int = 0
    checkpoints_checked: int = 0
    mode: str = "full"  # or "incremental": recomputed after `verified_from` only (ADR 0014)
    verified_from: int = 0
    rechecked: int = 0  # records whose links this run recomputed
    last_full_at: str | None = None  # when the last full verification ran (incremental only)
    last_checkpoint: int = 0
    head_link: str = ""
    seconds: float = 0.0
    finding: Finding | None = None
    findings: list[Finding] = field(default_factory=list)
    unchained: Span | None = None
    unverified: Span | None = None
    warnings: list[str] = field(default_factory=list)

    @property
    def strict_ok(self) -> bool:
        """No tampering, and every record is covered by a signed checkpoint."""
        return self.ok and self.unverified is None

    def as_dict(self) -> dict[str, Any]:
        return asdict(self) | {"strict_ok": self.strict_ok}

    def add(self, found: list[Finding]) -> None:
        """Record findings; the first one stays the headline `finding`."""
        self.findings.extend(found)
        if self.finding is None and self.findings:
            self.finding = self.findings[0]
        self.ok = self.finding is None

    def note_spans(self, ids: dict[int, int]) -> None:
        """Warnings for the unchained tail and the records after the last signed checkpoint.

        `ids` maps the positions of interest to the notification ids read there.
        """
        if self.records > self.chained:
            first = self.chained + 1
            self.unchained = Span(first, self.records, ids.get(first), ids.get(self.records))
            self.warnings.append(
                f"unchained tail: {self.unchained.text()} — not covered by the chain "
                "(`percorsi audit extend` chains them as they are)"
            )
        if self.records > self.last_checkpoint:
            first = self.last_checkpoint + 1
            self.unverified = Span(first, self.records, ids.get(first), ids.get(self.records))
            self.warnings.append(
                f"unverified since checkpoint {self.last_checkpoint}: {self.unverified.text()}"
            )
