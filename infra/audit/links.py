"""The link function of the hash chain, over the stored (encrypted) bytes of each record.

link_n = SHA-256(link_{n-1} ‖ notification id ‖ version ‖ len(state) ‖ originator id ‖ topic ‖
state), with the variable parts length-prefixed so no two different records encode to the same
bytes. Hashing the stored ciphertext, not the decoded event, is what lets crypto-shredding (a
destroyed data key) leave the chain intact: the bytes in the log never change.

`chain_page` is the same function unrolled over a page of records: verification must run at
a good fraction of the raw read rate, so the per-record work is kept to one hash call.
"""

from __future__ import annotations

import hashlib
import struct
from collections.abc import Sequence
from typing import Any
from uuid import UUID

GENESIS = hashlib.sha256(b"percorsi:audit-chain:v1").digest()
_HEAD = struct.Struct(">QQQH")


def _prefixed(data: bytes) -> bytes:
    return len(data).to_bytes(2, "big") + data


def originator_bytes(originator_id: Any) -> bytes:
    if isinstance(originator_id, UUID):
        return originator_id.bytes
    return str(originator_id).encode()


def link(
    previous: bytes,
    notification_id: int,
    originator_id: Any,
    version: int,
    topic: str,
    state: bytes,
) -> bytes:
    """The next link of the chain for one stored record."""
    oid = originator_bytes(originator_id)
    return hashlib.sha256(
        b"".join(
            (
                previous,
                _HEAD.pack(notification_id, version, len(state), len(oid)),
                oid,
                _prefixed(topic.encode()),
                state,
            )
        )
    ).digest()


def chain_page(previous: bytes, records: Sequence[Any], topics: dict[str, bytes]) -> list[bytes]:
    """Links for a page of notifications, continuing from `previous` (same result as `link`).

    `topics` caches each topic's encoded, length-prefixed bytes between pages.
    """
    sha, pack, join = hashlib.sha256, _HEAD.pack, b"".join
    out: list[bytes] = []
    append = out.append
    for n in records:
        topic = topics.get(n.topic)
        if topic is None:
            topic = topics[n.topic] = _prefixed(n.topic.encode())
        oid = n.originator_id
        oid = oid.int.to_bytes(16, "big") if type(oid) is UUID else originator_bytes(oid)
        state = n.state
        previous = sha(
            join(
                (
                    previous,
                    pack(n.id, n.originator_version, len(state), len(oid)),
                    oid,
                    topic,
                    state,
                )
            )
        ).digest()
        append(previous)
    return out
