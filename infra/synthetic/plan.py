"""Planned commands: the simulator first plans dated steps, then a runner executes them in order.

Planning apart from executing keeps the recorded order a pure function of the seed: steps are
sorted by (business date, woman, sequence), and every id and command id is derived from the seed.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from random import Random
from typing import Any
from uuid import NAMESPACE_URL, UUID, uuid5

from domain.shared.roles import ActorRole
from domain.shared.values import Period


@dataclass
class Step:
    """One command to run: `command` names a method of the Percorsi application.

    `tag` remembers the resulting version (corrections name the event they fix by version);
    `ref` fills `corrects_version` from a tag; `alone` runs outside any batch (an erasure destroys
    a key at once, so her earlier events must already be stored).
    """

    day: date
    woman: int
    command: str
    role: ActorRole
    args: tuple[Any, ...]
    kwargs: dict[str, Any]
    tag: str | None = None
    ref: str | None = None
    alone: bool = False
    seq: int = 0
    key: str = ""

    @property
    def order(self) -> tuple[date, int, int]:
        return (self.day, self.woman, self.seq)


@dataclass
class Ids:
    """Deterministic ids: one namespace per (seed, size), so a re-run finds the same records."""

    seed: int
    size: str

    def uuid(self, *parts: object) -> UUID:
        text = ":".join(str(p) for p in ("percorsi", "synthetic", self.seed, self.size, *parts))
        return uuid5(NAMESPACE_URL, text)

    def command_id(self, key: str) -> str:
        return f"synthetic:{self.seed}:{self.size}:{key}"

    def rng(self, *parts: object) -> Random:
        """A generator of its own per woman (or group), so one change does not shift the rest."""
        return Random(":".join(str(p) for p in (self.seed, self.size, *parts)))


@dataclass
class Steps:
    """Collects one actor's steps (a woman, the network) and numbers them in planned order."""

    woman: int
    prefix: str
    items: list[Step] = field(default_factory=list)

    def add(
        self,
        day: date,
        command: str,
        role: ActorRole,
        *args: Any,
        tag: str | None = None,
        ref: str | None = None,
        alone: bool = False,
        **kwargs: Any,
    ) -> Step:
        step = Step(day, self.woman, command, role, args, kwargs, tag, ref, alone)
        self.items.append(step)
        return step

    def finish(self) -> list[Step]:
        """Sort by day (stable: same-day steps keep their logical order) and number them."""
        self.items.sort(key=lambda s: s.day)
        for seq, step in enumerate(self.items):
            step.seq, step.key = seq, f"{self.prefix}:{seq}"
        return self.items


@dataclass
class Context:
    """What planning one woman needs: ids, programme periods, and her own generator."""

    ids: Ids
    periods: dict[str, Period]
    rng: Random
