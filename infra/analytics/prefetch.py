"""Pages of decoded events for the worker: read in this process, or on the second core.

Both sources read only the topics analytics use (`topics.READ`, filtered by the event store's
SQL) between the worker's position and a bound, and hand back `(events, end)`: the decoded
events of one page and the log position the page reaches. A page shorter than asked means the
store holds nothing more of those topics up to the bound, so `end` is the bound itself — the
tracking position then reaches the head even when the log ends with command records.

`PrefetchedPages` runs the reading, decryption and decoding in a spawned child; the fold must
stay in one thread, in log order, but those steps need nothing from it. The child pickles the
decoded events compactly (decoding.py) and the parent only unpickles and folds. The queue holds
at most `depth` pages, so memory stays bounded however far the child runs ahead. The child
opens the event store with the same settings and never reveals personal data.
"""

from __future__ import annotations

import gc
import multiprocessing
import queue
from typing import Any, Protocol

from eventsourcing.persistence import ApplicationRecorder

from ..settings import Settings
from .decoding import ProjectionDecoder, dumps, loads, pickler_table
from .topics import READ

Page = tuple[list[Any], int]  # decoded events, the log position the page reaches
_WAIT_SECONDS = 5.0  # between checks that the child is still alive


class Pages(Protocol):
    def next_page(self, position: int, limit: int) -> Page: ...

    def close(self) -> None: ...


def read_page(
    recorder: ApplicationRecorder, decoder: ProjectionDecoder, after: int, limit: int, bound: int
) -> Page:
    """The events analytics read after `after`, at most `limit`, up to `bound` inclusive."""
    if after >= bound:
        return [], after
    found = recorder.select_notifications(
        after, limit, stop=bound, topics=READ, inclusive_of_start=False
    )
    end = found[-1].id if len(found) >= limit else bound
    return [decoder.decode(n) for n in found], end


class LocalPages:
    """Pages read and decoded in this process (one core)."""

    def __init__(self, recorder: ApplicationRecorder, decoder: ProjectionDecoder, bound: int):
        self.recorder, self.decoder, self.bound = recorder, decoder, bound

    def next_page(self, position: int, limit: int) -> Page:
        return read_page(self.recorder, self.decoder, position, limit, self.bound)

    def close(self) -> None:
        pass


class PrefetchedPages:
    """Pages after `after` up to `bound`, read and decoded by a child process (whole pages of
    `page` events: a batch may then exceed the worker's batch size by less than a page)."""

    def __init__(self, settings: Settings, after: int, bound: int, page: int, depth: int = 4):
        context = multiprocessing.get_context("spawn")
        self._queue: Any = context.Queue(maxsize=depth)
        self._process = context.Process(
            target=_read_ahead,
            args=(settings.model_dump(), after, bound, page, self._queue),
            name="projection-reader",
            daemon=True,
        )
        self._process.start()
        self.position = after
        self.bound = bound

    def next_page(self, position: int, limit: int) -> Page:
        """The page after `position` (which must be where the previous page ended)."""
        if position != self.position:
            raise RuntimeError(f"prefetched pages are at {self.position}, asked for {position}")
        if position >= self.bound:
            return [], position
        while True:
            try:
                item: tuple[bytes, int] | str = self._queue.get(timeout=_WAIT_SECONDS)
                break
            except queue.Empty:
                if not self._process.is_alive():
                    raise RuntimeError("the projection reader process died") from None
        if isinstance(item, str):
            raise RuntimeError(f"the projection reader failed: {item}")
        data, self.position = item
        return loads(data), self.position

    def close(self) -> None:
        if self._process.is_alive():
            self._process.terminate()
        self._process.join(timeout=10)
        self._queue.close()


class HeadStart:
    """This process reads the first stretch of the log itself (up to `split`) while the
    reader process starts (spawning and importing take seconds), then takes its pages."""

    def __init__(self, local: LocalPages, ahead: PrefetchedPages) -> None:
        self.local, self.ahead = local, ahead

    def next_page(self, position: int, limit: int) -> Page:
        if position < self.local.bound:
            return self.local.next_page(position, limit)
        return self.ahead.next_page(position, limit)

    def close(self) -> None:
        self.ahead.close()


def _read_ahead(settings: dict[str, Any], after: int, bound: int, page: int, out: Any) -> None:
    from ..bootstrap import build

    gc.disable()  # decoded pages are freed by reference counting; no cycles to look for
    try:
        runtime = build(Settings(**settings), reveal=False, load_catalogue=False)
        try:
            decoder = ProjectionDecoder(runtime.app.mapper)
            table = pickler_table(decoder.enums)
            position = after
            while position < bound:
                events, position = read_page(runtime.app.recorder, decoder, position, page, bound)
                out.put((dumps(events, table), position))
        finally:
            runtime.close()
    except Exception as error:  # the parent raises it; the message names no personal data
        out.put(f"{type(error).__name__}: {error}")
