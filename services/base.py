"""The application base: storage by settings, transcodings, idempotency, concurrency, batching.

Threads: one application serves many request threads. A command's own state (the batch it
runs in, the aggregates it took from the cache) is thread-local; the cache and the committer
are thread-safe. A `batch()` collects the commands of its own thread only.
"""

from __future__ import annotations

import hashlib
import threading
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date
from typing import Any, TypeVar
from uuid import NAMESPACE_URL, UUID, SafeUUID

from eventsourcing.application import AggregateNotFoundError, Application, ProcessingEvent
from eventsourcing.domain import (
    Aggregate,
    DomainEvent,
    DomainEventProtocol,
    MutableOrImmutableAggregate,
)
from eventsourcing.persistence import IntegrityError, JSONTranscoder, Mapper, Recording
from eventsourcing.utils import get_topic

from domain.person import Person
from domain.shared.dates import Clock, SystemClock, check_not_future
from domain.shared.errors import ConcurrencyConflict, IdempotencyKeyReused, NotFound
from domain.shared.events import CommandRecord
from domain.shared.values import Meta, Period

from .aggregate_cache import AggregateCache
from .policy import check_permission
from .ports import Committer, InMemorySealer, Sealer, StoreMovedOn
from .store_codec import StoreMapper, StoreTranscoder
from .transcodings import register_all

A = TypeVar("A", bound=Aggregate)


def replay(aggregate: Any, events: Iterable[Any]) -> Any:
    """Apply stored events in order: the library's `project_aggregate` without its per-event
    `isinstance` check against a runtime Protocol, which cost a quarter of a command's CPU
    (profiled). Every event we store derives from `Aggregate.Event` and so can mutate."""
    for event in events:
        aggregate = event.mutate(aggregate)
    return aggregate


ERASED_TOPIC = get_topic(Person.Erased)
"""Seen among another process's records, it empties this process's command cache."""


@dataclass(frozen=True)
class CommandResult:
    """What a command returns, the same on its first run and on every repeat."""

    aggregate_id: UUID
    version: int
    replayed: bool = False


_RECORD_NAMESPACE = hashlib.sha1(NAMESPACE_URL.bytes + b"percorsi:command:", usedforsecurity=False)
_VERSION_5 = ~(0xC000 << 48) & ~(0xF000 << 64)


def command_record_id(command_id: str) -> UUID:
    """`uuid5(NAMESPACE_URL, "percorsi:command:" + command_id)`, the same value (tested), at
    half its cost: the namespace's hash state is kept, and the UUID is built from its int
    without `UUID.__init__`'s argument checks (one per command, ADR 0026 second pass)."""
    digest = _RECORD_NAMESPACE.copy()
    digest.update(command_id.encode())
    value = int.from_bytes(digest.digest()[:16]) & _VERSION_5 | (0x8000 << 48) | (5 << 76)
    record_id = object.__new__(UUID)
    object.__setattr__(record_id, "int", value)
    object.__setattr__(record_id, "is_safe", SafeUUID.unknown)
    return record_id


class DirectCommitter:
    """The default committer: one store transaction per command (or per batch)."""

    def __init__(self, save: Callable[..., Any]) -> None:
        self._save = save

    def commit(self, events: Sequence[Any], expected_head: int | None = None) -> None:
        """Save; with `expected_head`, only if nothing was stored since (else `StoreMovedOn`)."""
        try:
            if expected_head is None:
                self._save(*events)
            else:
                self._save(*events, expected_head=expected_head)
        except IntegrityError:
            raise ConcurrencyConflict(
                "another command changed this record at the same time; reload and retry"
            ) from None


class _CommandState(threading.local):
    """Per thread: the open batch, what the running command loaded (to go back to the cache)
    and every id it checked out of the cache (to release; a batch's, when the batch ends)."""

    batch: dict[UUID, Aggregate] | None = None
    loaded: list[Aggregate] | None = None
    taken: list[UUID] | None = None
    held: list[UUID] | None = None
    head: int | None = None  # the log position the running command was decided at, unread


class PercorsiApplication(Application[UUID]):
    """Shared machinery; capability mixins add the use cases (see services/app.py).

    Every command runs through `_execute`: permission, the cache brought to the log's head,
    the expected version, then one atomic save of the aggregates and the command record, whose
    unique id makes a repeat conflict (idempotency by command id, ADR 0026).
    """

    name = "Percorsi"
    #: Aggregate classes kept in the command cache (services/aggregate_cache.py).
    cached_types: tuple[type[Aggregate], ...] = ()

    def __init__(
        self,
        env: dict[str, str] | None = None,
        sealer: Sealer | None = None,
        clock: Clock | None = None,
        cache_size: int = 4096,
    ) -> None:
        self.sealer: Sealer = sealer if sealer is not None else InMemorySealer()
        self.clock: Clock = clock if clock is not None else SystemClock()
        self._state = _CommandState()
        self.cache = AggregateCache(cache_size)
        self.committer: Committer = DirectCommitter(self._save_events)
        self._known_periods: dict[UUID, tuple[int, Period]] = {}  # programme id → (version, period)
        super().__init__(env)
        self.cache.start(self._head())

    def construct_transcoder(self) -> JSONTranscoder:
        """The library's JSON, its encoder made once (services/store_codec.py)."""
        transcoder = StoreTranscoder()
        self.register_transcodings(transcoder)
        return transcoder

    def construct_mapper(self) -> Mapper[UUID]:
        return self.factory.mapper(transcoder=self.construct_transcoder(), mapper_class=StoreMapper)

    def register_transcodings(self, transcoder: JSONTranscoder) -> None:
        super().register_transcodings(transcoder)
        register_all(transcoder, self.sealer)

    @property
    def _batch(self) -> dict[UUID, Aggregate] | None:
        """The calling thread's open batch, if any."""
        return self._state.batch

    def use_committer(self, committer: Committer | None) -> Committer:
        """Plug in a committer (None: the direct one); returns the one it replaces."""
        previous = self.committer
        self.committer = committer or DirectCommitter(self._save_events)
        return previous

    def _save_events(self, *events: Any, **kwargs: Any) -> None:
        """`save` looked up at call time, so a wrapper set on the instance still applies."""
        self.save(*events, **kwargs)

    def save(
        self,
        *objs: MutableOrImmutableAggregate[UUID] | DomainEventProtocol[UUID] | None,
        **kwargs: Any,
    ) -> list[Recording[UUID]]:
        """The library's `save`, telling the cache what was stored (the position moves on
        without a read). Events alone skip the library's check of each object against a
        runtime Protocol (about a tenth of a command's CPU, profiled): they are events."""
        if not all(isinstance(o, DomainEvent) for o in objs):
            recordings = super().save(*objs, **kwargs)
        else:
            processing: ProcessingEvent[UUID] = ProcessingEvent()
            processing.events.extend(objs)  # type: ignore[arg-type]  # events, checked above
            processing.saved_kwargs.update(kwargs)
            recordings = self._record(processing)
            self._take_snapshots(processing)
            self._notify(recordings)
            self.notify(processing.events)  # as the library does
        self.cache.saved(
            (r.notification.id, r.notification.originator_id, r.notification.originator_version)
            for r in recordings
        )
        return recordings

    # -- the cache's position -------------------------------------------------------------
    def _head(self) -> int:
        return self.recorder.max_notification_id() or 0

    def _stored_between(self, after: int, upto: int) -> Iterator[tuple[UUID | str, int]]:
        """(aggregate id, version) of the records after `after` up to `upto` (not decoded).

        An erasure stored by another process empties this one's cache: its cached aggregates
        hold her values decrypted, and crypto-shredding must not leave them in a live worker."""
        erased = False
        for n in self.recorder.select_notifications(after + 1, upto - after, stop=upto):
            erased = erased or n.topic == ERASED_TOPIC
            yield n.originator_id, n.originator_version
        if erased:
            self.cache.clear()

    def _sync(self) -> None:
        """Bring the command cache to the log's head: one indexed read when nobody else wrote.

        The position is read first: every record it counts was stored before the head is read,
        so a head below it means records are gone (a store restored from a backup), and the
        cache trusts nothing. A position that moves on after the head was read is this
        process's own save (another request's group commit): not a loss, nothing dropped."""
        if self.cache.maxsize > 0:
            position = self.cache.position
            head = self._head()
            if position is not None and head < position:
                self.cache.restart(head)
            else:
                self.cache.sync(head, self._stored_between)

    def _unread_head(self) -> int | None:
        """The position a command may be decided at without reading the store, if any: the
        store must check it at the write (`checks_head`), and the command be saved alone."""
        if (
            self.cache.maxsize <= 0
            or not self._saved_alone()
            or not getattr(self.recorder, "checks_head", False)
        ):
            return None
        return self.cache.position

    def _saved_alone(self) -> bool:
        """A command is stored in a transaction of its own (no batch, the direct committer):
        only then may it skip the repeat look-up and the store read before its write."""
        return self._batch is None and isinstance(self.committer, DirectCommitter)

    # -- loading --------------------------------------------------------------------------
    def _load(self, aggregate_id: UUID, cls: type[A], what: str) -> A:
        batch = self._batch
        if batch is not None and aggregate_id in batch:
            found: Any = batch[aggregate_id]
        else:
            found = self._fetch(aggregate_id, what)
        if not isinstance(found, cls):
            raise NotFound(f"no {what} with id {aggregate_id}", field=f"{what}_id")
        return found

    def _fetch(self, aggregate_id: UUID, what: str) -> Any:
        """Inside a command: from the cache (current since the command's sync, or fast-forwarded
        if marked behind); otherwise replayed from the store."""
        loaded, taken = self._state.loaded, self._state.taken
        cached, behind = None, False
        if loaded is not None and taken is not None:
            cached, behind = self.cache.take(aggregate_id)
            taken.append(aggregate_id)
        if cached is not None:
            found = cached
            if behind:
                newer = self.repository.event_store.get(aggregate_id, gt=cached.version)
                found = replay(cached, newer)
        else:
            try:
                found = self.repository.get(aggregate_id, projector_func=replay)
            except AggregateNotFoundError:
                raise NotFound(f"no {what} with id {aggregate_id}", field=f"{what}_id") from None
        if loaded is not None and isinstance(found, self.cached_types):
            loaded.append(found)
        return found

    def _exists(self, aggregate_id: UUID) -> bool:
        batch = self._batch
        if batch is not None and aggregate_id in batch:
            return True
        return self.recorder.select_events(aggregate_id, limit=1) != []

    @staticmethod
    def _check_version(aggregate: Aggregate, expected_version: int | None) -> None:
        if expected_version is not None and aggregate.version != expected_version:
            raise ConcurrencyConflict(
                f"expected version {expected_version}, the record is at {aggregate.version}",
                field="expected_version",
            )

    # -- executing commands ---------------------------------------------------------------
    def _prior(self, meta: Meta, command: str) -> CommandResult | None:
        record_id = command_record_id(meta.command_id)
        if not self._exists(record_id):
            return None
        record = self._load(record_id, CommandRecord, "command")
        if record.command_name != command:
            raise IdempotencyKeyReused(
                "this command id was already used for another command", field="command_id"
            )
        if None not in (record.request_hash, meta.request_hash) and (
            record.request_hash != meta.request_hash
        ):
            raise IdempotencyKeyReused(
                "this command id was already used for a different request", field="command_id"
            )
        return CommandResult(UUID(record.aggregate_id), record.result_version, replayed=True)

    def _execute(
        self, command: str, meta: Meta, occurred_on: date, action: Callable[[], list[Aggregate]]
    ) -> CommandResult:
        """Run `action` (which loads and mutates aggregates, the first being the subject).

        A repeat answers as the first run did; a new command's business date must not be after
        the clock's today (every command's `occurred_on` passes here, so none escapes the rule).
        A repeat is not looked up first: its command record would conflict with the stored one
        and nothing would be written, so the record is read only when the command fails (a
        repeat may also fail a rule the first run passed). A batch is saved only at its end, so
        there a repeat must be recognised first.
        """
        check_permission(command, meta.actor_role)
        if not self._saved_alone():
            # A batch is saved at its end, and a group committer shares one transaction among
            # many commands: a repeat's conflicting record would fail the whole group and send
            # every command in it to the store again one by one (retries come exactly when the
            # server is slow). Both look the repeat up first.
            prior = self._prior(meta, command)
            if prior is not None:
                return prior
            check_not_future(occurred_on, self.clock.today())
            return self._run(command, meta, occurred_on, action)
        try:
            check_not_future(occurred_on, self.clock.today())
            return self._run(command, meta, occurred_on, action)
        except Exception:
            prior = self._prior(meta, command)
            if prior is None:
                raise
            return prior

    def _run(
        self, command: str, meta: Meta, occurred_on: date, action: Callable[[], list[Aggregate]]
    ) -> CommandResult:
        """Decide and commit with the cache, at first without reading the store if it can
        check at the write that nothing was stored since the cache was current. If something
        was (nothing is written then), or the unread attempt failed (a rule refused it, or a
        version conflicted) while something was, the refusal may come from a stale state:
        read what changed and decide again, as every command does otherwise."""
        nested = self._state.loaded is not None
        head = None if nested else self._unread_head()
        if head is not None:
            try:
                return self._attempt(command, meta, occurred_on, action, head=head, sync=False)
            except StoreMovedOn:
                pass  # another writer stored something: what this attempt took is dropped
            except Exception:
                if self._head() == head:  # decided on the current state: the refusal stands
                    raise
        return self._attempt(command, meta, occurred_on, action, head=None, sync=not nested)

    def _attempt(
        self,
        command: str,
        meta: Meta,
        occurred_on: date,
        action: Callable[[], list[Aggregate]],
        *,
        head: int | None,
        sync: bool,
    ) -> CommandResult:
        """One decision and commit; what it took from the cache is given back only if stored."""
        state = self._state
        outer = state.loaded, state.taken, state.head
        state.loaded, state.taken, state.head = [], [], head
        try:
            if sync:
                self._sync()
            result = self._decide_and_commit(command, meta, occurred_on, action)
            # Stored: what this command loaded is current, and may decide the next one.
            for aggregate in state.loaded:
                self.cache.put(aggregate)
            return result
        finally:
            if state.held is not None:  # in a batch: released when it is saved
                state.held.extend(state.taken)
            else:
                for aggregate_id in state.taken:
                    self.cache.release(aggregate_id)
            state.loaded, state.taken, state.head = outer

    def _decide_and_commit(
        self, command: str, meta: Meta, occurred_on: date, action: Callable[[], list[Aggregate]]
    ) -> CommandResult:
        aggregates = action()
        subject = aggregates[0]
        record_id = command_record_id(meta.command_id)
        record = CommandRecord._create(
            CommandRecord.Recorded,
            id=record_id,
            meta=meta,
            occurred_on=occurred_on,
            command_name=command,
            aggregate_id=subject.id.hex,
            version=subject.version,
        )
        try:
            self._commit([*aggregates, record])
        except ConcurrencyConflict:
            # What it loaded was decided on a stale state: none of it may go back to the cache.
            if self._state.loaded is not None:
                self._state.loaded.clear()
            # A repeat of this very command may have won the race: then answer as its repeat.
            prior = self._prior(meta, command)
            if prior is None:
                raise
            return prior
        return CommandResult(subject.id, subject.version)

    def _commit(self, aggregates: list[Aggregate]) -> None:
        batch = self._batch
        if batch is not None:
            for aggregate in aggregates:
                batch[aggregate.id] = aggregate
            return
        events = [event for a in aggregates for event in a.collect_events()]
        head, committer = self._state.head, self.committer
        if head is None:
            committer.commit(events)
        elif isinstance(committer, DirectCommitter):
            committer.commit(events, expected_head=head)
        else:  # the committer was swapped meanwhile: decide again, having read the store
            raise StoreMovedOn("the command was decided unread and cannot be checked")

    @contextmanager
    def batch(self) -> Iterator[None]:
        """Save the events of many commands in one transaction (bulk loads, the simulator).

        Commands inside see each other's effects; nothing is stored unless the block completes.
        The batch is the calling thread's: commands of other threads are not swept into it.
        """
        if self._batch is not None:
            yield
            return
        self._state.batch, self._state.held = {}, []
        held = self._state.held
        try:
            try:
                yield
                pending = list(self._state.batch.values())
            finally:
                self._state.batch, self._state.held = None, None
            self._commit(pending)
            for aggregate in pending:
                if isinstance(aggregate, self.cached_types):
                    self.cache.put(aggregate)
        finally:
            for aggregate_id in held:
                self.cache.release(aggregate_id)

    # -- reading --------------------------------------------------------------------------
    def aggregate_at(self, aggregate_id: UUID, version: int | None = None) -> Any:
        """The record at `version` (None: now). A version it never reached is not found: the
        library would answer with the latest state, which is not the state that was asked for."""
        try:
            found = self.repository.get(aggregate_id, version=version, projector_func=replay)
        except AggregateNotFoundError:
            raise NotFound(f"no record with id {aggregate_id}") from None
        if version is not None and found.version < version:
            raise NotFound(
                f"the record has {found.version} versions, not {version}", field="version"
            )
        return found
