"""The store's own encoding path writes what the library's would, and reads what it wrote.

`services/store_codec.py` (mapper, JSON encoder made once), `infra/crypto/store_cipher.py`
(AES-GCM kept per thread) and `command_record_id` (uuid5 without `uuid5`) are there only to cost
less (ADR 0026, second pass): every record must stay AES-GCM encrypted with a fresh nonce, in
the library's layout, its plaintext byte for byte the library's, and a command id must keep
naming the same record, or an old store's repeats would no longer be recognised.
"""

from __future__ import annotations

import re
import threading
from base64 import b64encode
from datetime import date
from uuid import NAMESPACE_URL, uuid5

import pytest
from eventsourcing.cryptography import AESCipher
from eventsourcing.persistence import JSONTranscoder, Mapper, TranscodingNotRegisteredError
from eventsourcing.utils import Environment

from domain.shared.case_vocabulary import ActivityKind
from infra.bootstrap import Runtime, build
from infra.crypto.store_cipher import StoreCipher
from infra.settings import Settings
from services.base import PercorsiApplication, command_record_id
from services.store_codec import StoreMapper, StoreTranscoder
from services.transcodings import register_all
from tests.casework import register_woman, take_in_charge
from tests.helpers import meta

DAY = date(2012, 5, 2)
PLACED = ("originator_id", "originator_version")  # stored in their own columns
SEALED = re.compile(rb'"_type_":"(personal_v1|ptext_v1)"')


def library_mapper(runtime: Runtime) -> Mapper:
    """The library's own mapper, transcoder and cipher with the runtime's key and types."""
    app = runtime.app
    transcoder = JSONTranscoder()
    super(PercorsiApplication, app).register_transcodings(transcoder)  # UUID, Decimal, datetime
    register_all(transcoder, app.sealer)
    assert app.mapper.cipher is not None
    key = b64encode(app.mapper.cipher.key).decode()  # type: ignore[attr-defined]
    return Mapper(transcoder=transcoder, cipher=AESCipher(Environment(env={"CIPHER_KEY": key})))


def test_the_store_writes_what_the_library_would_and_each_reads_the_other(
    sqlite_settings: Settings,
) -> None:
    runtime = build(sqlite_settings)
    try:
        app = runtime.app
        assert isinstance(app.mapper, StoreMapper)
        assert isinstance(app.mapper.transcoder, StoreTranscoder)
        assert isinstance(app.mapper.cipher, StoreCipher)
        case_id = take_in_charge(app, register_woman(app, DAY), "BILLAN2", DAY)
        app.record_activity(
            meta(), case_id, occurred_on=DAY, kind=ActivityKind.ORIENTATION, hours=2.5
        )
        library = library_mapper(runtime)
        records = app.recorder.select_notifications(1, 1_000)
        assert len(records) > 4
        byte_equal = 0
        for record in records:
            ours = app.mapper.to_domain_event(record)
            theirs = library.to_domain_event(record)  # the library decrypts and decodes ours
            assert vars(ours) == vars(theirs)
            again, by_library = app.mapper.to_stored_event(ours), library.to_stored_event(ours)
            assert (again.topic, again.originator_id) == (by_library.topic, record.originator_id)
            assert again.state != by_library.state  # both encrypted, each with its own nonce
            plain = app.mapper.cipher.decrypt(again.state)  # type: ignore[union-attr]
            decoded = library.transcoder.decode(plain)
            decoded.pop("class_version", None)  # the mapper adds it for upcasting, as ours
            assert decoded == {k: v for k, v in vars(ours).items() if k not in PLACED}
            if not SEALED.search(plain):  # sealed personal values differ by their own nonce
                byte_equal += 1
                assert plain == library.cipher.decrypt(by_library.state)  # type: ignore[union-attr]
            assert vars(app.mapper.to_domain_event(by_library)) == vars(ours)
        assert byte_equal >= 4  # the activity, its command record, the case's, the catalogue's
    finally:
        runtime.close()


def test_the_transcoder_writes_and_refuses_as_the_library() -> None:
    ours, theirs = StoreTranscoder(), JSONTranscoder()
    value = {"a": [1, 2.5, None, True, 'è \u2028 "q"'], "b": {"c": 1e300}}
    assert ours.encode(value) == theirs.encode(value)
    with pytest.raises(TranscodingNotRegisteredError):  # as the library's: nothing stored
        ours.encode({"s": {1}})


def test_the_cipher_uses_fresh_nonces_detects_tampering_and_serves_threads() -> None:
    key = AESCipher.create_key(32)
    ours, theirs = (cls(Environment(env={"CIPHER_KEY": key})) for cls in (StoreCipher, AESCipher))
    sealed = ours.encrypt(b"a record")
    assert sealed != ours.encrypt(b"a record")
    assert theirs.decrypt(sealed) == b"a record" == ours.decrypt(theirs.encrypt(b"a record"))
    tampered = sealed[:-1] + bytes([sealed[-1] ^ 1])
    with pytest.raises(ValueError, match="Invalid cipher tag"):
        ours.decrypt(tampered)
    with pytest.raises(ValueError):
        ours.decrypt(b"short")
    failures: list[BaseException] = []

    def work(n: int) -> None:
        try:
            for i in range(300):
                text = f"{n}:{i}".encode()
                assert theirs.decrypt(ours.encrypt(text)) == text
        except BaseException as error:  # reported by the main thread
            failures.append(error)

    threads = [threading.Thread(target=work, args=(n,)) for n in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert failures == []


# Fixed ids only: a random one would differ between xdist workers and stop the collection.
@pytest.mark.parametrize(
    "command_id", ["", "x", "abc-123", "è日本", "a" * 500, "67f210da-b2f0-421d-85f1-058bd36a6366"]
)
def test_a_command_id_names_the_same_record_as_before(command_id: str) -> None:
    expected = uuid5(NAMESPACE_URL, f"percorsi:command:{command_id}")
    found = command_record_id(command_id)
    assert found == expected
    assert (str(found), found.version, found.variant, hash(found)) == (
        str(expected),
        5,
        expected.variant,
        hash(expected),
    )
