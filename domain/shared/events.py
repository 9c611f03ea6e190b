"""Base classes every Percorsi event derives from: business date and command metadata."""

from __future__ import annotations

from datetime import date
from typing import Any

from eventsourcing.domain import Aggregate

from .values import Meta


class Event(Aggregate.Event):
    """An event of any aggregate: when it happened (business time) and who asked for it.

    The store's recorded time is the library's `timestamp`; `occurred_on` may be back-dated.
    """

    occurred_on: date
    meta: Meta

    def apply(self, aggregate: Any) -> None:
        """Hand the event to the aggregate's `when`, where it keeps one (Case does)."""
        when = getattr(aggregate, "when", None)
        if when is not None:
            when(self)


class Created(Aggregate.Created, Event):
    """The first event of an aggregate."""


class CommandRecord(Aggregate):
    """The first result of a command id: a repeat of the command returns it and appends nothing.

    Saved in the same transaction as the command's events, so the record exists iff they do.
    """

    class Recorded(Created):
        command_name: str
        aggregate_id: str
        version: int

    def __init__(self, command_name: str, aggregate_id: str, version: int, meta: Meta) -> None:
        self.command_name = command_name
        self.aggregate_id = aggregate_id
        self.result_version = version
        self.request_hash = meta.request_hash
