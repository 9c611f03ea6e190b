"""What every workspace route needs: the runtime and indexes, scoping, the access log, metadata."""

from __future__ import annotations

import hashlib
import re
import uuid
from typing import Any
from uuid import UUID

from fastapi import Request

from domain.shared.values import Meta

from ..api.case_index import CaseEntry, CaseIndex
from ..audit.access_log import record_access
from ..bootstrap import Runtime
from ..catalogue import read_catalogue
from .caseload import Caseload
from .session import Session

_KEY = re.compile(r"^[0-9a-f]{32}$")


def runtime_of(request: Request) -> Runtime:
    runtime: Runtime = request.app.state.runtime
    return runtime


def case_index(request: Request) -> CaseIndex:
    index: CaseIndex = request.app.state.case_index
    return index


def caseload_of(request: Request) -> Caseload:
    """The caseload: a view of the server's case index, which holds all its state."""
    return Caseload(case_index(request), runtime_of(request).app)


def new_key() -> str:
    """A fresh idempotency key for one rendering of a form."""
    return uuid.uuid4().hex


def meta_for(session: Session, key: str, fields: dict[str, Any]) -> Meta:
    """The command id is the form's key, scoped per user; the request hash is what was posted,
    so the same key can never record two different things."""
    if not _KEY.match(key or ""):
        key = new_key()
    canonical = "&".join(
        f"{k}={v}" for k, v in sorted(fields.items()) if k not in ("csrf", "version")
    )
    digest = hashlib.sha256(canonical.encode()).hexdigest()
    user = session.user
    return Meta(user.user_id, user.role, f"ws:{user.user_id}:{key}", "workspace", digest)


def visible_case(request: Request, session: Session, case_id: UUID) -> CaseEntry | None:
    """The case's entry if it exists and lies in her programmes; else None (404/403 alike)."""
    entry = case_index(request).get(case_id)
    if entry is None or not session.user.may_see(entry.programme):
        return None
    return entry


def log_read(request: Request, session: Session, subject: UUID, what: str) -> None:
    """Every page showing a woman's personal data is written to the auditors' access log."""
    user = session.user
    record_access(
        runtime_of(request), user.user_id, user.role, subject, what, None, source="workspace"
    )


def user_programmes(request: Request, session: Session) -> list[tuple[str, str]]:
    """The programmes she works in, as (code, name) from the catalogue."""
    entries = read_catalogue(runtime_of(request).settings.catalogue_file)
    return [(e.code, e.name) for e in entries if session.user.may_see(e.code)]
