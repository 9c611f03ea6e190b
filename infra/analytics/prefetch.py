"""Reading and decrypting the log on the second core, ahead of the fold.

A rebuild is bounded by decoding (ADR 0018): reading a page, decrypting each event (AES) and
turning its JSON into an event object. The fold must stay in one thread, in log order, but the
first two steps need nothing from it. A spawned child reads the pages from `after` to `stop`
and decrypts the events analytics read; the parent receives plaintext states (bytes pickle
cheaply) and only parses and folds. The queue holds at most `depth` pages, so memory stays
bounded however far the child runs ahead.

Opt-in (`rebuild(parallel_decode=True)`): measured on `demo` (ADR 0018), it took 10-20 % of
the CPU off the folding process but the reader spent as much again (it reads, builds and
pickles every notification; the parent rebuilds them), so it pays only on an idle core.

The child opens the event store with the same settings (it needs the cipher key, never the key
store: personal values stay sealed inside the plaintext state, as in the worker itself).
"""

from __future__ import annotations

import multiprocessing
import queue
from typing import Any

from eventsourcing.application import Application
from eventsourcing.persistence import Mapper, Notification

from ..bootstrap import event_store_env
from ..settings import Settings

Row = tuple[int, str, Any, int, bytes]  # id, topic, originator id, version, plaintext state
_WAIT_SECONDS = 600.0  # a page of a busy store can be slow; a dead child is noticed sooner


class _Reader(Application[Any]):
    """Only its recorder and cipher are used; named so PostgreSQL finds the same tables."""

    name = "Percorsi"


def plain_mapper(mapper: Mapper[Any]) -> Mapper[Any]:
    """The application's mapper without cipher and compressor: for states already decrypted."""
    return Mapper(transcoder=mapper.transcoder)


class PrefetchedPages:
    """Pages of notifications after `after` up to `stop`, read and decrypted by a child."""

    def __init__(self, settings: Settings, after: int, stop: int, page: int, depth: int = 4):
        context = multiprocessing.get_context("spawn")
        self._queue: Any = context.Queue(maxsize=depth)
        self._process = context.Process(
            target=_read_ahead,
            args=(settings.model_dump(), after, stop, page, self._queue),
            name="projection-reader",
            daemon=True,
        )
        self._process.start()
        self.position = after
        self.finished = False

    def next_page(self, position: int) -> list[Notification]:
        """The page after `position` (which must be where the previous page ended)."""
        if position != self.position:
            raise RuntimeError(f"prefetched pages are at {self.position}, asked for {position}")
        if self.finished:
            return []
        while True:
            try:
                rows: list[Row] | str | None = self._queue.get(timeout=5)
                break
            except queue.Empty:
                if not self._process.is_alive():
                    raise RuntimeError("the projection reader process died") from None
        if isinstance(rows, str):
            raise RuntimeError(f"the projection reader failed: {rows}")
        if not rows:
            self.finished = True
            return []
        self.position = rows[-1][0]
        return [
            Notification(id=i, topic=t, originator_id=o, originator_version=v, state=s)
            for i, t, o, v, s in rows
        ]

    def close(self) -> None:
        if self._process.is_alive():
            self._process.terminate()
        self._process.join(timeout=10)
        self._queue.close()


def _read_ahead(settings: dict[str, Any], after: int, stop: int, page: int, out: Any) -> None:
    from .worker import wanted

    try:
        reader = _Reader(env=event_store_env(Settings(**settings)))
        try:
            cipher, compressor = reader.mapper.cipher, reader.mapper.compressor
            position = after
            while True:
                found = reader.recorder.select_notifications(
                    position, page, stop=stop, inclusive_of_start=False
                )
                rows: list[Row] = []
                for n in found:
                    state = b""
                    if wanted(n.topic):
                        state = cipher.decrypt(n.state) if cipher else n.state
                        state = compressor.decompress(state) if compressor else state
                    rows.append((n.id, n.topic, n.originator_id, n.originator_version, state))
                out.put(rows)
                if not rows:
                    return
                position = rows[-1][0]
        finally:
            reader.close()
    except Exception as error:  # the parent raises it; the message names no personal data
        out.put(f"{type(error).__name__}: {error}")
