"""Runs planned steps through the application services, many commands per transaction.

Women are seeded in units of a few hundred (sorted by programme and referral day); each unit's
steps are merged by business date, so a group session finds its members' cases open, and written
in batches so one transaction carries hundreds of commands.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any

from rich.progress import (
    BarColumn,
    MofNCompleteColumn,
    Progress,
    TaskProgressColumn,
    TextColumn,
    TimeElapsedColumn,
    TimeRemainingColumn,
)

from domain.shared.values import Meta
from services.app import Percorsi

from .plan import Ids, Step

BATCH_COMMANDS = 1000


@dataclass
class Executor:
    """Executes steps in order, remembering the versions corrections refer to."""

    app: Percorsi
    ids: Ids
    commands: int = 0
    replayed: int = 0

    def run_all(self, steps: list[Step], tick: Callable[[int, int], None]) -> None:
        steps.sort(key=lambda s: s.order)
        versions: dict[str, int] = {}
        i = 0
        while i < len(steps):
            if steps[i].alone:
                self._run(steps[i], versions)
                i += 1
            else:
                with self.app.batch():
                    j = i
                    while j < len(steps) and j - i < BATCH_COMMANDS and not steps[j].alone:
                        self._run(steps[j], versions)
                        j += 1
                i = j
            tick(i, len(steps))

    def _run(self, step: Step, versions: dict[str, int]) -> None:
        meta = Meta(
            f"synthetic-{step.role.value}", step.role, self.ids.command_id(step.key), "synthetic"
        )
        kwargs: dict[str, Any] = dict(step.kwargs)
        if step.ref is not None:
            kwargs["corrects_version"] = versions[step.ref]
        try:
            result = getattr(self.app, step.command)(meta, *step.args, **kwargs)
        except Exception as error:  # a planning bug: say which step, never which woman
            raise RuntimeError(
                f"synthetic step {step.key} ({step.command} on "
                f"{step.day.isoformat()}) failed: {error}"
            ) from error
        self.commands += 1
        self.replayed += bool(result.replayed)
        if step.tag is not None:
            versions[step.tag] = result.version


@contextmanager
def progress_bar(
    enabled: bool, total: int, label: str, unit: str = "donne/s · women/s"
) -> Iterator[Callable[[float], None]]:
    """A rich progress bar with rate and ETA; a no-op callback when disabled."""
    if not enabled:
        yield lambda done: None
        return
    with Progress(
        TextColumn("{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        TaskProgressColumn(),
        TextColumn("[cyan]{task.fields[rate]}"),
        TimeElapsedColumn(),
        TimeRemainingColumn(),
    ) as bar:
        task = bar.add_task(label, total=total, rate="")

        def update(done: float) -> None:
            elapsed = bar.tasks[0].elapsed or 0.0
            speed = done / elapsed if elapsed > 0 else 0.0
            bar.update(task, completed=int(done), rate=f"{speed:,.0f} {unit}")

        yield update
