"""How events become stored records: the library's JSON and mapper, without per-call set-up.

The library's `JSONTranscoder.encode` goes through `json.JSONEncoder.encode`, which builds a new
C encoder (and a Python closure for floats it then does not use) for every record, and its
`Mapper.to_stored_event` looks the event class's topic and version up each time. A command
stores two records; this set-up was about a tenth of their encoding (ADR 0026, second pass).

These produce the same bytes as the library's (same separators, no ASCII escaping, the same
transcodings through the same `default` hook), so every reader, ours or the library's, reads
them; only the work per record is less. Decoding is the library's.
"""

from __future__ import annotations

from json import encoder as json_encoder
from typing import Any
from uuid import UUID

from eventsourcing.domain import DomainEventProtocol
from eventsourcing.persistence import JSONTranscoder, Mapper, StoredEvent
from eventsourcing.utils import get_topic

_make_c_encoder: Any = getattr(json_encoder, "c_make_encoder", None)  # None without _json


class StoreTranscoder(JSONTranscoder):
    """`JSONTranscoder` whose encoder is made once (the C one, when Python has it)."""

    def __init__(self) -> None:
        super().__init__()
        plain = self.encoder
        self._encode_with: Any = None
        if _make_c_encoder is not None and plain.indent is None:
            # As `JSONEncoder.iterencode` makes it for a one-shot encode, with one
            # difference: no circular-reference markers (a fresh dict per call would be
            # needed). An event's state is a tree of values; a cycle would end in
            # RecursionError instead of ValueError, and nothing would be stored either way.
            self._encode_with = _make_c_encoder(
                None,
                plain.default,
                json_encoder.encode_basestring,  # ensure_ascii=False, as the library's
                None,
                plain.key_separator,
                plain.item_separator,
                plain.sort_keys,
                plain.skipkeys,
                plain.allow_nan,
            )

    def encode(self, obj: Any) -> bytes:
        encode = self._encode_with
        if encode is None or not isinstance(obj, dict):
            return super().encode(obj)
        return "".join(encode(obj, 0)).encode("utf8")


class StoreMapper(Mapper[UUID]):
    """The library's mapper; an event class's topic and version are looked up once."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._classes: dict[type, tuple[str, int]] = {}

    def to_stored_event(self, domain_event: DomainEventProtocol[UUID]) -> StoredEvent:
        cls = type(domain_event)
        found = self._classes.get(cls)
        if found is None:
            found = self._classes[cls] = (get_topic(cls), getattr(cls, "class_version", 1))
        topic, class_version = found
        state = dict(vars(domain_event))
        originator_id = state.pop("originator_id")
        originator_version = state.pop("originator_version")
        if class_version > 1:
            state["class_version"] = class_version
        stored = self.transcoder.encode(state)
        if self.compressor:
            stored = self.compressor.compress(stored)
        if self.cipher:
            stored = self.cipher.encrypt(stored)
        return StoredEvent(
            originator_id=originator_id,
            originator_version=originator_version,
            topic=topic,
            state=stored,
        )
