"""The link function of the hash chain, over the stored (encrypted) bytes of each record.

link_n = SHA-256(link_{n-1} ‖ notification id ‖ originator id ‖ version ‖ topic ‖ state), each
part length-prefixed so no two different records can encode to the same bytes. Hashing the
stored ciphertext, not the decoded event, is what lets crypto-shredding (a destroyed data key)
leave the chain intact: the bytes in the log never change.
"""

from __future__ import annotations

import hashlib
import struct
from typing import Any
from uuid import UUID

GENESIS = hashlib.sha256(b"percorsi:audit-chain:v1").digest()
_HEAD = struct.Struct(">QQH")


def originator_bytes(originator_id: Any) -> bytes:
    return originator_id.bytes if isinstance(originator_id, UUID) else str(originator_id).encode()


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
    name = topic.encode()
    return hashlib.sha256(
        b"".join(
            (
                previous,
                _HEAD.pack(notification_id, version, len(oid)),
                oid,
                len(name).to_bytes(2, "big"),
                name,
                len(state).to_bytes(8, "big"),
                state,
            )
        )
    ).digest()
