"""The Audit page words what the chain check found in the reader's language (no English line
on the Italian page): findings and warnings travel as codes from infra/audit to the dashboard."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from dashboard.components.audit_status import chain_alert
from dashboard.ports import ChainStatus
from infra.audit.chain import extend
from infra.audit.dashboard_ports import chain_status_port
from infra.bootstrap import Runtime
from tests.integration.audit_support import story
from tests.integration.raw_log import RawLog
from tests.integration.test_audit_incremental import flip_a_byte, nid_at
from tests.integration.test_audit_page_background import settled


def words(status: ChainStatus, lang: str) -> str:
    return " ".join(str(x) for x in _texts(chain_alert(status, lang)))


def _texts(node: object) -> Iterator[str]:
    if isinstance(node, str):
        yield node
        return
    if isinstance(node, list | tuple):
        for item in node:
            yield from _texts(item)
        return
    children = getattr(node, "children", None)
    if children is not None:
        yield from _texts(children)


@pytest.fixture
def chained(runtime: Runtime) -> Runtime:
    story(runtime)
    extend(runtime, every=5)
    return runtime


def checked(runtime: Runtime) -> ChainStatus:
    """The full check's answer: the page starts it in the background and polls (ADR 0024)."""
    port = chain_status_port(runtime)
    assert port(full=True).pending
    return settled(port)[0]


def test_an_unchained_tail_is_a_warning_in_italian_and_in_english(chained: Runtime) -> None:
    story(chained, "Amina Diallo")  # saved after the chain's head: not chained yet
    status = checked(chained)
    assert status.ok and {w.code for w in status.warnings} >= {"unchained", "unverified"}
    it, en = words(status, "it"), words(status, "en")
    assert "non sono ancora nella catena" in it and "unchained" not in it
    assert "are not in the chain yet" in en
    assert "positions" not in it.lower() and "notification ids" not in it


def test_a_modified_record_is_named_in_the_readers_language(chained: Runtime) -> None:
    raw = RawLog(chained)
    try:
        flip_a_byte(raw, nid_at(chained, 3))
    finally:
        raw.close()
    status = checked(chained)
    assert not status.ok and status.finding is not None
    assert (status.finding.kind, status.finding.position) == ("modified", 3)
    it, en = words(status, "it"), words(status, "en")
    assert "Record modificato alla posizione 3" in it and "FALLITA" in it
    assert "Record modified at position 3" in en
    assert "record modified" not in it  # the checker's English headline is not shown
