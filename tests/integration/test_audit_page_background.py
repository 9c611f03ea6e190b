"""The Audit page never waits for a full check (ADR 0024): it runs in the background.

Real SQLite store, real chain, real marks; the page's port (infra/audit/dashboard_ports.py) and
the dashboard server's cache around it. Counted, never timed.
"""

from __future__ import annotations

import time
from typing import Any

from dashboard.components.audit_status import chain_alert
from dashboard.ports import ChainStatus
from infra.audit.chain import EVERY, extend
from infra.audit.dashboard_ports import chain_status_port
from infra.audit.incremental import mark_store, quick_check
from infra.audit.keeper import ChainKeeper
from infra.bootstrap import Runtime
from infra.dashboard_server import _cached
from infra.settings import Settings
from tests.integration.audit_support import story
from tests.integration.test_audit_incremental import STEP


def settled(port: Any, *, limit: float = 60.0) -> tuple[ChainStatus, int]:
    """Ask again, as the page's poll does, until the answer is no longer pending."""
    asked, deadline = 0, time.monotonic() + limit
    while time.monotonic() < deadline:
        status: ChainStatus = port()
        asked += 1
        if not status.pending:
            return status, asked
        time.sleep(0.05)
    raise AssertionError("the background check never finished")


def test_without_a_mark_the_page_answers_pending_then_the_full_result_then_quick(
    runtime: Runtime,
) -> None:
    story(runtime)
    story(runtime, "Amina Diallo")
    extend(runtime, every=STEP)
    assert mark_store(runtime).latest() is None
    port = chain_status_port(runtime)
    first = port()
    assert first.pending and not first.ok  # answered at once, without the full check
    shown = chain_alert(first, "en")
    assert shown.id == "audit-chain-pending" and "Checking the whole log" in str(shown.children)
    done, _ = settled(port)
    assert done.ok and done.full and done.checked > 2 * STEP
    assert mark_store(runtime).latest("full") is not None  # the background check marked it
    quick = port()
    assert quick.ok and not quick.full and not quick.pending
    assert quick.rechecked < STEP and quick.verified_from == done.checked - done.checked % STEP


def test_the_full_verification_button_runs_in_the_background(runtime: Runtime) -> None:
    story(runtime)
    extend(runtime, every=STEP)
    port = chain_status_port(runtime)
    settled(port)  # the first full check, marked
    assert port(full=True).pending
    done, asked = settled(port)
    assert done.full and done.ok and done.rechecked == done.checked
    assert asked >= 1


def test_the_servers_cache_keeps_answers_but_never_a_pending_one(runtime: Runtime) -> None:
    story(runtime)
    extend(runtime, every=STEP)
    cached = _cached(chain_status_port(runtime), 600.0)
    assert cached().pending
    done, _ = settled(cached)
    assert done.ok and done.full
    again = cached()
    assert again is done  # kept for the time to live: no new check
    assert cached(full=True).pending  # the button always starts one
    assert settled(cached)[0].full


def test_the_keepers_first_round_leaves_a_mark_the_page_resumes_from(
    runtime: Runtime, settings: Settings
) -> None:
    story(runtime)
    extend(runtime, every=STEP)  # signed checkpoints (a mark is only ever placed on one)
    story(runtime, "Amina Diallo")
    keeper = ChainKeeper(settings, 0)
    keeper._step(runtime)  # extend, then the full check that no mark yet covers
    mark = mark_store(runtime).latest("full")
    assert mark is not None and mark.ok
    report = quick_check(runtime)
    assert report is not None and report.ok and report.mode == "incremental"
    assert report.rechecked < EVERY
    status = chain_status_port(runtime)()
    assert status.ok and not status.pending and not status.full
