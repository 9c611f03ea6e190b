"""Turns the states a batch touched into table frames: what to delete and insert, per table.

`flush()` returns the `Changes`; infra writes them to DuckDB with the tracking position in the
same transaction. Flushing is also when memory is bounded (settled cases forgotten, the oldest
evicted), since no fold is half-way through an event then.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any

import polars as pl

from . import schema
from .other_rows import network_rows, programme_rows, session_rows
from .rows import case_rows
from .states import States


@dataclass
class Changes:
    """One batch's effect: delete rows by key, then insert frames (per table)."""

    deletes: dict[str, tuple[str, list[str]]] = field(default_factory=dict)
    inserts: dict[str, pl.DataFrame] = field(default_factory=dict)
    programme_updates: list[tuple[str, str, int]] = field(default_factory=list)
    business_date: date | None = None

    @property
    def rows(self) -> int:
        return sum(f.height for f in self.inserts.values())


class Flushing(States):
    """The projector's flush: rows for every state touched since the last one."""

    def flush(self) -> Changes:
        changes = Changes(
            business_date=self.business_date, programme_updates=self._programme_updates
        )
        self._programme_updates = []
        self._flush_cases(changes)
        self._flush_others(changes)
        if len(self.cases) > self.keep_settled:
            self._forget_settled()
        while len(self.cases) > self.max_cases:  # the oldest loaded go first
            self._evict(next(iter(self.cases)))
        return changes

    def _flush_cases(self, changes: Changes) -> None:
        touched = self._touched["case"]
        self._touched["case"] = set()
        rows: dict[str, list[Any]] = {t: [] for t in schema.CASE_TABLES}
        keys: list[str] = []
        for case_id in sorted(touched):
            case = self._case(case_id)
            if case is None:
                continue
            carried = None
            if case.carried_over_from is not None:
                predecessor = self._case(case.carried_over_from)
                carried = predecessor.programme if predecessor else None
            built = case_rows(
                case,
                self._person(case.person_id),
                self._programme(case.programme),
                carried,
                self.keys,
            )
            keys.append(built.case_key)
            for table, table_rows in built.tables.items():
                rows[table].extend(table_rows)
        if not keys:
            return
        for table in schema.CASE_TABLES:
            changes.deletes[table] = ("case_key", keys)
            changes.inserts[table] = schema.frame(table, rows[table])

    def _flush_others(self, changes: Changes) -> None:
        codes = sorted(self._touched["programme"])
        if codes:
            changes.deletes["programmes"] = ("code", codes)
            changes.inserts["programmes"] = schema.frame(
                "programmes", programme_rows(self.programmes[c] for c in codes)
            )
        groups = sorted(self._touched["group"])
        if groups:
            rows: list[tuple[Any, ...]] = []
            keys: list[str] = []
            for group_id in groups:
                group = self.groups[group_id]
                keys.append(self.keys.key("group", group_id))
                programme = self._programme(group.programme)
                territory = programme.territory if programme is not None else None
                rows.extend(session_rows(keys[-1], group, territory))
            changes.deletes["group_sessions"] = ("group_key", keys)
            changes.inserts["group_sessions"] = schema.frame("group_sessions", rows)
        stakeholders = sorted(self._touched["stakeholder"])
        if stakeholders:
            nodes_keys, nodes, edges = network_rows(self.stakeholders[i] for i in stakeholders)
            changes.deletes["stakeholders"] = ("node_id", nodes_keys)
            changes.inserts["stakeholders"] = schema.frame("stakeholders", nodes)
            changes.deletes["collaborations"] = ("node_id", nodes_keys)
            changes.inserts["collaborations"] = schema.frame("collaborations", edges)
        for kind in ("group", "stakeholder", "programme"):
            self._touched[kind] = set()
