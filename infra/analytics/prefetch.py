"""Pages of decoded events for the worker: read in this process, or on both cores.

Both sources read only the topics analytics use (`topics.READ`, filtered by the event store's
SQL) between the worker's position and a bound, and hand back `(events, end)`: the decoded
events of one page and the log position the page reaches. A page shorter than asked means the
store holds nothing more of those topics up to the bound, so `end` is the bound itself — the
tracking position then reaches the head even when the log ends with command records.

`SharedPages` splits the log into chunks of `CHUNK` ids and lets two processes read, decrypt
and decode them: a spawned reader process and this (folding) one. The fold stays in one thread,
in log order; reading and decoding need nothing from it. Each chunk is claimed once, through a
counter both processes share: the reader claims the next one whenever it is free, and this
process claims one whenever it would otherwise wait (while the reader starts, or when the
reader is the slower of the two: ADR 0021 measured it as the bottleneck at `large`). So the
work balances itself on a quiet machine and on a loaded one alike, with no ratio to tune.
The reader ships its chunks pickled compactly (decoding.py: only what the fold reads), at most
`depth` of them queued, and this process keeps at most `AHEAD` chunks it decoded early, so
memory stays bounded however far either runs ahead. The reader opens the event store with the
same settings and never reveals personal data.
"""

from __future__ import annotations

import gc
import logging
import multiprocessing
import queue
from typing import Any, Protocol

from eventsourcing.persistence import ApplicationRecorder

from ..settings import Settings
from .decoding import ProjectionDecoder, dumps, loads, pickler_table
from .topics import READ

Page = tuple[list[Any], int]  # decoded events, the log position the page reaches
CHUNK = 20_000  # log ids per chunk: about 10,000 events analytics read (half are commands)
AHEAD = 2  # chunks this process may decode ahead of the one it folds next
QUEUED = 24  # pickled chunks the reader may have waiting (≈ 1-2 MB each): enough to keep
# it decoding through the folding process's batch writes (seconds each at `large`)
_WAIT_SECONDS = 5.0  # between checks that the child is still alive
log = logging.getLogger("percorsi.analytics")


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


class SharedPages:
    """Chunks after `after` up to `bound`, each read and decoded by whichever process claims
    it first (a page is a whole chunk: a batch may exceed the worker's batch size by less than
    a chunk). `take=False` leaves every chunk to the reader (tests)."""

    def __init__(
        self,
        settings: Settings,
        local: LocalPages,
        after: int,
        bound: int,
        *,
        chunk: int = CHUNK,
        depth: int = QUEUED,
        take: bool = True,
    ) -> None:
        context = multiprocessing.get_context("spawn")
        self._queue: Any = context.Queue(maxsize=depth)
        self._claimed: Any = context.Value("q", 0)  # the next chunk nobody has claimed
        self.local, self.after, self.bound, self.chunk, self.take = local, after, bound, chunk, take
        self.chunks = chunk_count(after, bound, chunk)
        self._process = context.Process(
            target=_read_ahead,
            args=(settings.model_dump(), after, bound, chunk, self._claimed, self._queue),
            name="projection-reader",
            daemon=True,
        )
        self._process.start()
        self._early: dict[int, Page] = {}  # chunks this process decoded ahead of the fold
        self.position = after
        self.taken = self.received = 0  # chunks decoded here / by the reader (logged at close)

    def _span(self, index: int) -> tuple[int, int]:
        start = self.after + index * self.chunk
        return start, min(start + self.chunk, self.bound)

    def _decode_here(self, index: int) -> Page:
        start, end = self._span(index)
        events, _ = read_page(self.local.recorder, self.local.decoder, start, self.chunk, end)
        self.taken += 1
        return events, end

    def next_page(self, position: int, limit: int) -> Page:
        """The chunk starting at `position` (where the previous page ended); `limit` is not
        used: chunks are whole."""
        if position != self.position:
            raise RuntimeError(f"prefetched pages are at {self.position}, asked for {position}")
        if position >= self.bound:
            return [], position
        index = (position - self.after) // self.chunk
        early = self._early.pop(index, None)
        page = early if early is not None else self._wait_for(index)
        self.position = page[1]
        return page

    def _wait_for(self, index: int) -> Page:
        """Chunk `index` from the reader; rather than wait for it, decode it here if nobody has
        claimed it, or else a chunk ahead (kept for later); block only when neither is left."""
        while True:
            try:
                item: tuple[int, bytes, int] | str = self._queue.get_nowait()
            except queue.Empty:
                claimed = claim(self._claimed, self.chunks, index + AHEAD) if self.take else None
                if claimed == index:
                    return self._decode_here(index)
                if claimed is not None:
                    self._early[claimed] = self._decode_here(claimed)
                    continue
                try:
                    item = self._queue.get(timeout=_WAIT_SECONDS)
                except queue.Empty:
                    if not self._process.is_alive():
                        raise RuntimeError("the projection reader process died") from None
                    continue
            if isinstance(item, str):
                raise RuntimeError(f"the projection reader failed: {item}")
            found, data, end = item
            if found != index:  # the reader delivers its chunks in order, skipping ours
                raise RuntimeError(f"the projection reader sent chunk {found}, not {index}")
            self.received += 1
            return loads(data), end

    def close(self) -> None:
        log.info(
            "rebuild chunks decoded: %d by the folding process, %d by the reader process",
            self.taken,
            self.received,
        )
        if self._process.is_alive():
            self._process.terminate()
        self._process.join(timeout=10)
        self._queue.close()


def chunk_count(after: int, bound: int, chunk: int) -> int:
    """How many chunks of `chunk` ids cover the log ids after `after` up to `bound`."""
    return -(-(bound - after) // chunk) if bound > after else 0


def claim(counter: Any, chunks: int, most: int | None = None) -> int | None:
    """Claim the next chunk nobody has claimed (both processes share `counter`); None when
    every chunk is claimed, or the next one is beyond `most`."""
    with counter.get_lock():
        index: int = counter.value
        if index >= chunks or (most is not None and index > most):
            return None
        counter.value = index + 1
        return index


def _read_ahead(
    settings: dict[str, Any], after: int, bound: int, chunk: int, claimed: Any, out: Any
) -> None:
    from ..bootstrap import build

    gc.disable()  # decoded pages are freed by reference counting; no cycles to look for
    try:
        runtime = build(Settings(**settings), reveal=False, load_catalogue=False)
        try:
            decoder = ProjectionDecoder(runtime.app.mapper)
            table = pickler_table(decoder.enums)
            chunks = chunk_count(after, bound, chunk)
            while (index := claim(claimed, chunks)) is not None:
                start = after + index * chunk
                end = min(start + chunk, bound)
                events, _ = read_page(runtime.app.recorder, decoder, start, chunk, end)
                out.put((index, dumps(events, table), end))
        finally:
            runtime.close()
    except Exception as error:  # the parent raises it; the message names no personal data
        out.put(f"{type(error).__name__}: {error}")
