"""What the dashboard needs from the outside, injected by infra (the dashboard imports no infra).

`create_dashboard(ports)` receives these callables; pages reach them through `current()` at
request time, never at import time, so importing the dashboard loads no data.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any, Protocol

from domain.shared.roles import ActorRole

ANALYTICS_ROLES = frozenset(
    {
        ActorRole.EVALUATOR,
        ActorRole.MANAGER,
        ActorRole.COORDINATOR,
        ActorRole.AUDITOR,
        ActorRole.ADMIN,
    }
)
AUDIT_ROLES = frozenset({ActorRole.AUDITOR, ActorRole.ADMIN})


@dataclass(frozen=True)
class Viewer:
    """Who is looking: an id (never a name) and the role that decides what she sees."""

    user_id: str
    role: ActorRole

    @property
    def may_see_analytics(self) -> bool:
        return self.role in ANALYTICS_ROLES

    @property
    def may_audit(self) -> bool:
        return self.role in AUDIT_ROLES


@dataclass(frozen=True)
class HistoryEntry:
    """One event of a case as an auditor reads it; personal fields arrive already masked."""

    version: int
    position: int | None
    kind: str
    occurred_on: date | None
    recorded_at: datetime | None
    actor: str
    role: str
    source: str
    details: Mapping[str, Any] = field(default_factory=dict)
    corrects: int | None = None


@dataclass(frozen=True)
class CaseHistory:
    """A case's history up to the chosen version or date, and the state it leads to."""

    case_id: str
    entries: Sequence[HistoryEntry]
    state: Mapping[str, Any]
    version: int
    latest_version: int


@dataclass(frozen=True)
class ChainFinding:
    """Where the chain check found tampering, as data the page words in the reader's language.

    kind: modified | removed | inserted | reordered | checkpoint; position 0 means a stored row
    outside the chained range. `detail` is the checker's technical note (English, for experts).
    """

    kind: str
    position: int
    notification_id: int | None = None
    originator_id: str | None = None
    originator_version: int | None = None
    detail: str = ""


@dataclass(frozen=True)
class ChainWarning:
    """What the check could not vouch for, as a code and its values (never a sentence), so the
    page says it in Italian or English; `text` is the checker's own English line, for unknowns.

    codes: unchained (first, last), unverified (checkpoint, first, last), chain_at_write,
    foreign_key, repeat_failure (on), other.
    """

    code: str
    values: Mapping[str, Any] = field(default_factory=dict)
    text: str = ""


@dataclass(frozen=True)
class ChainStatus:
    """The result of the log's hash-chain verification, as shown to auditors.

    `full` is False for the quick check, which recomputed `rechecked` records after the
    verified position `verified_from`; `last_full_at` is when the whole log was last recomputed.
    `pending`: the answer needs a full check, which runs in the background (ADR 0024).
    """

    ok: bool
    checked: int
    head_position: int | None
    message: str
    checked_at: datetime | None = None
    full: bool = True
    rechecked: int = 0
    verified_from: int = 0
    last_full_at: datetime | None = None
    pending: bool = False
    """A full check is running in the background: nothing is known yet (ask again)."""
    finding: ChainFinding | None = None
    warnings: Sequence[ChainWarning] = ()


class ChainCheck(Protocol):
    """The audit port: the quick check by default, the whole log when `full`."""

    def __call__(self, *, full: bool = False) -> ChainStatus: ...


@dataclass(frozen=True)
class AsOf:
    """An earlier view: a log position, a business date, or a case version (any may be None)."""

    position: int | None = None
    day: date | None = None
    version: int | None = None


@dataclass(frozen=True)
class DashboardPorts:
    """The injected world: the query layer, sign-in, and the audit trail."""

    reader: Callable[[AsOf], Any]
    authenticate: Callable[[str], Viewer | None]
    case_history: Callable[[str, AsOf, Viewer], CaseHistory]
    chain_status: ChainCheck
    k: int = 10
    report: Callable[[str, str, AsOf], tuple[str, bytes]] | None = None
    """(programme, lang, as of) → (file name, the signed report as a zip); None: not offered."""


_PORTS: list[DashboardPorts] = []


def install(ports: DashboardPorts) -> None:
    """Called once by the factory; a second app in the same process replaces the first."""
    _PORTS[:] = [ports]


def current() -> DashboardPorts:
    if not _PORTS:
        raise RuntimeError("the dashboard was not created with create_dashboard(ports)")
    return _PORTS[0]


def viewer_of(token: object) -> Viewer | None:
    """The signed-in viewer for a session token, checked on every callback (server side)."""
    if not isinstance(token, str) or not token.strip():
        return None
    return current().authenticate(token.strip())
