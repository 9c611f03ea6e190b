"""Stored records → the domain's own event objects, for the projection only, at about half the
library mapper's cost; and a compact pickling of those events for the reader process.

The library's mapper (`Mapper.to_domain_event`) decodes every JSON object through a Python
hook that looks each value's transcoding up and calls it: vocabularies through `Enum.__call__`,
the command's `Meta` through a dataclass constructor, sealed personal values through the key
store. Profiled on a rebuild (ADR 0018, 0021) that was ≈ 40 % of the time. This decoder keeps
the same stored format, the same event classes and the same upcasting (`class_version` and the
classes' `upcast_vN_vN+1`), but:

- vocabularies are looked up in their value map (a dict), dates and datetimes by the C
  constructors;
- what no analytic row reads is not built: `meta` (who recorded it) and sealed personal values
  decode as None — the worker runs without personal data anyway (reveal=False), and loading a
  case's history for a reload still goes through the library's mapper.

The result is the event's class with the same attributes, so the fold reads it unchanged.
"""

from __future__ import annotations

import copyreg
import io
import json
import pickle
from collections.abc import Callable
from datetime import date, datetime
from enum import Enum
from typing import Any
from uuid import UUID

from eventsourcing.persistence import JSONTranscoder, Mapper, Notification
from eventsourcing.utils import resolve_topic

# Transcodings whose values no analytic row reads (ADR 0021): not built.
NOT_BUILT = ("meta", "personal_v1", "ptext_v1")


def _dropped(_data: Any) -> None:
    return None


def _enum_decoder(cls: type[Enum]) -> Callable[[Any], Enum]:
    members = cls._value2member_map_

    def decode(data: Any) -> Enum:
        try:
            return members[data]
        except KeyError:  # an alias or a `_missing_` rule: the class decides, as before
            return cls(data)

    return decode


class ProjectionDecoder:
    """Decrypts, decompresses and decodes stored records of the topics analytics read."""

    def __init__(self, mapper: Mapper[Any]) -> None:
        transcoder = mapper.transcoder
        if not isinstance(transcoder, JSONTranscoder):
            raise TypeError(f"the projection decoder reads JSON, not {type(transcoder).__name__}")
        self.cipher = mapper.cipher
        self.compressor = mapper.compressor
        decoders: dict[str, Callable[[Any], Any]] = {}
        self.enums: list[type[Enum]] = []
        for name, transcoding in transcoder.names.items():
            kind = getattr(transcoding, "type", None)
            if isinstance(kind, type) and issubclass(kind, Enum):
                decoders[name] = _enum_decoder(kind)
                self.enums.append(kind)
            else:
                decoders[name] = transcoding.decode
        decoders.update(date=date.fromisoformat, datetime_iso=datetime.fromisoformat)
        decoders.update(uuid_hex=UUID, **dict.fromkeys(NOT_BUILT, _dropped))

        def hook(value: dict[str, Any]) -> Any:
            name = value.get("_type_")
            if name is None or len(value) != 2:
                return value
            return decoders[name](value["_data_"])

        # The C scanner itself: the stored JSON is compact (no surrounding whitespace), so
        # `JSONDecoder.decode`'s two regex matches and Python frames are skipped.
        self._scan = json.JSONDecoder(object_hook=hook).scan_once  # type: ignore[attr-defined]
        self._classes: dict[str, tuple[type, int]] = {}

    def decode(self, notification: Notification) -> Any:
        """The domain event of one stored record (upcast to its class's current version)."""
        topic = notification.topic
        found = self._classes.get(topic)
        if found is None:
            cls = resolve_topic(topic)
            found = self._classes[topic] = (cls, getattr(cls, "class_version", 1))
        cls, class_version = found
        state = notification.state
        if self.cipher is not None:
            state = self.cipher.decrypt(state)
        if self.compressor is not None:
            state = self.compressor.decompress(state)
        try:
            values: dict[str, Any] = self._scan(state.decode("utf8"), 0)[0]
        except (StopIteration, ValueError) as error:  # the scanner's "no JSON value here"
            raise ValueError(
                f"stored event {notification.id} ({topic}) is not an event's JSON"
            ) from error
        values["originator_id"] = notification.originator_id
        values["originator_version"] = notification.originator_version
        version = values.pop("class_version", 1)
        while version < class_version:
            getattr(cls, f"upcast_v{version}_v{version + 1}")(values)
            version += 1
        event: Any = object.__new__(cls)
        object.__setattr__(event, "__dict__", values)
        return event


def _by_name(member: Enum) -> tuple[Any, tuple[type[Enum], str]]:
    return getattr, (type(member), member.name)


def _uuid(value: UUID) -> tuple[Callable[[bytes], UUID], tuple[bytes]]:
    return uuid_from_bytes, (value.bytes,)


_UUIDS: dict[bytes, UUID] = {}
_UUIDS_KEPT = 500_000  # ids remembered (≈ 60 MB at most); then forgotten and built anew


def uuid_from_bytes(data: bytes) -> UUID:
    """The UUID of 16 bytes, built once per id in this process: `UUID.__init__` is Python code
    (≈ 40 % of unpickling a page, profiled), and a case's id comes back with each of its
    events. UUIDs are immutable, so one object serves every event."""
    found = _UUIDS.get(data)
    if found is None:
        if len(_UUIDS) >= _UUIDS_KEPT:
            _UUIDS.clear()
        found = _UUIDS[data] = UUID(bytes=data)
    return found


def pickler_table(enums: list[type[Enum]]) -> dict[type, Any]:
    """Reducers that make decoded events cheap to pickle: a vocabulary member is its class and
    name (not `Enum.__call__` on the way back), a UUID its 16 bytes."""
    table: dict[type, Any] = dict(copyreg.dispatch_table)
    table[UUID] = _uuid
    for cls in enums:
        table[cls] = _by_name
    return table


# Attributes the fold never reads (projections/fold.py): left out of what the reader process
# ships, so neither process pickles or rebuilds them (a datetime, a list of vocabulary members,
# empty sealed values). An event read across the pipe lacks them; the fold reads none.
NOT_SHIPPED = ("timestamp", "meta", "originator_topic", "notes", "personal", "reasons", "needs")


def dumps(events: list[Any], table: dict[type, Any]) -> bytes:
    """The events for the folding process, without the attributes in NOT_SHIPPED (removed from
    these event objects themselves: the reader process drops them once shipped)."""
    for event in events:
        values = event.__dict__
        for name in NOT_SHIPPED:
            values.pop(name, None)
    buffer = io.BytesIO()
    pickler = pickle.Pickler(buffer, protocol=pickle.HIGHEST_PROTOCOL)
    pickler.dispatch_table = table
    pickler.dump(events)
    return buffer.getvalue()


def loads(data: bytes) -> list[Any]:
    """Events pickled by `dumps` in the reader process (trusted: our own child)."""
    events: list[Any] = pickle.loads(data)  # written by our own reader process
    return events
