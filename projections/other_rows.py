"""Rows of the tables that are not about a case: programmes, group sessions, the network.

Pure, like `rows.case_rows`: the same folds give the same rows. Organisations are not
personal data; groups appear under a keyed pseudonym.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any
from uuid import UUID

from .anonymise import month_of
from .fold import GroupFold, ProgrammeFold, StakeholderFold

Row = tuple[Any, ...]


def programme_rows(folds: Iterable[ProgrammeFold]) -> list[Row]:
    return [
        (p.code, p.name, p.territory, p.start, p.end, p.predecessor, p.model, p.generation)
        for p in folds
    ]


def session_rows(key: str, group: GroupFold, territory: str | None) -> list[Row]:
    """One row per session of the group, numbered in the order they were held."""
    return [
        (key, group.programme, territory, group.kind, n, month_of(on), on.year, hours)
        for n, (on, hours) in enumerate(group.sessions, start=1)
    ]


def network_rows(folds: Iterable[StakeholderFold]) -> tuple[list[str], list[Row], list[Row]]:
    """(node ids, node rows, collaboration rows) of the given organisations."""
    keys: list[str] = []
    nodes: list[Row] = []
    edges: list[Row] = []
    for s in folds:
        node = node_id(s.stakeholder_id)
        keys.append(node)
        nodes.append((node, s.name, s.kind, s.territory, s.programme, s.mapped_on.year))
        for seq, (partner, kind, since, until) in enumerate(s.collaborations, start=1):
            target = (
                f"programme:{s.programme}" if partner == "programme" else node_id(UUID(hex=partner))
            )
            until_year = None if until is None else until.year
            edges.append((node, target, kind, s.programme, since.year, until_year, seq))
    return keys, nodes, edges


def node_id(stakeholder_id: UUID) -> str:
    """Organisations are not personal data; a short id keeps the network view readable."""
    return "org:" + stakeholder_id.hex[:12]
