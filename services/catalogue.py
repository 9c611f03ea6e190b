"""Use cases of the programme catalogue: load it idempotently, extend and amend programmes."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date
from typing import Any

from eventsourcing.domain import Aggregate

from domain.programme import Programme, programme_id
from domain.shared.errors import NotFound, UnknownProgramme
from domain.shared.values import Meta, Period

from .base import CommandResult, PercorsiApplication


@dataclass(frozen=True)
class ProgrammeEntry:
    """One programme as the catalogue file describes it."""

    code: str
    name: str
    territory: str
    partner_service: str
    start: date
    end: date | None
    predecessor: str | None
    model: str | None
    generation: int
    aims: list[str]
    actions: list[str]
    assumed: list[str]
    extended_to: date | None = None

    def fields(self) -> dict[str, Any]:
        return {
            k: getattr(self, k)
            for k in self.__dataclass_fields__
            if k not in ("code", "extended_to")
        }


def _registration(entry: ProgrammeEntry, meta: Meta, on: date) -> Callable[[], list[Aggregate]]:
    """The action that registers one catalogue entry (bound now, run inside `_execute`)."""

    def action() -> list[Aggregate]:
        return [Programme.register(meta=meta, occurred_on=on, code=entry.code, **entry.fields())]

    return action


class ProgrammeCatalogue(PercorsiApplication):
    def load_catalogue(self, meta: Meta, entries: list[ProgrammeEntry]) -> list[CommandResult]:
        """Register new programmes and amend changed ones; loading twice appends nothing."""
        results = []
        today = self.clock.today()
        for entry in entries:
            pid = programme_id(entry.code)
            sub = Meta(
                meta.actor_id, meta.actor_role, f"{meta.command_id}:{entry.code}", meta.source
            )
            if not self._exists(pid):
                results.append(
                    self._execute(
                        "register_programme",
                        sub,
                        min(entry.start, today),  # a planned programme is registered today
                        _registration(entry, sub, min(entry.start, today)),
                    )
                )
            programme = self._load(pid, Programme, "programme")
            changes = programme.differences(**entry.fields())
            if entry.extended_to is not None and programme.end == entry.extended_to:
                changes.pop("end", None)  # already extended beyond the file's first end
            if changes:
                stamp = f"{sub.command_id}:v{programme.version}"
                results.append(
                    self.amend_programme(
                        Meta(meta.actor_id, meta.actor_role, stamp, meta.source),
                        entry.code,
                        changes=changes,
                    )
                )
                programme = self._load(pid, Programme, "programme")
            end = programme.end
            if entry.extended_to and end is not None and end < entry.extended_to:
                stamp = f"{sub.command_id}:extend:{entry.extended_to.isoformat()}"
                results.append(
                    self.extend_programme(
                        Meta(meta.actor_id, meta.actor_role, stamp, meta.source),
                        entry.code,
                        occurred_on=min(end, today),
                        new_end=entry.extended_to,
                    )
                )
        return results

    def amend_programme(
        self, meta: Meta, code: str, *, changes: dict[str, Any], expected_version: int | None = None
    ) -> CommandResult:
        today = self.clock.today()

        def action() -> list[Any]:
            programme = self.programme(code)
            self._check_version(programme, expected_version)
            programme.amend(meta=meta, occurred_on=today, changes=changes)
            return [programme]

        return self._execute("amend_programme", meta, today, action)

    def extend_programme(
        self,
        meta: Meta,
        code: str,
        *,
        occurred_on: date,
        new_end: date,
        expected_version: int | None = None,
    ) -> CommandResult:
        def action() -> list[Any]:
            programme = self.programme(code)
            self._check_version(programme, expected_version)
            programme.extend(meta=meta, occurred_on=occurred_on, new_end=new_end)
            return [programme]

        return self._execute("extend_programme", meta, occurred_on, action)

    def programme(self, code: str) -> Programme:
        try:
            return self._load(programme_id(code), Programme, "programme")
        except NotFound:
            raise NotFound(f"no programme {code!r}", field="programme") from None

    def check_programmes(self, codes: Iterable[str]) -> None:
        """Refuse a programme code the catalogue does not hold (`*`, every programme, passes):
        a user, or anything else scoped by programme, must not name one that does not exist."""
        for code in codes:
            if code != "*" and not self._exists(programme_id(code)):
                raise UnknownProgramme(f"no programme {code!r}", field="programmes")

    def period_of(self, code: str) -> Period:
        """The programme's period, as stored now.

        Every case command needs it, and programmes almost never change. Inside a command the
        command cache keeps it, current since the command's sync (no read at all); elsewhere
        it is kept with the version it was read at, and re-read only when the store holds a
        later event (one indexed look-up instead of loading and replaying the programme).
        """
        pid = programme_id(code)
        pending = self._batch is not None and pid in self._batch
        if self._state.taken is not None and not pending:
            period: Period | None = self.cache.known(pid)
            if period is None:
                programme = self.programme(code)  # checked out: `remember` is safe
                period = programme.period
                self.cache.remember(pid, programme.version, period)
            return period
        known = self._known_periods.get(pid)
        if known is not None and not pending:
            version, period = known
            if not self.recorder.select_events(pid, gt=version, limit=1):
                return period
        programme = self.programme(code)
        if not pending:
            self._known_periods[pid] = (programme.version, programme.period)
        return programme.period
